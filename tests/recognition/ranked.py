"""Batches whose applications have finished the expert review, made directly in the database
(the review steps themselves are tested in tests/reviews)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from greenfactory.applications.models import Application
from greenfactory.reviews.models import ExpertResult
from tests.factories import BatchFactory, EnterpriseFactory, region


def reviewed_batch(scores, *, state="in_review", **batch_fields):
    """A batch with one reviewed application per score (three experts who agree); a score of
    None makes a district-rejected application. Returns the batch and its applications."""
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
        if score is not None:
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
