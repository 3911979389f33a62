"""Who sees which integrity signals, and which side of a match (decisions §66).

One rule for the other side of a match: a reader sees the other application — its enterprise,
its file names, its passages — only when that application is visible to the reader
(``applications_visible_to``). So the city sees both sides within its region; a district officer
sees "an application outside your district" for a match beyond it; an expert sees only the
application assigned to him. Enterprises and agencies see no signals: they inform reviewers.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import router
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.accounts.scope import inside
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.core.compiled_reads import CompiledRead, PerConnection
from greenfactory.programme.enums import Formula

from ...enums import SignalKind, SignalState
from ...models import IntegritySignal, TextPassage

FIELD_LABELS = {
    "energy": gettext_lazy("energy use by carrier"),
    "output_quantity": gettext_lazy("output quantity"),
    "output_value_10k_yuan": gettext_lazy("output value (10 000 yuan)"),
    "water_intake_m3": gettext_lazy("water intake (m³)"),
}


def signals_visible_to(user) -> QuerySet[IntegritySignal]:
    """Officers: the signals of enterprises in their region. Experts: the signals of the
    applications visible to them. Everyone else: none."""
    base = IntegritySignal.objects.select_related(
        "application__enterprise", "filing__enterprise", "disposed_by", "batch"
    )
    if not (user and user.is_authenticated and user.is_active):
        return base.none()
    if user.role in OFFICER_ROLES and user.region_id:
        return base.filter(inside(user.region, via="district"))
    if user.role == Role.EXPERT:
        return base.filter(application__in=applications_visible_to(user).values("pk"))
    return base.none()


def source_label(source: str) -> str:
    kind, _sep, code = source.partition(":")
    if kind == "answer":
        return _("Explanation of %(code)s") % {"code": code}
    if kind == "finding":
        return _("On-site audit finding on %(code)s") % {"code": code}
    return _("Main products")


@dataclass
class Shown:
    """A signal as one reader may see it."""

    signal: IntegritySignal
    explanation: str
    other_visible: bool
    other_label: str
    rows: list = field(default_factory=list)  # (own, other) pairs: files or passages

    @property
    def kind_label(self) -> str:
        return self.signal.get_kind_display()

    @property
    def is_open(self) -> bool:
        return self.signal.state == SignalState.OPEN


def _figure(code: str) -> str:
    try:
        return str(Formula(code).label)
    except ValueError:
        return code


def explanation_of(signal: IntegritySignal) -> str:
    """What the signal says, in the reader's language, from its evidence."""
    e = signal.evidence
    if signal.kind == SignalKind.SAME_FILE:
        return _(
            "%(count)s evidence file(s) with the same content (SHA-256) are in another "
            "enterprise's application."
        ) % {"count": len(e.get("files", []))}
    if signal.kind == SignalKind.COPIED_TEXT:
        text = _(
            "%(count)s passage(s) nearly identical to passages of another enterprise's application."
        ) % {"count": len(e.get("passages", []))}
        if e.get("shared_agency"):
            text += " " + _("Both applications were prepared by the same consulting agency.")
        return text
    if signal.kind == SignalKind.PEER_OUTLIER:
        return _(
            "%(figure)s of %(year)s is %(value)s %(unit)s, outside the range %(low)s to "
            "%(high)s of %(peers)s peers of the same industry class (median %(median)s ± "
            "%(k)s × MAD %(mad)s)."
        ) % {**e, "figure": _figure(e["formula"])}
    if signal.kind == SignalKind.IDENTICAL_YEARS:
        return _(
            "Energy use, output and water intake of %(first)s and %(second)s are identical."
        ) % {"first": e["years"][0], "second": e["years"][1]}
    if signal.kind == SignalKind.YEAR_JUMP:
        return _(
            "%(figure)s changes from %(before)s in %(from_year)s to %(after)s %(unit)s in "
            "%(to_year)s: a factor of %(ratio)s, beyond the batch's %(factor)s."
        ) % {**e, "figure": _figure(e["formula"])}
    if signal.kind == SignalKind.CONTRADICTS_DESIGNATION and "formula" in e:
        return _(
            "%(figure)s is %(after)s %(unit)s in the filing for %(to_year)s against %(before)s "
            "in %(from_year)s, the last year the title was granted on: a factor of %(ratio)s, "
            "beyond the batch's %(factor)s."
        ) % {**e, "figure": _figure(e["formula"])}
    if signal.kind == SignalKind.CONTRADICTS_DESIGNATION:
        parts = "; ".join(
            _("%(field)s filed %(filed)s, at designation %(granted)s")
            % {
                "field": FIELD_LABELS.get(d["field"], d["field"]),
                "filed": _value(d["filed"]),
                "granted": _value(d["granted"]),
            }
            for d in e.get("differences", [])
        )
        return _(
            "The filing for %(year)s differs from the figures of the same year the title was "
            "granted on: %(parts)s."
        ) % {"year": e["year"], "parts": parts}
    return ""


