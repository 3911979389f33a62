"""Signals for the apps above: they react without this app importing them (STYLE.md)."""

from django.dispatch import Signal

# Sent inside the audit's completion with ``application``: its findings are final. A receiver
# that starts background work does so with ``transaction.on_commit``.
site_audit_completed = Signal()
