"""A new application starts from the one the enterprise withdrew in the same batch.

Withdrawing is final for that application (its state table has no way back), so what was
typed in it would otherwise be stranded: the new application takes a copy of its 申请表
(without the declaration, which is given again), its certifications, its 自评表 and its
performance data. Evidence files are not copied: they are uploaded again.
"""

from django.db import transaction

from greenfactory.core.domain.audit import record_event

from ..enums import ApplicationState
from ..models import Application, Certification, PerformanceYear, SelfEvaluation

CARRIED_FIELDS = (
    "products",
    "founded_on",
    "employees",
    "output_value",
    "contact_person",
    "contact_phone",
    "negative_list",
)


def _rows(model, rows, application):
    skip = {"id", "application"}
    names = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
    return [model(application=application, **{n: getattr(row, n) for n in names}) for row in rows]


@transaction.atomic
def carry_over_withdrawn(application: Application, *, actor) -> Application | None:
    """Copy into ``application`` (just started, still empty) the content of the enterprise's
    latest withdrawn application in the same batch; returns that one, or ``None``.

    Side effects: audit entry ``applications.application.carried_over`` naming the source.
    """
    withdrawn = (
        Application.objects.filter(
            batch_id=application.batch_id,
            enterprise_id=application.enterprise_id,
            state=ApplicationState.WITHDRAWN,
        )
        .exclude(pk=application.pk)
        .order_by("-pk")
        .first()
    )
    if withdrawn is None:
        return None
    for name in CARRIED_FIELDS:
        setattr(application, name, getattr(withdrawn, name))
    application.save(update_fields=CARRIED_FIELDS)
    Certification.objects.bulk_create(
        _rows(Certification, withdrawn.certifications.all(), application)
    )
    answers = SelfEvaluation.objects.bulk_create(
        _rows(SelfEvaluation, withdrawn.self_evaluations.all(), application)
    )
    years = PerformanceYear.objects.bulk_create(
        _rows(PerformanceYear, withdrawn.performance_years.all(), application)
    )
    record_event(
        "applications.application.carried_over",
        actor=actor,
        obj=application,
        changes={"from": withdrawn.code, "answers": len(answers), "years": len(years)},
    )
    return withdrawn
