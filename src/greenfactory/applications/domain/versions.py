"""What changed between two submitted versions of an application, for the reviewers."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from ..models import Application

SECTION_LABELS = {
    "form": _("Application form"),
    "certifications": _("Management system certifications"),
    "self_evaluation": _("Self-evaluation table"),
    "performance": _("Performance data"),
    "evidence": _("Evidence"),
}


@dataclass(frozen=True)
class Change:
    section: str  # "form", "certifications", "self_evaluation", "performance", "evidence"
    key: str
    before: object
    after: object

    @property
    def section_label(self):
        return SECTION_LABELS.get(self.section, self.section)

    @property
    def key_label(self):
        if self.section == "form":
            try:
                return Application._meta.get_field(self.key.split(".")[0]).verbose_name
            except FieldDoesNotExist:
                return self.key
        return self.key


def _flat(prefix, value, out):
    if isinstance(value, dict):
        for key, inner in value.items():
            _flat(f"{prefix}.{key}" if prefix else str(key), inner, out)
    else:
        out[prefix] = value


def diff_snapshots(old: dict, new: dict) -> list[Change]:
    changes = []
    for section in ("form", "self_evaluation", "performance"):
        before, after = {}, {}
        _flat("", old.get(section, {}), before)
        _flat("", new.get(section, {}), after)
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                changes.append(Change(section, key, before.get(key), after.get(key)))
    old_certs = {c["kind"]: c for c in old.get("certifications", [])}
    new_certs = {c["kind"]: c for c in new.get("certifications", [])}
    for kind in sorted(set(old_certs) | set(new_certs)):
        if old_certs.get(kind) != new_certs.get(kind):
            changes.append(
                Change(
                    "certifications",
                    kind,
                    (old_certs.get(kind) or {}).get("certificate_no"),
                    (new_certs.get(kind) or {}).get("certificate_no"),
                )
            )
    old_files = {f["sha256"]: f for f in old.get("evidence", [])}
    new_files = {f["sha256"]: f for f in new.get("evidence", [])}
    for digest in new_files.keys() - old_files.keys():
        changes.append(
            Change(
                "evidence", new_files[digest]["indicator"] or "—", None, new_files[digest]["name"]
            )
        )
    for digest in old_files.keys() - new_files.keys():
        changes.append(
            Change(
                "evidence", old_files[digest]["indicator"] or "—", old_files[digest]["name"], None
            )
        )
    return changes


def changes_in_latest_version(application) -> tuple[int, list[Change]] | None:
    """The last two submitted versions and their differences, or None for a first version."""
    versions = list(application.versions.order_by("-number")[:2])
    if len(versions) < 2:
        return None
    newer, older = versions
    return older.number, diff_snapshots(older.snapshot, newer.snapshot)
