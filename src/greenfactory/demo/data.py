"""The demo: Changzhou with its districts, about 40 enterprises, one account per role."""

import random
from contextlib import nullcontext
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from greenfactory.accounts.domain.accounts import grant_role, issue_password
from greenfactory.accounts.domain.administrators import create_administrators
from greenfactory.accounts.domain.enterprises import (
    confirm_enterprise,
    register_enterprise,
    reject_enterprise,
)
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import Agency, EvaluationBody, Industry, Region, User
from greenfactory.accounts.uscc import check_character
from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.domain.submission import submit_application
from greenfactory.cultivation.demo import cultivation_demo
from greenfactory.programme.domain.batches import create_batch, move_batch
from greenfactory.programme.domain.targets import create_target
from greenfactory.programme.enums import BatchState
from greenfactory.programme.models import CoefficientTable, IndicatorSystem
from greenfactory.reviews.domain.audit import (
    complete_site_audit,
    record_findings,
    schedule_site_audit,
)
from greenfactory.reviews.domain.district import (
    recommend_application,
    reject_application,
    return_application,
    save_district_review,
)
from greenfactory.rewards.domain.rates import load_default_rates

from .applications import fill_application, fill_form, fill_performance
from .carbon import carbon_demo
from .evaluations import BODY as EVALUATION_BODY
from .evaluations import create_evaluation_body, demo_third_party_evaluation
from .experts import create_expert_pool, demo_expert_review
from .filings import filings_demo
from .history import (
    NOTICE_BUREAU_CONTACT,
    NOTICE_DISCIPLINE_CONTACT,
    RULES_2019,
    on_day,
    replay_history,
)
from .integrity import find_and_dispose
from .integrity import plant as plant_signals
from .passwords import one_hash_per_password, unknown_password
from .peers import peer_applications
from .second_factor import give_demo_devices
from .training import training_demo

USCC_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# (name, district code, industry division, demo login or None, registration outcome)
ENTERPRISES = [
    ("常州绿源新材料有限公司", "320412", "26", "enterprise", "confirmed"),
    ("常州恒泰精密机械有限公司", "320412", "34", "enterprise2", "confirmed"),
    ("江苏天宁电子科技有限公司", "320402", "39", "enterprise3", "confirmed"),
    ("常州新北光伏材料有限公司", "320411", "38", "enterprise4", "pending"),
    ("溧阳华宇纺织有限公司", "320481", "17", "enterprise5", "rejected"),
    ("常州金坛新能源电池有限公司", "320413", "38", None, "confirmed"),
    ("常州钟楼食品有限公司", "320404", "14", None, "confirmed"),
    ("常州经开区智能装备有限公司", "320491", "35", None, "confirmed"),
    ("常州武进轨道交通装备有限公司", "320412", "37", None, "confirmed"),
    ("常州市新北化工有限公司", "320411", "26", None, "confirmed"),
    ("江苏溧阳水泥有限公司", "320481", "30", None, "confirmed"),
    ("常州天宁纺织印染有限公司", "320402", "17", None, "confirmed"),
    ("常州金坛盐化有限公司", "320413", "26", None, "pending"),
    ("常州钟楼汽车零部件有限公司", "320404", "36", None, "confirmed"),
    ("常州武进不锈钢管业有限公司", "320412", "31", None, "confirmed"),
    ("常州新北医药有限公司", "320411", "27", None, "confirmed"),
    ("常州经开区电机有限公司", "320491", "38", None, "pending"),
    ("溧阳市电缆有限公司", "320481", "38", None, "confirmed"),
    ("常州天宁包装材料有限公司", "320402", "29", None, "confirmed"),
    ("常州武进塑业有限公司", "320412", "29", None, "confirmed"),
    ("常州金坛纸业有限公司", "320413", "22", None, "confirmed"),
    ("常州新北特种钢有限公司", "320411", "31", None, "confirmed"),
    ("常州钟楼家具制造有限公司", "320404", "21", None, "confirmed"),
    ("常州经开区铝业有限公司", "320491", "32", None, "confirmed"),
    ("常州武进光学仪器有限公司", "320412", "40", None, "pending"),
    ("溧阳生物科技有限公司", "320481", "27", None, "confirmed"),
    ("常州天宁涂料有限公司", "320402", "26", None, "confirmed"),
    ("常州新北风电设备有限公司", "320411", "34", None, "confirmed"),
    ("常州金坛服装有限公司", "320413", "18", None, "confirmed"),
    ("常州武进绿色建材有限公司", "320412", "30", None, "confirmed"),
    ("常州天宁精工轴承有限公司", "320402", "34", None, "confirmed"),
    ("常州钟楼电子元件有限公司", "320404", "39", None, "confirmed"),
    ("常州新北智能电网设备有限公司", "320411", "38", None, "confirmed"),
    ("常州武进铸造有限公司", "320412", "33", None, "confirmed"),
    ("常州金坛化纤有限公司", "320413", "28", None, "confirmed"),
    ("溧阳市农机装备有限公司", "320481", "35", None, "confirmed"),
    ("常州经开区新材料科技有限公司", "320491", "26", None, "confirmed"),
    ("常州天宁食品饮料有限公司", "320402", "15", None, "confirmed"),
    ("常州新北汽车电子有限公司", "320411", "36", None, "confirmed"),
    ("常州武进节能环保设备有限公司", "320412", "35", None, "confirmed"),
    ("常州钟楼印刷包装有限公司", "320404", "23", None, "confirmed"),
    ("溧阳市建筑陶瓷有限公司", "320481", "30", None, "confirmed"),
    # Refused at start (decisions §51): a warehouse (section G, not industrial) established in
    # 2025, so neither an industrial enterprise nor two years in operation.
    ("常州捷达仓储物流有限公司", "320412", "59", "enterprise6", "confirmed"),
]
# 成立日期 on the business licence, where it is not derived from the enterprise's place above.
ESTABLISHED_ON = {"enterprise6": date(2025, 3, 1)}


