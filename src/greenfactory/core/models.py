"""Shared base models and the append-only, hash-chained audit trail."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .codes import new_code


def shown_name(name: str, name_en: str) -> str:
    """The name shown in the active language: the English one in English where there is one,
    else the Chinese (the official name)."""
    if name_en and translation.get_language() == "en":
        return name_en
    return name


class BilingualNameMixin(models.Model):
    """Reference data named in Chinese (the official name) and in English."""

    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.shown_name(self.name, self.name_en)

    # The rule read as plain values (``values()`` rows) or from an instance.
    shown_name = staticmethod(shown_name)


class StateChange(models.Model):
    """One row of a workflow's history: the move from one state to another, by whom and why.

    Written only by the workflow engine (``core.domain.workflow.move``) in the move's
    transaction. Each stateful model's history inherits this shape and adds its foreign key
    and the choices of its states. Two older tables name their columns differently
    (``from_status``/``to_status``, ``at``): they say so in ``FROM_FIELD``, ``TO_FIELD`` and
    ``AT_FIELD`` instead of renaming columns that hold data.
    """

    FROM_FIELD = "from_state"
    TO_FIELD = "to_state"
    AT_FIELD = "created_at"

    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{getattr(self, self.FROM_FIELD)} → {getattr(self, self.TO_FIELD)}"

    @classmethod
    def record(cls, *, before: str, to: str, actor, reason: str = "", **fields):
        """Write the row of one move (``fields`` holds the foreign key and any extra column)."""
        return cls.objects.create(
            **{cls.FROM_FIELD: before, cls.TO_FIELD: to}, actor=actor, reason=reason, **fields
        )


class AuditImmutableError(Exception):
    """Raised on any attempt to change or remove an audit entry."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Audit entries are append-only.")

    def delete(self):
        raise AuditImmutableError("Audit entries are append-only.")

    def bulk_update(self, *args, **kwargs):
        raise AuditImmutableError("Audit entries are append-only.")


class AuditEvent(models.Model):
    """One entry of the audit trail.

    Entries are written only by ``core.domain.audit.record_event``; each carries the hash of the
    entry before it, so ``manage.py verify_audit_log`` finds any entry edited, removed or
    reordered; its keyed ``seal`` and the daily anchors outside the database find a chain
    rewritten consistently. A trigger refuses UPDATE and DELETE at the database (PostgreSQL and
    SQLite).
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # Never touched when an account goes: the entry keeps the id and the copied username.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    actor_role = models.CharField(_("role"), max_length=32, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # "token:<prefix>" when the request was authenticated by an API token; empty for a session,
    # a command or the task worker.
    via = models.CharField(_("authenticated by"), max_length=40, blank=True, default="")
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # HMAC of this entry's hash and the previous entry's seal, keyed with AUDIT_SEAL_KEY (kept
    # outside the database), prefixed with its algorithm ("hmac-sm3:…"); empty on the entries
    # written before the installation had a key.
    seal = models.CharField(_("seal"), max_length=80, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["object_type", "object_id"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Audit entries are append-only.")


class AuditChainHead(models.Model):
    """The newest entry's sequence and hash: locked by every writer, and the witness that
    no entry was cut from the end of the chain."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    seal = models.CharField(max_length=80, blank=True, default="")

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class ExportJob(models.Model):
    """A file produced in the background for one user (Excel and CSV exports, reports)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"