def _value(value) -> str:
    if value is None or value == {}:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in sorted(value.items()))
    return str(value)


def shown_signals(user, signals) -> list[Shown]:
    """The signals as ``user`` may see them: the other side of a match only where the other
    application is visible to the user (three queries, however many signals)."""
    signals = list(signals)
    others = {s.other_application_id for s in signals if s.other_application_id}
    visible = {}
    if others:
        visible = {
            a.pk: a
            for a in applications_visible_to(user)
            .filter(pk__in=others)
            .select_related("enterprise")
        }
    passages = {}
    texts_of = {s.application_id for s in signals if s.kind == SignalKind.COPIED_TEXT}
    texts_of |= {
        s.other_application_id
        for s in signals
        if s.kind == SignalKind.COPIED_TEXT and s.other_application_id in visible
    }
    if texts_of:
        passages = {
            (p.application_id, p.source): p.text
            for p in TextPassage.objects.filter(application_id__in=texts_of).only(
                "application_id", "source", "text"
            )
        }
    shown = []
    for signal in signals:
        other = visible.get(signal.other_application_id)
        if other is not None:
            label = f"{other.enterprise.name} · {other.code}"
        elif signal.other_application_id or signal.evidence.get("other_application"):
            label = (
                _("an application outside your district")
                if user.role == Role.DISTRICT_OFFICER
                else _("an application outside your scope")
            )
        else:
            label = ""
        rows = []
        if signal.kind == SignalKind.SAME_FILE:
            for f in signal.evidence.get("files", []):
                rows.append(
                    {
                        "own": f["name"],
                        "other": f["other_name"] if other is not None else "",
                        "detail": f["sha256"],
                    }
                )
        elif signal.kind == SignalKind.COPIED_TEXT:
            for p in signal.evidence.get("passages", []):
                rows.append(
                    {
                        "own_label": source_label(p["own"]),
                        "own": passages.get((signal.application_id, p["own"]), ""),
                        "other_label": source_label(p["other"]) if other is not None else "",
                        "other": passages.get((signal.other_application_id, p["other"]), "")
                        if other is not None
                        else "",
                        "detail": p["similarity"],
                    }
                )
        shown.append(Shown(signal, explanation_of(signal), other is not None, label, rows))
    return shown


def _application_signals(visible: QuerySet, application) -> QuerySet[IntegritySignal]:
    return (
        visible.filter(application=application)
        .select_related(None)
        .select_related("disposed_by", "district")
    )


_EXPERT_MARK, _APPLICATION_MARK = -731_004_500_001, -731_004_500_002


def _experts_application_signals(alias: str) -> CompiledRead:
    # An expert's signals as ``signals_visible_to`` makes them for any expert: the rule itself
    # asked for a stand-in account whose key is the marker.
    expert = get_user_model()(pk=_EXPERT_MARK, role=Role.EXPERT, is_active=True)
    return CompiledRead(
        _application_signals(signals_visible_to(expert).using(alias), _APPLICATION_MARK),
        {"expert": _EXPERT_MARK, "application": _APPLICATION_MARK},
    )


# The expert's scoring sheet shows the panel on every view: its query compiled once per
# connection (``core.compiled_reads``; decisions §111).
_EXPERT_APPLICATION_SIGNALS = PerConnection(_experts_application_signals)


def signals_of_application(user, application) -> list[Shown]:
    """The panel of one application: it shows each signal's own fields and its disposer, and
    the disposition rule reads its district; only those are joined (the application, its
    enterprise, a filing and the batch are not shown there)."""
    if user and user.is_authenticated and user.is_active and user.role == Role.EXPERT:
        read = _EXPERT_APPLICATION_SIGNALS(router.db_for_read(IntegritySignal))
        return shown_signals(user, read.all(expert=user.pk, application=application.pk))
    return shown_signals(user, _application_signals(signals_visible_to(user), application))


def signals_of_batch(user, batch) -> QuerySet[IntegritySignal]:
    return signals_visible_to(user).filter(batch=batch).order_by("district_id", "kind", "pk")
