"""The in-app inbox and the outbox of e-mails. This app imports none of the others."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenfactory.core.codes import new_code


class Notification(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")

    def __str__(self) -> str:
        return self.subject


class OutboundEmail(models.Model):
    """An e-mail waiting to go, held for an officer's check, sent, or failed (and retried)."""

    class Status(models.TextChoices):
        HELD = "held", _("Held for checking")
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Discarded")

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    group = models.CharField(_("decision"), max_length=100, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("outbox")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
