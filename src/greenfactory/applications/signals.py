"""Signals for the apps above: they react without this app importing them (STYLE.md)."""

from django.dispatch import Signal

# Sent inside the submission's transaction with ``application``: a receiver that starts
# background work does so with ``transaction.on_commit``.
application_submitted = Signal()