def established_on(index: int, login: str | None) -> date:
    """The demo enterprises were established 2003–2014, long before the 2019 round."""
    return ESTABLISHED_ON.get(login) or date(2003 + index % 12, 1 + index % 12, 1 + index % 28)


def clean_review(day) -> dict:
    """A district pre-review with complete materials and clean credit checks on ``day``."""
    return {
        "materials_complete": True,
        "gates_verified": True,
        "credit_china_on": day,
        "credit_china_result": "clean",
        "credit_gsxt_on": day,
        "credit_gsxt_result": "clean",
        "credit_jiangsu_on": day,
        "credit_jiangsu_result": "clean",
        "notes": "材料齐全，信用记录良好。",
    }


PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞"]


def demo_uscc(rng: random.Random, district_code: str) -> str:
    body = "91" + district_code + "".join(rng.choice(USCC_ORG_ALPHABET) for _ in range(9))
    return body + check_character(body)


@transaction.atomic
def load_demo(
    password: str | None, *, applications: bool = True, history: bool = True
) -> tuple[str, list[tuple[str, str]]]:
    """Create the demo data once; on later runs only reset the demo passwords.

    ``history`` replays the past on its own dates (see ``demo.history``): the accounts and
    confirmed enterprises then date from May 2019, the 2019 batch is designated and its
    rewards paid, and the 2020 batch waits, fully reviewed, for the city to rank it.
    ``applications`` adds this year's applications.

    Returns the password and the (login, role) pairs to print.
    """
    password = password or issue_password()
    logins = []
    with one_hash_per_password():
        if not User.objects.filter(username="city").exists():
            _create(password, applications=applications, history=history)
        demo_users = list(User.objects.filter(username__in=DEMO_LOGINS))
        for user in demo_users:
            # In real time, after the replayed 2019: a fresh password, neither expired nor issued.
            user.set_password(password)
            user.is_active = True
            user.must_change_password = False
            user.save(
                update_fields=[
                    "password",
                    "password_changed_at",
                    "must_change_password",
                    "is_active",
                ]
            )
    give_demo_devices(demo_users, password)
    present = {user.username: user for user in User.objects.filter(username__in=DEMO_LOGINS)}
    for username in DEMO_LOGINS:
        # A demo loaded by an earlier version may lack a newer login: list what exists.
        if username in present:
            logins.append((username, present[username].get_role_display() or "-"))
    return password, logins


