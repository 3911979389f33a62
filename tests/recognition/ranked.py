"""Batches whose applications have finished the expert review, made directly in the database
(the review steps themselves are tested in tests/reviews)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from greenfactory.applications.models import Application
from greenfactory.reviews.enums import AuditStatus
from greenfactory.reviews.models import ExpertResult, SiteAudit
from tests.factories import BatchFactory, EnterpriseFactory, region
from tests.factories.reviews import decide_rows


def reviewed_batch(scores, *, state="in_review", **batch_fields):
    """A batch with one reviewed application per score (recommended by its district, audited
    on site, three experts who agree); a score of None makes a district-rejected application.
    Returns the batch and its applications."""
    batch = BatchFactory(state=state, **batch_fields)
    applications = []
    start = timezone.now() - timedelta(days=60)
    for index, score in enumerate(scores):
        enterprise = EnterpriseFactory(district=region("320412" if index % 2 else "320411"))
        application = Application.objects.create(
            batch=batch,
            enterprise=enterprise,
            state="reviewed" if score is not None else "district_rejected",
            submitted_at=start + timedelta(hours=index),
        )
        decide_rows(application, "recommended" if score is not None else "rejected")
        if score is not None:
            SiteAudit.objects.create(
                application=application,
                version=application.version,
                scheduled_for=start,
                location="企业生产厂区",
                status=AuditStatus.COMPLETED,
                completed_at=start + timedelta(days=1),
            )
            sheet = {
                "expert": "x",
                "total": str(score),
                "eligible": True,
                "subtotals": {"1": "10"},
                "gate_failures": [],
                "unmet_required": [],
            }
            ExpertResult.objects.create(
                application=application,
                score=Decimal(str(score)),
                rule="mean",
                expert_count=3,
                totals=[sheet, sheet, sheet],
            )
        applications.append(application)
    return batch, applications
