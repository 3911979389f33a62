"""Who may apply (申报条件): the batch's eligibility rules, in one place (decisions §51).

The rules are data on the batch (``programme.Batch``: years in operation, industry sections,
the title level that bars, the audit's years, the accident grade), set while the batch is a
draft. They are read here and nowhere else: the eligibility page, ``start_application``,
``submission_problems`` (so the submission and the API) all call ``eligibility_checks``.

- At start (no application yet) the enterprise's own record is checked: a confirmed
  registration, no bar in force, the batch open, the years since the business licence's date
  of establishment (成立日期) as the district confirmed it, the industry's GB/T 4754 section, and
  no title in force of the barred level or higher.
- At submission the same, and what the application form declares: the start of production
  (投产时间, ``founded_on``) as many years back, the latest energy audit, cleaner-production
  audit or energy diagnosis within the batch's years with its report attached, and the
  negative list, whose accident line names the batch's accident grade. That declaration also
  answers the indicator system's basic requirement on accidents (``accident_gate``), so the
  grade is one setting and the enterprise answers it once.

Years are counted to the day the applications close, so the answer does not change while the
batch is open; a title is "in force" on the day of the check. A spot-check batch (抽检) checks
a factory that holds a title: only the registration, the window and the negative list apply.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.accounts.domain.enterprises import bar_in_force
from greenfactory.core.dates import years_after
from greenfactory.programme.domain.accidents import grade_phrase
from greenfactory.programme.domain.batches import is_open_for_applications
from greenfactory.programme.domain.queries import batch_indicator
from greenfactory.programme.enums import LEVEL_ORDER, BatchPurpose, TargetLevel

from ..enums import EvidenceKind, NegativeListItem
from ..hooks import titles_held
from .transitions import TransitionRefused


@dataclass(frozen=True)
class Check:
    """One condition: what it asks (``label``) and, when not met, why (``problem``)."""

    code: str
    label: str
    problem: str = ""

    @property
    def met(self) -> bool:
        return not self.problem


class NotEligible(TransitionRefused):
    """The enterprise does not meet the batch's conditions; ``problems`` names each one."""

    def __init__(self, problems):
        super().__init__(*problems, headline=_("Your enterprise cannot apply to this batch."))


def reference_day(batch):
    """The day the years are counted to: the close of applications."""
    return timezone.localdate(batch.closes_at)


def _accident_label(batch) -> str:
    grade = grade_phrase(batch)
    return str(
        _(
            "A safety (including cyber and data security), quality or pollution accident "
            "%(grade)s, or tax evasion"
        )
        % {"grade": grade}
    )


def negative_item_label(item, batch) -> str:
    """A negative-list line as the batch words it: the accident line names its grade."""
    return _accident_label(batch) if item == NegativeListItem.ACCIDENT else str(item.label)


def accident_gate(batch):
    """The basic requirement on accidents that the negative-list declaration answers for this
    batch (``Batch.accident_gate``), or None: one accident rule, with the batch's grade."""
    if not batch.accident_gate:
        return None
    # From the batch's kept indicators (its system is frozen): no query on a save.
    gate = batch_indicator(batch, batch.accident_gate)
    return gate if gate is not None and gate.is_gate else None


def accident_gate_met(application) -> bool | None:
    """The gate's answer as the declaration gives it: no accident → met, one → not met."""
    declared = (application.negative_list or {}).get(NegativeListItem.ACCIDENT.value, {})
    answer = declared.get("answer")
    return None if answer is None else not answer


def _years_check(code, label, day, years, reference, missing) -> Check:
    if day is None:
        return Check(code, label, missing)
    reached = years_after(day, years)
    if reached > reference:
        return Check(
            code,
            label,
            _(
                "At least %(years)s years in operation are required by %(reference)s: "
                "%(day)s gives %(years)s years only on %(reached)s."
            )
            % {
                "years": years,
                "reference": reference.isoformat(),
                "day": day.isoformat(),
                "reached": reached.isoformat(),
            },
        )
    return Check(code, label)


