"""Labels for values that core stores but higher apps define (roles), registered by those apps."""

ROLE_LABELS: dict = {}


def register_role_labels(choices) -> None:
    ROLE_LABELS.update(dict(choices))
