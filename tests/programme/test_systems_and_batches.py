from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from greenfactory.core.models import AuditEvent
from greenfactory.programme.domain.batches import (
    BATCH_MOVES,
    BatchStepRefused,
    create_batch,
    is_open_for_applications,
    move_batch,
    update_batch,
)
from greenfactory.programme.domain.systems import (
    SystemFrozen,
    copy_indicator_system,
    update_indicator,
)
from greenfactory.programme.enums import BatchState, IndicatorKind
from greenfactory.programme.models import Batch, IndicatorSystem
from tests.factories import BatchFactory, region, shipped_system, shipped_table

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [2018, 2025])
def test_shipped_systems_are_complete(year):
    system = shipped_system(year)
    indicators = list(system.indicators.all())
    scored = [
        i for i in indicators if i.kind in (IndicatorKind.QUALITATIVE, IndicatorKind.QUANTITATIVE)
    ]
    assert sum(i.max_points for i in scored) == Decimal(100)
    aspects = [i for i in indicators if i.level == 1 and i.kind == IndicatorKind.GROUP and i.weight]
    assert sum(a.weight for a in aspects) == Decimal(100)
    assert len([i for i in indicators if i.kind == IndicatorKind.GATE]) >= 6


def test_2018_system_has_the_six_aspects_of_the_changzhou_plan():
    names = list(
        shipped_system(2018)
        .indicators.filter(level=1, weight__isnull=False)
        .values_list("name", flat=True)
    )
    assert [name[:2] for name in names] == ["基础", "管理", "能源", "产品", "环境", "绩效"]


def test_2025_system_weights():
    weights = list(
        shipped_system(2025)
        .indicators.filter(level=1, weight__isnull=False)
        .values_list("weight", flat=True)
    )
    assert weights == [Decimal(30), Decimal(30), Decimal(16), Decimal(16), Decimal(8)]


def test_coefficient_table_values():
    table = shipped_table()
    carriers = {c.key: c for c in table.carriers.all()}
    assert carriers["electricity"].standard_coal == Decimal("0.1229")
    assert carriers["natural_gas"].standard_coal == Decimal("1.2143")
    assert carriers["raw_coal"].standard_coal == Decimal("0.7143")
    grid = {g.key: g.value for g in table.grid_factors.all()}
    assert grid == {
        "national_2023": Decimal("0.5306"),
        "national_2022": Decimal("0.5366"),
        "east_china_2023": Decimal("0.5500"),
    }


def test_copy_makes_an_editable_version_with_the_same_tree(city_officer):
    original = shipped_system(2018)
    BatchFactory(indicator_system=original)
    copy = copy_indicator_system(original, actor=city_officer)
    assert (copy.code, copy.version, copy.based_on) == (original.code, 2, original)
    assert copy.indicators.count() == original.indicators.count()
    child = copy.indicators.filter(parent__isnull=False).first()
    assert child.parent.system == copy
    indicator = copy.indicators.filter(kind=IndicatorKind.QUALITATIVE).first()
    update_indicator(indicator, actor=city_officer, data={"max_points": indicator.max_points})
    update_indicator(indicator, actor=city_officer, data={"guidance": "新的说明"})
    indicator.refresh_from_db()
    assert indicator.guidance == "新的说明"
    assert AuditEvent.objects.filter(action="programme.indicator.updated").count() == 1


def test_a_version_used_by_a_batch_is_frozen(city_officer):
    system = shipped_system(2025)
    BatchFactory(indicator_system=system)
    indicator = system.indicators.filter(kind=IndicatorKind.QUANTITATIVE).first()
    with pytest.raises(SystemFrozen):
        update_indicator(indicator, actor=city_officer, data={"max_points": Decimal(1)})
    indicator.refresh_from_db()
    assert indicator.max_points != Decimal(1)


def test_inconsistent_quantitative_settings_are_refused(city_officer):
    copy = copy_indicator_system(shipped_system(2025), actor=city_officer)
    indicator = copy.indicators.filter(
        kind=IndicatorKind.QUANTITATIVE, direction="lower", bands=[]
    ).first()
    with pytest.raises(ValidationError) as caught:
        update_indicator(
            indicator,
            actor=city_officer,
            data={"leading": indicator.benchmark + 1},
        )
    assert "leading" in caught.value.message_dict


@pytest.mark.parametrize("persona", ["district_officer", "enterprise_user", "system_admin"])
def test_only_city_officers_change_systems(request, persona):
    with pytest.raises(PermissionDenied):
        copy_indicator_system(shipped_system(2018), actor=request.getfixturevalue(persona))
    # the two standards, 2025 per industry and the zero-carbon default
    assert IndicatorSystem.objects.count() == 4


def batch_fields(**overrides):
    table = shipped_table()
    fields = {
        "year": 2026,
        "title": "2026年常州市绿色工厂申报",
        "opens_at": timezone.now() + timedelta(days=1),
        "closes_at": timezone.now() + timedelta(days=31),
        "indicator_system": shipped_system(2025),
        "coefficient_table": table,
        "grid_factor": table.grid_factors.get(key="east_china_2023"),
    }
    fields.update(overrides)
    return fields