DEMO_LOGINS = [
    "enterprise",
    "enterprise2",
    "enterprise3",
    "enterprise4",
    "enterprise5",
    "enterprise6",
    "agency",
    "evaluator",
    "district",
    "district2",
    "city",
    "city2",
    "expert",
    "expert-01",
    "sysadmin",
    "secadmin",
    "auditadmin",
]


def _create(password: str, *, applications: bool, history: bool) -> None:
    rng = random.Random(20190513)  # noqa: S311  (reproducible demo codes)
    regions = {region.code: region for region in Region.objects.all()}
    with on_day(2019, 5, 20) if history else nullcontext():
        secadmin, agency, officers = _accounts(password, rng, regions)
        _enterprises(password, rng, regions, officers, confirmed=True)
    if history:
        replay_history(regions, officers, secadmin=secadmin)
    _enterprises(password, rng, regions, officers, confirmed=False)
    first = User.objects.get(username="enterprise").enterprise
    first.agencyauthorisation_set.create(agency=agency)
    _batches_and_applications(regions, officers, applications=applications, history=history)
    load_default_rates(regions["320400"])
    cultivation_demo()
    if history:
        from .supervision import spot_check_2023  # noqa: PLC0415 -- demo.supervision imports this module

        spot_check_2023(regions, officers)
        filings_demo()
        carbon_demo()
        from .upward import upward_demo  # noqa: PLC0415 -- demo.upward imports demo.rewards, which imports this module

        upward_demo()
    training_demo()


def _accounts(password, rng, regions):
    city = regions["320400"]
    # The three administrators are created as `manage.py create_administrators` creates them on
    # a new installation; the demo then gives them its password instead of their links.
    create_administrators(
        {
            Role.SYSTEM_ADMIN: {"username": "sysadmin"},
            Role.SECURITY_ADMIN: {"username": "secadmin"},
            Role.AUDIT_ADMIN: {"username": "auditadmin"},
        },
        operator="load_demo",
    )
    names = {"sysadmin": ("系", "统"), "secadmin": ("安", "全"), "auditadmin": ("审", "计")}
    for admin in User.objects.filter(username__in=names):
        admin.last_name, admin.first_name = names[admin.username]
        admin.set_password(password)
        admin.save()
    secadmin = User.objects.get(username="secadmin")

    # A consulting agency (咨询服务机构) that helps an enterprise prepare its materials, and a
    # third-party evaluation body (第三方评价机构) with another legal representative.
    agency = Agency.objects.create(
        uscc=demo_uscc(rng, "320402"),
        name="江苏绿源节能咨询服务有限公司",
        legal_representative="孙立新",
        contact_person="孙评",
        phone="0519-86001234",
    )
    body = create_evaluation_body(rng=rng, uscc=demo_uscc(rng, "320402"))
    grants = [
        ("city", Role.CITY_OFFICER, city, None, ("钱", "市局")),
        ("city2", Role.CITY_OFFICER, city, None, ("赵", "市局")),
        ("district", Role.DISTRICT_OFFICER, regions["320412"], None, ("孙", "武进")),
        ("district2", Role.DISTRICT_OFFICER, regions["320411"], None, ("李", "新北")),
        ("expert", Role.EXPERT, None, None, ("周", "专家")),
        ("agency", Role.AGENCY, None, agency, ("吴", "咨询")),
        ("evaluator", Role.EVALUATOR, None, body, ("许", "立衡")),
    ]
    for username, role, region, scope, (family, given) in grants:
        user = User(username=username, last_name=family, first_name=given)
        user.set_password(password)
        user.save()
        grant_role(
            user,
            actor=secadmin,
            role=role,
            region=region,
            agency=scope if role == Role.AGENCY else None,
            evaluation_body=scope if role == Role.EVALUATOR else None,
        )

    officers = {}
    for code in ("320402", "320404", "320411", "320412", "320413", "320481", "320491"):
        officer = User.objects.filter(role=Role.DISTRICT_OFFICER, region__code=code).first()
        if officer is None:
            officer = User(username=f"district-{code}", last_name="区", first_name=code)
            officer.set_password(unknown_password())
            officer.save()
            officer = grant_role(
                officer, actor=secadmin, role=Role.DISTRICT_OFFICER, region=regions[code]
            )
        officers[code] = officer
    city_officer = User.objects.get(username="city")
    create_expert_pool(secadmin=secadmin, city=city_officer)
    return secadmin, agency, officers


