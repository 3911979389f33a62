"""The demo's recommendations upward and a removal decided above (decisions §64, §71, §80).

- The 2021 call to the province: ``PROVINCIAL_HOLDER``'s 2019 city title selected, confirmed
  by the enterprise, sent, its procedure recorded (形式审查, 专家评审, 公示) and listed — the
  provincial title imported from the province's list (``demo.rewards``) is linked, not doubled;
  a second 2019 factory sent the same year fails the expert review and is not listed. (Sent
  before the third-party evaluation of §54 existed, so no package was built: the move to
  "sent" is the engine's own step.)
- This year's calls: the holder's provincial title selected for the national list and
  confirmed by its enterprise; two 2019 city titles selected for the province's list, one of
  them confirmed.
- A factory on the national list of 2020 (the fifth batch, imported by name from the
  ministry's list) struck by the ministry's removal list of 23 March 2023 (工信厅节函〔2023〕64号
  附件5, the published layout 序号, 省份, 企业名称, 批次), imported and confirmed by the city.

Run last, after the history's other years, on its own dates.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.core.domain.workflow import move
from greenfactory.titles.domain.province import (
    confirm_candidate,
    record_listed,
    record_not_listed,
    record_step,
    select_candidates,
)
from greenfactory.titles.domain.removal_import import import_removals, preview_removal_import
from greenfactory.titles.domain.title_import import import_titles, preview_title_import
from greenfactory.titles.enums import CandidateState, TitleLevel
from greenfactory.titles.models import Title

from .history import on
from .rewards import PROVINCIAL_DOCUMENT, PROVINCIAL_HOLDER, PROVINCIAL_ISSUED_ON, provincial_list

NATIONAL_LIST = "第五批绿色制造名单"
NATIONAL_DOCUMENT = "工信厅节函〔2020〕290号"
NATIONAL_ISSUED_ON = date(2020, 11, 9)
REMOVAL_LIST = "工信厅节函〔2023〕64号 附件5"
REMOVED_ON = date(2023, 3, 23)


def _user_of(enterprise) -> User:
    return User.objects.filter(enterprise=enterprise, role=Role.ENTERPRISE).order_by("pk").first()


def _data(year: int) -> dict:
    return {
        "data_year": year - 1,
        "contact_person": "周建国",
        "contact_phone": "0519-86123456",
        "employees": 260,
        "output_value": "38600.00",
        "changes": "新增屋顶光伏 1.5 MW，完成电机能效提升改造。",
    }


def _sent(candidate, *, city, steps, on_day):
    """The candidacy through confirmation to sent, then the procedure's steps as recorded."""
    confirm_candidate(candidate, actor=_user_of(candidate.title.enterprise), data=_data(2021))
    with on(on_day):
        move(candidate, CandidateState.EXPORTED, actor=city)
    for stage, result, held_on in steps:
        with on(held_on, 15):
            record_step(candidate, actor=city, stage=stage, result=result, held_on=held_on)


def _city_titles_2019():
    """The 2019 city titles in force, by certificate number (the holder's excluded)."""
    return list(
        Title.objects.filter(year=2019, level=TitleLevel.CITY, status="valid")
        .exclude(enterprise__users__username=PROVINCIAL_HOLDER)
        .select_related("enterprise")
        .order_by("certificate_number")
    )


def upward_demo() -> None:
    city = User.objects.get(username="city")
    holder_title = Title.objects.get(
        enterprise__users__username=PROVINCIAL_HOLDER, level=TitleLevel.CITY, year=2019
    )
    others = _city_titles_2019()

    # The 2021 call to the province.
    with on(date(2021, 6, 15)):
        chosen = select_candidates([holder_title, others[0]], actor=city, year=2021)
    listed, failed = sorted(chosen, key=lambda c: c.title != holder_title)
    with on(date(2021, 6, 21)):
        _sent(
            listed,
            city=city,
            on_day=date(2021, 7, 1),
            steps=[
                ("city_audit", "passed", date(2021, 7, 20)),
                ("formal_review", "passed", date(2021, 9, 10)),
                ("expert_review", "passed", date(2021, 10, 28)),
                ("publicity", "passed", date(2021, 12, 10)),
            ],
        )
        _sent(
            failed,
            city=city,
            on_day=date(2021, 7, 1),
            steps=[
                ("city_audit", "passed", date(2021, 7, 20)),
                ("formal_review", "passed", date(2021, 9, 10)),
                ("expert_review", "failed", date(2021, 10, 28)),
            ],
        )
    with on(date(2021, 12, 28)):  # after the province's list was imported (demo.rewards)
        record_listed(
            listed, actor=city, issued_on=PROVINCIAL_ISSUED_ON, reference=PROVINCIAL_DOCUMENT
        )
        record_not_listed(
            failed, actor=city, reason="省级专家评审未通过：单位产品能耗高于行业先进值。"
        )

    # A factory of the ministry's fifth list (2020), struck by its removal list of 2023.
    removed = others[-1].enterprise
    rows = [(removed.uscc, removed.name, "国家级", 2020, NATIONAL_DOCUMENT, NATIONAL_LIST,
             NATIONAL_ISSUED_ON)]  # fmt: skip
    with on(date(2020, 11, 20)):
        report = preview_title_import(provincial_list(rows), actor=city)
        import_titles(report.token, actor=city)
    removal = (
        "工业和信息化部绿色制造名单动态调整移出名单（绿色工厂）\n"
        "序号,省份,企业名称,批次\n"
        f"1,江苏省,{removed.name},第五批\n"
    ).encode()
    with on(date(2023, 3, 30)):
        report = preview_removal_import(
            SimpleUploadedFile(f"{REMOVAL_LIST}.csv", removal),
            actor=city,
            level=TitleLevel.NATIONAL,
            list_name=REMOVAL_LIST,
            decided_on=REMOVED_ON,
        )
        confirmed = [f"{row.ref}={removed.code}" for row in report.candidates]
        import_removals(report.token, actor=city, confirmed=confirmed)

    # This year's calls: the national list and the province's.
    year = timezone.localdate().year
    provincial = Title.objects.get(
        enterprise=holder_title.enterprise, level=TitleLevel.PROVINCIAL, year=2021
    )
    [national] = select_candidates([provincial], actor=city, year=year, level=TitleLevel.NATIONAL)
    confirm_candidate(national, actor=_user_of(provincial.enterprise), data=_data(year))
    chosen = select_candidates([others[1], others[2]], actor=city, year=year)
    confirmed_now = next(c for c in chosen if c.title == others[2])
    confirm_candidate(
        confirmed_now, actor=_user_of(confirmed_now.title.enterprise), data=_data(year)
    )
