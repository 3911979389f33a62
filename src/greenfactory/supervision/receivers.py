"""Integrity signals are found in the background once a submission is committed (§66)."""

from django.db import transaction

from .tasks import find_signals_of_application, find_signals_of_filing


def application_submitted(sender, application, **kwargs):
    transaction.on_commit(lambda pk=application.pk: find_signals_of_application.enqueue(pk))


def filing_submitted(sender, filing, **kwargs):
    transaction.on_commit(lambda pk=filing.pk: find_signals_of_filing.enqueue(pk))
