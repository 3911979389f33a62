"""The registry's table seen by the bare project: the three columns the floor prints, no
migrations (``managed = False``: the platform's own migrations make the table)."""

from django.db import models


class Enterprise(models.Model):
    code = models.CharField(max_length=16)
    uscc = models.CharField(max_length=18)
    name = models.CharField(max_length=200)

    class Meta:
        managed = False
        db_table = "accounts_enterprise"

    def __str__(self):
        return self.name
