"""What the public site shows besides lists: the bureau's announcements (通知公告) and the files
attached to them (the policy text, the application forms, the list of results)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenfactory.core.codes import new_code


class Announcement(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(pgettext_lazy("announcement", "title"), max_length=200)
    body = models.TextField(_("text"))
    batch = models.ForeignKey(
        "programme.Batch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "recognition_announcement"
        ordering = [models.F("published_at").desc(nulls_first=True), "-pk"]
        verbose_name = _("announcement")

    def __str__(self) -> str:
        return self.title


def announcement_file_path(instance, filename):
    return f"announcements/{instance.announcement.code}/{new_code(16)}"


class AnnouncementAttachment(models.Model):
    """A file published with an announcement; stored under a random name, downloaded under
    ``original_name``."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=announcement_file_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "recognition_announcementattachment"
        ordering = ["pk"]
        verbose_name = _("announcement attachment")

    def __str__(self) -> str:
        return self.original_name
