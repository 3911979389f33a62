"""The district's per-indicator comments, shown to the enterprise beside its 自评表 rows."""

from ..models import IndicatorComment


def district_comments(application) -> dict[int, list[str]]:
    """Comments of the latest decided review (what the enterprise is asked to revise)."""
    comments = IndicatorComment.objects.filter(
        review__application=application, review__decided_at__isnull=False
    ).order_by("-review__version")
    notes: dict[int, list[str]] = {}
    latest_version = None
    for comment in comments.select_related("review"):
        latest_version = latest_version or comment.review.version
        if comment.review.version == latest_version:
            notes.setdefault(comment.indicator_id, []).append(comment.comment)
    return notes
