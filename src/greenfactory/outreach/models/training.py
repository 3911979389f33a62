"""Training events (培训) of the bureau and the enterprises' registrations for them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenfactory.core.codes import new_code


class TrainingEvent(models.Model):
    """One session with a date, a place and a number of seats, published on the public site."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(pgettext_lazy("training", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300)
    capacity = models.PositiveIntegerField(_("seats"))
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "recognition_trainingevent"
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("training event")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="training_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__lte=F("starts_at")),
                name="training_registration_closes_before_start",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_has_a_seat"),
        ]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """An enterprise's seat at an event; cancelling keeps the row and frees the seat."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    event = models.ForeignKey(TrainingEvent, on_delete=models.PROTECT, related_name="registrations")
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="training_registrations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendee_name = models.CharField(_("attendee"), max_length=64)
    attendee_phone = models.CharField(_("attendee's phone"), max_length=32)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        db_table = "recognition_registration"
        ordering = ["registered_at", "pk"]
        verbose_name = _("training registration")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "enterprise"],
                condition=Q(cancelled_at__isnull=True),
                name="one_active_registration_per_enterprise",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.event}"
