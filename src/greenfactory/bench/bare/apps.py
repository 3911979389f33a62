from django.apps import AppConfig


class BareFloorConfig(AppConfig):
    """The bare floor's one model (``bench.bare_settings`` only): a bare Django page reads its
    rows with the ORM, so the bare floor does too, and the floors differ only by what the
    platform adds to every request."""

    name = "greenfactory.bench.bare"
    label = "bare_floor"
    default_auto_field = "django.db.models.BigAutoField"
