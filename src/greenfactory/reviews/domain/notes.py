"""The district's per-indicator comments, shown to the enterprise beside its 自评表 rows."""

from ..models import DistrictReview, IndicatorComment


def district_comments(application) -> dict[int, list[str]]:
    """The comments of the latest decided pre-review — nothing once a later version was
    decided without comments."""
    latest = (
        DistrictReview.objects.filter(application=application, decided_at__isnull=False)
        .order_by("-version")
        .first()
    )
    if latest is None:
        return {}
    notes: dict[int, list[str]] = {}
    for comment in IndicatorComment.objects.filter(review=latest):
        notes.setdefault(comment.indicator_id, []).append(comment.comment)
    return notes
