"""The outreach models: the bureau's announcements with their files, and training events with
the enterprises' registrations."""

from .announcements import Announcement, AnnouncementAttachment
from .training import Registration, TrainingEvent

__all__ = ["Announcement", "AnnouncementAttachment", "Registration", "TrainingEvent"]
