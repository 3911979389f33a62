"""The public notice (公示) of the decided list, and the objections (异议) raised against it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenfactory.core.codes import new_code
from greenfactory.programme.enums import NoticeDayKind, TitleGrade
from greenfactory.programme.programmes import grade_name

from ..enums import NoticeState, ObjectionState


class PublicNotice(models.Model):
    """The notice as published: its text, period and list are fixed when it opens."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    batch = models.OneToOneField(
        "programme.Batch", on_delete=models.CASCADE, related_name="public_notice"
    )
    title = models.CharField(pgettext_lazy("notice", "title"), max_length=200)
    body = models.TextField(_("notice text"))
    how_to_object = models.TextField(_("how to object"))
    starts_on = models.DateField(_("notice starts"))
    ends_on = models.DateField(_("notice ends"))
    days = models.PositiveIntegerField(_("length"))
    day_kind = models.CharField(_("days are"), max_length=16, choices=NoticeDayKind.choices)
    publish_scores = models.BooleanField(_("scores shown"))
    bureau_contact = models.CharField(_("contact for objections"), max_length=200, blank=True)
    discipline_contact = models.CharField(
        _("discipline-inspection contact (纪检监察)"), max_length=200, blank=True
    )
    state = models.CharField(
        _("state"), max_length=16, choices=NoticeState.choices, default=NoticeState.OPEN
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("public notice")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="notice_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class NoticeEntry(models.Model):
    """A factory on the notice, with the facts as they were published."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(_("number"))
    enterprise_name = models.CharField(_("enterprise"), max_length=200)
    district_name = models.CharField(_("district"), max_length=100)
    industry_name = models.CharField(_("industry"), max_length=200)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True)
    # The grade the party group decided for a zero-carbon factory (decisions §78), published
    # with it and granted at designation; empty otherwise.
    grade = models.CharField(
        _("grade"), max_length=16, choices=TitleGrade.choices, blank=True, default=""
    )
    removed = models.BooleanField(_("removed from the list"), default=False)
    removed_reason = models.TextField(_("reason for removal"), blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["notice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "application"], name="one_notice_entry"),
            models.CheckConstraint(
                condition=models.Q(removed=False) | ~models.Q(removed_reason=""),
                name="notice_removal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.enterprise_name}"

    @property
    def grade_name(self) -> str:
        """零碳工厂 / 近零碳工厂 for a graded entry (the notice's list shows it), else empty."""
        return grade_name(self.grade)


class Objection(models.Model):
    """An objection by anyone, about one factory on an open notice."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="objections")
    entry = models.ForeignKey(NoticeEntry, on_delete=models.PROTECT, related_name="objections")
    name = models.CharField(_("your name"), max_length=64)
    contact = models.CharField(_("phone or e-mail"), max_length=100)
    reason = models.TextField(_("reason for the objection"))
    state = models.CharField(
        _("state"), max_length=16, choices=ObjectionState.choices, default=ObjectionState.OPEN
    )
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("received at"), auto_now_add=True)
    investigation = models.TextField(_("investigation"), blank=True)
    outcome_reason = models.TextField(_("outcome and reason"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("objection")
        indexes = [models.Index(fields=["notice", "state"])]

    def __str__(self) -> str:
        return f"{self.code}: {self.entry.enterprise_name}"


def objection_file_path(instance, filename):
    return f"objections/{instance.objection.code}/{new_code(16)}"


class ObjectionAttachment(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=objection_file_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.original_name
