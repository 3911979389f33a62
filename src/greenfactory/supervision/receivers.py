"""Integrity signals are found in the background once a submission (or an on-site audit
with its findings) is committed (decisions §66)."""

from django.db import transaction

from .tasks import find_signals_of_application, find_signals_of_filing


def find_for_application(sender, application, **kwargs):
    transaction.on_commit(lambda pk=application.pk: find_signals_of_application.enqueue(pk))


def find_for_filing(sender, filing, **kwargs):
    transaction.on_commit(lambda pk=filing.pk: find_signals_of_filing.enqueue(pk))
