"""Writes on indicator systems: loading a shipped version, copying it, editing a copy."""

import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event, save_changes
from greenfactory.core.refusals import Refused

from ..enums import LEAF_KINDS, SCORED_KINDS, IndicatorKind
from ..models import Indicator, IndicatorSystem, IndustryBenchmark

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SHIPPED_SYSTEMS = ("gbt36132_2018.json", "gbt36132_2025.json")
# The zero-carbon programme's default system (decisions §72), loaded by its own migration.
ZERO_CARBON_SYSTEMS = ("zero_carbon_2026.json",)
# What an officer may change of an indicator, in the order the indicator form shows it.
EDITABLE_FIELDS = (
    "name",
    "name_en",
    "requirement",
    "weight",
    "max_points",
    "unit",
    "direction",
    "benchmark",
    "leading",
    "allow_na",
    "guidance",
    "note",
)


class SystemFrozen(Refused):
    """The version is used by a batch and cannot change; copy it into a new version."""


def is_frozen(system: IndicatorSystem) -> bool:
    return system.batches.exists()


def _decimal(value):
    return None if value is None else Decimal(str(value))


def load_indicator_system(data: dict, *, system_model=IndicatorSystem, indicator_model=Indicator):
    """Create one version from its JSON description (see ``data/indicator_systems``).

    Idempotent: an existing (code, version) is returned untouched. The model classes can be
    passed in so that a data migration uses its historical models.
    """
    existing = system_model.objects.filter(code=data["code"], version=data["version"]).first()
    if existing is not None:
        return existing
    system = system_model.objects.create(
        code=data["code"],
        version=data["version"],
        **({"programme": data["programme"]} if "programme" in data else {}),
        name=data["name"],
        name_en=data.get("name_en", ""),
        standard=data.get("standard", ""),
        scoring=data["scoring"],
        na_policy=data.get("na_policy", "redistribute"),
        unmet_required_points=_decimal(data.get("unmet_required_points", 0)),
        source_note=data.get("source_note", ""),
    )
    position = 0

    def create(node, parent, level):
        nonlocal position
        position += 1
        indicator = indicator_model.objects.create(
            system=system,
            parent=parent,
            code=node["code"],
            name=node["name"],
            name_en=node.get("name_en", ""),
            level=level,
            position=position,
            kind=node["kind"],
            requirement=node.get("requirement", ""),
            weight=_decimal(node.get("weight")),
            max_points=_decimal(node.get("max_points")),
            unit=node.get("unit", ""),
            direction=node.get("direction", ""),
            benchmark=_decimal(node.get("benchmark")),
            leading=_decimal(node.get("leading")),
            bands=node.get("bands", []),
            levels=node.get("levels", []),
            formula=node.get("formula", ""),
            allow_na=node.get("allow_na", False),
            guidance=node.get("guidance", ""),
            evidence=node.get("evidence", []),
            note=node.get("note", ""),
        )
        for child in node.get("children", []):
            create(child, indicator, level + 1)

    for node in data["indicators"]:
        create(node, None, 1)
    return system


def load_shipped_systems(names=SHIPPED_SYSTEMS, **models) -> list:
    return [
        load_indicator_system(
            json.loads((DATA_DIR / "indicator_systems" / name).read_text(encoding="utf-8")),
            **models,
        )
        for name in names
    ]


@transaction.atomic
def copy_indicator_system(system: IndicatorSystem, *, actor) -> IndicatorSystem:
    """A new, editable version with the same tree. Side effects: audit entry."""
    if not actor.has_perm("programme.change_indicatorsystem"):
        raise PermissionDenied
    latest = IndicatorSystem.objects.filter(code=system.code).aggregate(v=Max("version"))["v"]
    copy = IndicatorSystem.objects.create(
        code=system.code,
        version=latest + 1,
        programme=system.programme,
        name=system.name,
        name_en=system.name_en,
        standard=system.standard,
        scoring=system.scoring,
        na_policy=system.na_policy,
        unmet_required_points=system.unmet_required_points,
        source_note=system.source_note,
        based_on=system,
        created_by=actor,
    )
    new_by_old = {}
    for indicator in system.indicators.order_by("position"):
        old_pk = indicator.pk
        indicator.pk = None
        indicator.system = copy
        indicator.parent_id = new_by_old.get(indicator.parent_id)
        indicator.save()
        new_by_old[old_pk] = indicator.pk
    copy_industry_benchmarks(system, copy)
    record_event(
        "programme.indicator_system.copied",
        actor=actor,
        obj=copy,
        changes={"from": system.slug, "to": copy.slug},
    )
    return copy


def copy_industry_benchmarks(source: IndicatorSystem, target: IndicatorSystem) -> None:
    """Copy the rows of one version into its copy (the items matched by code)."""
    indicators = {i.code: i for i in target.indicators.all()}
    rows = [
        IndustryBenchmark(
            indicator=indicators[row.indicator.code],
            industry_code=row.industry_code,
            product=row.product,
            product_unit=row.product_unit,
            conversions=row.conversions,
            benchmark=row.benchmark,
            leading=row.leading,
            source=row.source,
            is_default=row.is_default,
        )
        for row in IndustryBenchmark.objects.filter(indicator__system=source).select_related(
            "indicator"
        )
    ]
    IndustryBenchmark.objects.bulk_create(rows)
    if rows:
        IndicatorSystem.objects.filter(pk=target.pk).update(has_industry_benchmarks=True)
        target.has_industry_benchmarks = True


def validate_indicator(indicator: Indicator) -> None:
    """The field combinations scoring relies on; raises ValidationError naming the field."""
    errors = {}
    if indicator.kind in SCORED_KINDS and indicator.max_points is None:
        errors["max_points"] = _("A scored item needs its maximum points.")
    if indicator.kind == IndicatorKind.QUANTITATIVE and not indicator.bands:
        if indicator.benchmark is None or indicator.leading is None:
            errors["benchmark"] = _("A quantitative item needs a benchmark and a leading value.")
        elif indicator.benchmark == indicator.leading:
            errors["leading"] = _("The leading value must differ from the benchmark.")
        elif indicator.direction == "lower" and indicator.leading > indicator.benchmark:
            errors["leading"] = _("Lower is better: the leading value must be below the benchmark.")
        elif indicator.direction == "higher" and indicator.leading < indicator.benchmark:
            errors["leading"] = _(
                "Higher is better: the leading value must be above the benchmark."
            )
    if indicator.kind not in LEAF_KINDS and indicator.kind != IndicatorKind.GROUP:
        errors["kind"] = _("Unknown kind.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_indicator(indicator: Indicator, *, actor, data: dict) -> Indicator:
    """Edit one indicator of a version no batch uses. Side effects: audit entry with changes."""
    if not actor.has_perm("programme.change_indicatorsystem"):
        raise PermissionDenied
    current = (
        Indicator.objects.select_for_update(of=("self",))
        .select_related("system")
        .get(pk=indicator.pk)
    )
    if is_frozen(current.system):
        raise SystemFrozen(
            _("Version %(version)s is used by a batch and cannot change; copy it first.")
            % {"version": current.system.version}
        )
    save_changes(
        current,
        data,
        EDITABLE_FIELDS,
        actor=actor,
        action="programme.indicator.updated",
        check=validate_indicator,
    )
    return current
