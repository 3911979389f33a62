"""Yearly key-indicator filings (动态管理表) of a titled factory, in each state."""

from decimal import Decimal

import factory
from django.utils import timezone

from greenfactory.filings.enums import FilingState
from greenfactory.filings.models import AnnualFiling, FilingStatusChange

from .programme import BatchFactory
from .titles import TitleFactory


def filing_moved(filing, before, to, *, actor=None, reason="") -> FilingStatusChange:
    """The filing's history row, as the workflow writes it."""
    return FilingStatusChange.objects.create(
        filing=filing,
        from_state=before,
        to_state=to,
        actor=actor,
        reason=reason,
    )


class FilingFactory(factory.django.DjangoModelFactory):
    """A draft filing of last year's figures (1 000 000 kWh for 1 000 t of product, within the
    shipped benchmarks) by a factory holding a city title of its reference batch."""

    class Meta:
        model = AnnualFiling
        exclude = ("title",)
        skip_postgeneration_save = True

    reference_batch = factory.SubFactory(BatchFactory, year=2023, state="published")
    title = factory.SubFactory(
        TitleFactory, year=2023, batch=factory.SelfAttribute("..reference_batch")
    )
    enterprise = factory.SelfAttribute("title.enterprise")
    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    energy = factory.LazyFunction(lambda: {"electricity": "1000000"})
    output_quantity = Decimal(1000)
    output_unit = "t"
    output_value_10k_yuan = Decimal(5000)
    state = FilingState.DRAFT


class SubmittedFilingFactory(FilingFactory):
    """Submitted to the district bureau, nothing flagged."""

    state = FilingState.SUBMITTED
    first_submitted_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.SelfAttribute("first_submitted_at")

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            filing_moved(obj, FilingState.DRAFT, FilingState.SUBMITTED)


class AcceptedFilingFactory(SubmittedFilingFactory):
    state = FilingState.ACCEPTED
    reviewed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def decision(obj, create, extracted, **kwargs):
        if create:
            filing_moved(obj, FilingState.SUBMITTED, FilingState.ACCEPTED)


class ReturnedFilingFactory(SubmittedFilingFactory):
    state = FilingState.RETURNED
    reviewed_at = factory.LazyFunction(timezone.now)
    return_reason = "单位产品能耗与上年差异较大，请核实。"

    @factory.post_generation
    def decision(obj, create, extracted, **kwargs):
        if create:
            filing_moved(obj, FilingState.SUBMITTED, FilingState.RETURNED, reason=obj.return_reason)