def test_batch_defaults_and_lifecycle(city_officer, time_machine):
    batch = create_batch(actor=city_officer, region=region("320400"), **batch_fields())
    assert (batch.pass_threshold, batch.quota, batch.notice_days) == (Decimal(70), 20, 7)
    assert batch.state == BatchState.DRAFT
    move_batch(batch, BatchState.OPEN, actor=city_officer)
    batch.refresh_from_db()
    assert not is_open_for_applications(batch)  # the window has not started
    time_machine.move_to(batch.opens_at + timedelta(minutes=1))
    assert is_open_for_applications(batch)
    time_machine.move_to(batch.closes_at)
    assert not is_open_for_applications(batch)


def test_every_batch_state_pair_outside_the_table_is_refused(city_officer):
    batch = BatchFactory(state=BatchState.DRAFT)
    for before in BatchState.values:
        for after in BatchState.values:
            if (before, after) in BATCH_MOVES:
                continue
            type(batch).objects.filter(pk=batch.pk).update(state=before)
            with pytest.raises(BatchStepRefused):
                move_batch(batch, after, actor=city_officer)


def test_recognition_moves_are_refused_from_the_batch_page(client, city_officer):
    batch = BatchFactory(state=BatchState.IN_REVIEW)
    with pytest.raises(BatchStepRefused, match="认定步骤"):
        move_batch(batch, BatchState.RANKED, actor=city_officer)
    client.force_login(city_officer)
    page = client.get(reverse("programme:batch_detail", args=[batch.code]))
    assert f'value="{BatchState.RANKED}"' not in page.content.decode()
    client.post(reverse("programme:batch_move", args=[batch.code]), {"to": BatchState.RANKED})
    batch.refresh_from_db()
    assert batch.state == BatchState.IN_REVIEW
    assert move_batch(batch, BatchState.RANKED, actor=city_officer, by_step=True).state == "ranked"


def test_open_batch_keeps_its_rules_but_can_be_extended(city_officer):
    batch = BatchFactory(state=BatchState.OPEN)
    with pytest.raises(BatchStepRefused):
        update_batch(batch, actor=city_officer, data={"pass_threshold": Decimal(60)})
    later = batch.closes_at + timedelta(days=7)
    update_batch(batch, actor=city_officer, data={"closes_at": later})
    batch.refresh_from_db()
    assert batch.closes_at == later
    assert batch.pass_threshold == Decimal(70)


def test_window_must_close_after_it_opens(city_officer):
    now = timezone.now()
    with pytest.raises(BatchStepRefused):
        create_batch(
            actor=city_officer,
            region=region("320400"),
            **batch_fields(opens_at=now, closes_at=now - timedelta(days=1)),
        )


def test_grid_factor_must_come_from_the_table(city_officer):
    from greenfactory.programme.models import CoefficientTable, GridFactor

    other = CoefficientTable.objects.create(code="X", name="X", year=2024)
    foreign = GridFactor.objects.create(table=other, key="k", name="k", value=Decimal("0.6"))
    with pytest.raises(BatchStepRefused):
        create_batch(
            actor=city_officer, region=region("320400"), **batch_fields(grid_factor=foreign)
        )


def test_district_officer_cannot_run_a_batch(district_officer):
    batch = BatchFactory(state=BatchState.DRAFT)
    with pytest.raises(PermissionDenied):
        move_batch(batch, BatchState.OPEN, actor=district_officer)


def test_the_notice_settings_are_edited_on_the_batch_page_while_in_review(client, city_officer):
    """Scores off by default; the two contacts for objections (decisions §50) stay editable
    once the batch is open, like the rest of the notice."""
    opens = timezone.now().replace(second=0, microsecond=0) - timedelta(days=40)
    batch = BatchFactory(
        state=BatchState.IN_REVIEW,
        opens_at=opens,
        closes_at=opens + timedelta(days=30),
        notice_bureau_contact="",
    )
    assert Batch._meta.get_field("publish_scores").default is False
    client.force_login(city_officer)
    url = reverse("programme:batch_detail", args=[batch.code])
    local_close = timezone.localtime(batch.closes_at).strftime("%Y-%m-%dT%H:%M")
    answer = client.post(
        url,
        {
            "title": batch.title,
            "closes_at": local_close,
            "notice_days": 7,
            "notice_day_kind": "calendar",
            "tie_break": batch.tie_break,
            "tie_break_part": "",
            "publish_scores": "on",
            "notice_bureau_contact": "常州市工业和信息化局节能与综合利用处 0519-86001201",
            "notice_discipline_contact": "驻市工信局纪检监察组 0519-86001202",
        },
    )
    assert answer.status_code == 302, answer.context["form"].errors
    batch.refresh_from_db()
    assert batch.publish_scores is True
    assert batch.notice_bureau_contact == "常州市工业和信息化局节能与综合利用处 0519-86001201"
    assert batch.notice_discipline_contact == "驻市工信局纪检监察组 0519-86001202"
    event = AuditEvent.objects.filter(action="programme.batch.updated").get()
    assert set(event.changes) >= {"publish_scores", "notice_bureau_contact"}
