from django_tasks import task

from greenfactory.applications.models import Application
from greenfactory.filings.models import AnnualFiling

from .domain.integrity.findings import find_application_signals, find_filing_signals


@task()
def find_signals_of_application(application_id: int) -> None:
    """The integrity signals of a submitted application (decisions §66)."""
    find_application_signals(Application.objects.get(pk=application_id))


@task()
def find_signals_of_filing(filing_id: int) -> None:
    """The integrity signals of a filed yearly filing (decisions §66)."""
    find_filing_signals(AnnualFiling.objects.get(pk=filing_id))