def enterprise_checks(batch, enterprise) -> list[Check]:
    """The conditions the enterprise's record answers: checked before an application starts."""
    checks = [
        Check(
            "registration",
            _("Registration confirmed by the district bureau"),
            ""
            if enterprise.is_confirmed
            else _("The district bureau has not confirmed the enterprise's registration."),
        ),
        Check(
            "window",
            _("The batch is open for applications"),
            ""
            if is_open_for_applications(batch)
            else _("The batch is not open for applications now."),
        ),
    ]
    if batch.purpose != BatchPurpose.DESIGNATION:
        return checks
    barred = bar_in_force(enterprise)
    checks.append(
        Check(
            "bar",
            _("Not barred from applying"),
            _("The enterprise may not apply before %(date)s: %(reason)s")
            % {"date": enterprise.barred_until.isoformat(), "reason": enterprise.barred_reason}
            if barred
            else "",
        )
    )
    reference = reference_day(batch)
    if batch.min_years_operating:
        label = _("Established at least %(years)s years before %(day)s (成立日期)") % {
            "years": batch.min_years_operating,
            "day": reference.isoformat(),
        }
        if enterprise.established_on is not None and not enterprise.established_on_confirmed:
            checks.append(
                Check(
                    "established",
                    label,
                    _(
                        "The district bureau has not confirmed the date of establishment "
                        "(成立日期) on the enterprise's record."
                    ),
                )
            )
        else:
            checks.append(
                _years_check(
                    "established",
                    label,
                    enterprise.established_on,
                    batch.min_years_operating,
                    reference,
                    _(
                        "The date of establishment (成立日期) on the business licence is not on "
                        "the enterprise's record: add it to the profile for the district "
                        "bureau to confirm."
                    ),
                )
            )
    if batch.industry_sections:
        section = enterprise.industry.parent or enterprise.industry
        sections = ", ".join(batch.industry_sections)
        checks.append(
            Check(
                "industry",
                _("An industrial enterprise (GB/T 4754-2017 sections %(sections)s)")
                % {"sections": sections},
                ""
                if section.code in batch.industry_sections
                else _(
                    "The enterprise's industry %(industry)s is in section %(section)s; this "
                    "batch takes sections %(sections)s only."
                )
                % {"industry": enterprise.industry, "section": section.code, "sections": sections},
            )
        )
    if batch.industry_divisions:
        checks.append(_division_check(batch, enterprise))
    if batch.barred_title_level:
        lowest = LEVEL_ORDER.index(batch.barred_title_level)
        barring = [
            (level, year)
            for level, year in titles_held(
                enterprise, timezone.localdate(), programme=batch.programme
            )
            if level in LEVEL_ORDER[lowest:]
        ]
        checks.append(
            Check(
                "title",
                _(
                    "No title of the programme “%(programme)s” in force of level “%(level)s” "
                    "or higher"
                )
                % {
                    "programme": batch.get_programme_display(),
                    "level": TargetLevel(batch.barred_title_level).label,
                },
                "; ".join(
                    str(
                        _("The enterprise holds the %(year)s title “%(level)s”, in force.")
                        % {"year": year, "level": TargetLevel(level).label}
                    )
                    for level, year in sorted(barring, key=lambda held: held[1])
                ),
            )
        )
    return checks


def _division_check(batch, enterprise) -> Check:
    """The batch's industry divisions (the zero-carbon programme's industries, decisions §72):
    the enterprise's GB/T 4754 division must be one of them."""
    divisions = batch.industry_divisions.split(",")
    industry = enterprise.industry
    label = _("An enterprise of the batch's industries (GB/T 4754-2017 divisions %(codes)s)") % {
        "codes": ", ".join(divisions)
    }
    if industry is None or industry.is_section or industry.code not in divisions:
        return Check(
            "industry_division",
            label,
            _(
                "The enterprise's industry %(industry)s is not one of the divisions this batch "
                "takes: %(codes)s."
            )
            % {"industry": industry or "—", "codes": ", ".join(divisions)},
        )
    return Check("industry_division", label)


def application_checks(application) -> list[Check]:
    """Every condition, the application form's declarations included: checked at submission."""
    batch = application.batch
    checks = enterprise_checks(batch, application.enterprise)
    reference = reference_day(batch)
    if batch.purpose == BatchPurpose.DESIGNATION and batch.min_years_operating:
        checks.append(
            _years_check(
                "production",
                _("In production at least %(years)s years before %(day)s (投产时间)")
                % {"years": batch.min_years_operating, "day": reference.isoformat()},
                application.founded_on,
                batch.min_years_operating,
                reference,
                _("The application form does not give the start of production (投产时间)."),
            )
        )
    if batch.purpose == BatchPurpose.DESIGNATION and batch.audit_within_years:
        checks.append(_audit_check(application, reference))
    declarations = application.negative_list or {}
    for item in NegativeListItem:
        label = negative_item_label(item, batch)
        answer = declarations.get(item.value, {}).get("answer")
        problem = ""
        if answer is None:
            problem = _("Negative list: “%(item)s” is not answered.") % {"item": label}
        elif answer is True:
            problem = _("Negative list: “%(item)s” applies, so the enterprise cannot apply.") % {
                "item": label
            }
        checks.append(Check(f"negative_list.{item.value}", label, problem))
    return checks


def _audit_check(application, reference) -> Check:
    years = application.batch.audit_within_years
    earliest = years_after(reference, -years)
    label = _(
        "An energy audit, cleaner-production audit or energy diagnosis reported on or after "
        "%(day)s, with its report attached"
    ) % {"day": earliest.isoformat()}
    day = application.energy_audit_on
    if not application.energy_audit_kind or day is None:
        problem = _(
            "The application form does not name the latest energy audit, cleaner-production "
            "audit or energy diagnosis and the date of its report."
        )
    elif day < earliest or day > reference:
        problem = _(
            "The %(kind)s of %(day)s is outside the %(years)s years this batch accepts "
            "(%(earliest)s to %(reference)s)."
        ) % {
            "kind": application.get_energy_audit_kind_display(),
            "day": day.isoformat(),
            "years": years,
            "earliest": earliest.isoformat(),
            "reference": reference.isoformat(),
        }
    elif not application.evidence_files.filter(kind=EvidenceKind.ENERGY_AUDIT).exists():
        problem = _(
            "The report of the energy audit, cleaner-production audit or energy diagnosis has "
            "not been uploaded."
        )
    else:
        problem = ""
    return Check("audit", label, problem)


def eligibility_checks(batch, enterprise, application=None) -> list[Check]:
    """The batch's conditions for the enterprise (and its application, when there is one)."""
    if application is None:
        return enterprise_checks(batch, enterprise)
    return application_checks(application)


def eligibility_problems(batch, enterprise, application=None) -> list[str]:
    return [
        check.problem
        for check in eligibility_checks(batch, enterprise, application)
        if not check.met
    ]


def check_eligible_to_start(batch, enterprise) -> None:
    """Refuse with every unmet condition the enterprise's record answers (``NotEligible``)."""
    problems = eligibility_problems(batch, enterprise)
    if problems:
        raise NotEligible(problems)