def _enterprises(password, rng, regions, officers, *, confirmed: bool) -> None:
    """Register the demo enterprises: the confirmed ones, or the others."""
    industries = {industry.code: industry for industry in Industry.objects.all()}
    for index, (name, district_code, division, login, outcome) in enumerate(ENTERPRISES):
        if (outcome == "confirmed") != confirmed:
            continue
        person = PEOPLE[index % len(PEOPLE)]
        user = register_enterprise(
            uscc=demo_uscc(rng, district_code),
            name=name,
            district=regions[district_code],
            industry=industries[division],
            established_on=established_on(index, login),
            address=f"常州市{regions[district_code].name}绿色路{index + 1}号",
            contact_person=person,
            phone=f"1390519{index:04d}",
            email=f"contact{index + 1}@example.com",
            username=login or f"ent{index + 1:02d}",
            password=password if login else unknown_password(),
            last_name=person[0],
            first_name=person[1:],
        )
        officer = officers[district_code]
        if outcome == "confirmed":
            confirm_enterprise(user.enterprise, actor=officer)
        elif outcome == "rejected":
            reject_enterprise(
                user.enterprise,
                actor=officer,
                reason="营业执照地址不在本辖区，请核对注册地址后重新提交。",
            )


def _batches_and_applications(regions, officers, *, applications: bool, history: bool) -> None:
    """This year's open batch on the five-part system with applications in several states;
    without the replayed history, the 2019 batch is recorded as a closed past batch."""
    checked = clean_review(timezone.localdate())
    city = User.objects.get(username="city")
    table = CoefficientTable.objects.get(code="GBT2589-2020+GRID2023")
    shanghai = ZoneInfo("Asia/Shanghai")
    if not history:
        create_batch(
            actor=city,
            region=regions["320400"],
            historical=True,
            year=2019,
            title="2019年常州市绿色工厂申报",
            opens_at=datetime(2019, 6, 1, 9, 0, tzinfo=shanghai),
            closes_at=datetime(2019, 7, 31, 17, 0, tzinfo=shanghai),
            indicator_system=IndicatorSystem.objects.get(code="GBT36132-2018", version=1),
            coefficient_table=table,
            grid_factor=table.grid_factors.get(key="national_2022"),
            **RULES_2019,
        )
    now = timezone.now()
    year = timezone.localdate().year
    batch = create_batch(
        actor=city,
        region=regions["320400"],
        year=year,
        title=f"{year}年常州市绿色工厂申报",
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=60),
        # Version 2: the benchmark rows per industry (§52) apply to the factories of its four
        # industries, for example 常州恒泰精密机械 (34) in the expert review.
        indicator_system=IndicatorSystem.objects.get(code="GBT36132-2025", version=2),
        coefficient_table=table,
        grid_factor=table.grid_factors.get(key="east_china_2023"),
        # The bureau commissions third-party evaluations in this batch (决策 §54).
        third_party_report_required=True,
        notice_bureau_contact=NOTICE_BUREAU_CONTACT,
        notice_discipline_contact=NOTICE_DISCIPLINE_CONTACT,
    )
    batch = move_batch(batch, BatchState.OPEN, actor=city)
    # The 2019 plan's target (常州市绿色工厂创建实施方案, 2019-05-13).
    create_target(
        actor=city,
        region=regions["320400"],
        level="city",
        count=40,
        by_year=2020,
        from_year=2019,
        note="常州市绿色工厂创建实施方案（2019年5月13日）：到2020年，力争创建40家市级绿色工厂。",
    )

    def user(username):
        return User.objects.get(username=username)

    if not applications:
        return

    draft = start_application(batch, actor=user("enterprise"))
    fill_form(draft, actor=user("enterprise"))
    fill_performance(draft, actor=user("enterprise"), rng=random.Random(7))  # noqa: S311

    for seed, (username, quality) in enumerate(
        [
            ("enterprise2", 0.9),
            ("enterprise3", 0.8),
            ("ent06", 0.95),
            ("ent07", 0.7),
            ("ent08", 0.85),
            ("ent09", 0.6),
            ("ent10", 0.75),
            ("ent11", 0.88),
        ],
        start=1,
    ):
        applicant = user(username)
        application = start_application(batch, actor=applicant)
        fill_application(application, actor=applicant, quality=quality, seed=seed)
        plant_signals(application, username, actor=applicant)
        submit_application(application, actor=applicant)
        officer = officers[applicant.enterprise.district.code]
        if username == "enterprise3":
            indicator = batch.indicator_system.indicators.get(code="2.1.1")
            save_district_review(
                application,
                actor=officer,
                data=checked,
                comments={
                    indicator: "单位产品取水量的证明材料不清晰，请补充近三年水平衡测试报告。"
                },
            )
            return_application(
                application, actor=officer, reason="请按以下意见补充材料后重新提交。"
            )
        elif username in ("enterprise2", "ent06", "ent08", "ent11"):
            save_district_review(application, actor=officer, data=checked, comments={})
            application = recommend_application(application, actor=officer)
            if username in ("enterprise2", "ent06"):
                demo_site_audit(application, officer, complete=username == "enterprise2")
            if username == "enterprise2":
                demo_expert_review(application)
                demo_third_party_evaluation(
                    application, body=EvaluationBody.objects.get(name=EVALUATION_BODY["name"])
                )
        elif username == "ent07":
            reject_application(
                application, actor=officer, reason="近三年发生一般及以上环境污染事件，不予推荐。"
            )
    # Ten more factories of enterprise2's industry, for its peer comparison (decisions §67).
    peer_applications(
        batch,
        regions,
        officers,
        rng=random.Random(34),  # noqa: S311  (reproducible demo codes)
        uscc=demo_uscc,
    )
    find_and_dispose(batch, officers)


