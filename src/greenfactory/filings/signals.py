"""Signals for the apps above: they react without this app importing them (STYLE.md)."""

from django.dispatch import Signal

# Sent inside the submission's transaction with ``filing``: a receiver that starts background
# work does so with ``transaction.on_commit``.
filing_submitted = Signal()
