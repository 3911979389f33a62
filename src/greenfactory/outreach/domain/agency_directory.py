"""The public directory of consulting agencies (咨询服务机构名录): each agency that
prepared at least one submitted application, with how those applications ended."""

from django.db.models import Count, F, Q, QuerySet

from greenfactory.accounts.models import Agency
from greenfactory.applications.enums import ApplicationState
from greenfactory.programme.enums import BatchState

SUBMITTED = Q(applications__submitted_at__isnull=False)
DESIGNATED = SUBMITTED & Q(applications__title__isnull=False)
REJECTED = SUBMITTED & Q(applications__state=ApplicationState.DISTRICT_REJECTED)
# Finished without a title: withdrawn after submission, or left out when the batch was published.
NOT_DESIGNATED = (
    SUBMITTED
    & Q(applications__title__isnull=True)
    & ~Q(applications__state=ApplicationState.DISTRICT_REJECTED)
    & (
        Q(applications__state=ApplicationState.WITHDRAWN)
        | Q(applications__batch__state=BatchState.PUBLISHED)
    )
)


def agency_directory() -> QuerySet[Agency]:
    """Agencies with ``submitted``, ``designated``, ``not_designated``, ``rejected`` and
    ``in_progress`` counts, in one query; only those with a submitted application, busiest
    first. The four outcomes add up to ``submitted``."""
    return (
        Agency.objects.annotate(
            submitted=Count("applications", filter=SUBMITTED),
            designated=Count("applications", filter=DESIGNATED),
            not_designated=Count("applications", filter=NOT_DESIGNATED),
            rejected=Count("applications", filter=REJECTED),
        )
        .filter(submitted__gt=0)
        .annotate(
            in_progress=F("submitted") - F("designated") - F("not_designated") - F("rejected")
        )
        .only("code", "name", "contact_person", "phone")
        .order_by("-submitted", "name")
    )
