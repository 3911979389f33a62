"""Signals for the apps above recognition (supervision, rewards), which must not be imported
here: they connect to these in their ``ready()``."""

from django.dispatch import Signal

# Sent inside the transaction that grants a title (designated here or imported from a higher
# list), with ``title`` and ``actor``: receivers write in the same transaction, so a failure
# undoes the grant.
title_granted = Signal()