def demo_site_audit(application, district_officer, *, complete: bool) -> None:
    """A joint audit in three days; for one application it is already carried out."""
    city, expert = User.objects.get(username="city"), User.objects.get(username="expert")
    audit = schedule_site_audit(
        application,
        actor=city,
        when=timezone.now() + timedelta(days=3),
        location=f"{application.enterprise.name}一号会议室及生产车间",
        members=[city, district_officer, expert],
        lead=city,
    )
    if not complete:
        return
    findings = []
    for answer in application.self_evaluations.select_related("indicator").order_by(
        "indicator__position"
    )[:6]:
        indicator = answer.indicator
        data = {"methods": ["recheck", "originals"], "finding": "与原件一致。"}
        if indicator.kind == "gate":
            data["verified_met"] = True
        elif answer.score is not None:
            data["verified_score"] = answer.score
        elif answer.value is not None:
            data["verified_value"] = answer.value
        findings.append((indicator, data))
    adjusted = application.self_evaluations.filter(score__gt=1).select_related("indicator").first()
    if adjusted is not None:
        findings.append(
            (
                adjusted.indicator,
                {
                    "methods": ["on_site"],
                    "verified_score": adjusted.score - Decimal(1),
                    "change_reason": "现场查看发现部分改造尚未完工。",
                    "finding": "照明改造完成约七成。",
                },
            )
        )
    # The team's findings entered as one edit (the audit's page saves them one by one).
    record_findings(audit, findings, actor=expert)
    complete_site_audit(
        audit, actor=city, conclusion="申报材料与现场情况基本一致，同意进入专家评审。"
    )
