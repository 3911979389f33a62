"""Recommending designated factories upward to the province (向省级推荐).

The city bureau picks valid city-level titles of its region and receives one ZIP: the summary
workbook in the layout of the recommendation letter's attachment (推荐汇总表.xlsx: 汇总表 and the
scores per indicator), and a folder per factory with its documents — the 自评报告 built from the
application, the signed and sealed scan when the enterprise uploaded one as PDF, the on-site
audit record, and the certificate. The ZIP is written into a temporary file one document at a
time, so a long list never sits in memory whole.
"""

import re
import shutil
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from greenfactory.accounts.scope import inside
from greenfactory.applications.domain.figures import figures_by_year, self_score
from greenfactory.applications.domain.report import build_self_report_pdf
from greenfactory.applications.enums import EvidenceKind
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import request_export
from greenfactory.core.refusals import Refused
from greenfactory.core.spreadsheets import DECIMAL, INTEGER, Column, write_table
from greenfactory.programme.enums import IndicatorKind, Programme
from greenfactory.reviews.domain.aggregation import mean
from greenfactory.reviews.enums import AuditStatus
from greenfactory.reviews.models import ExpertScore, SiteAudit

from ..enums import TitleLevel, TitleStatus
from ..models import Title
from .validity import in_force_q

UPWARD_EXPORT = "recognition_upward"
WORKBOOK_NAME = "推荐汇总表.xlsx"
SUMMARY_SHEET = "汇总表"
SCORES_SHEET = "指标得分"
SUMMARY_COLUMNS = [
    Column("序号", INTEGER),
    Column("企业名称", width=24),
    Column("统一社会信用代码"),
    Column("所属地区"),
    Column("所属行业（GB/T 4754）", width=20),
    Column("认定年份", INTEGER),
    Column("证书编号"),
    Column("专家评审得分", DECIMAL),
    Column("绩效数据年度", INTEGER),
    Column("综合能耗（tce）", DECIMAL),
    Column("单位产品综合能耗"),
    Column("碳排放总量（tCO₂）", DECIMAL),
    Column("单位产品碳排放"),
    Column("联系人"),
    Column("联系电话"),
]
SUMMARY_HEADER = [column.header for column in SUMMARY_COLUMNS]
SCORES_COLUMNS = [
    Column("序号", INTEGER),
    Column("企业名称", width=24),
    Column("指标编号"),
    Column("指标名称", width=24),
    Column("分值", DECIMAL),
    Column("自评得分", DECIMAL),
    Column("专家评分（均值）", DECIMAL),
    Column("评分专家数", INTEGER),
]
SCORES_HEADER = [column.header for column in SCORES_COLUMNS]
SELF_REPORT = "自评报告.pdf"
SIGNED_REPORT = "自评报告（签章扫描件）.pdf"
AUDIT_RECORD = "现场审核记录.pdf"
CERTIFICATE = "证书.pdf"
CHUNK = 1024 * 1024


class UpwardRefused(Refused):
    """The export cannot be requested as asked; the message says why."""


def upward_candidates(user, *, year: int | None = None) -> QuerySet[Title]:
    """The titles a city officer may recommend upward: city-level green factory titles of
    enterprises in the officer's region that are in force today (``validity.in_force_q``) and
    not under a spot check or rectification (the province's forms are the green factory's,
    decisions §72). Nobody else has any."""
    if not (user and user.is_authenticated and user.is_active and user.region_id):
        return Title.objects.none()
    if not user.has_perm("titles.export_upward"):
        return Title.objects.none()
    titles = Title.objects.select_related(
        "enterprise__district__parent",
        "enterprise__industry__parent",
        "application__expert_result",
    ).filter(
        inside(user.region, via="enterprise__district"),
        in_force_q(),
        programme=Programme.GREEN_FACTORY,
        level=TitleLevel.CITY,
        status=TitleStatus.VALID,
    )
    if year is not None:
        titles = titles.filter(year=year)
    return titles.order_by("enterprise__name", "pk")


def upward_years(user) -> list[int]:
    """The years of the candidates, newest first."""
    return list(upward_candidates(user).order_by("-year").values_list("year", flat=True).distinct())


def request_upward_export(titles, *, actor, year: int):
    """Queue the ZIP of the chosen titles for ``actor``.

    Refused (``PermissionDenied``) without ``titles.export_upward`` or when a title is not
    a valid city-level title of the actor's region; refused (``UpwardRefused``) without titles
    or with a title of another year.

    Side effects (one transaction): the export job, built by the worker after commit; audit
    entry ``recognition.upward_export.requested`` with the year and the titles."""
    if not actor.has_perm("titles.export_upward"):
        raise PermissionDenied
    codes = list(dict.fromkeys(title.code for title in titles))
    if not codes:
        raise UpwardRefused(_("Choose at least one title."))
    with transaction.atomic():
        chosen = list(upward_candidates(actor).filter(code__in=codes))
        if len(chosen) != len(codes):
            raise PermissionDenied
        if any(title.year != year for title in chosen):
            raise UpwardRefused(_("Every title chosen must be of the year chosen."))
        job = request_export(UPWARD_EXPORT, actor=actor, params={"year": year, "titles": codes})
        record_event(
            "recognition.upward_export.requested",
            actor=actor,
            obj=job,
            changes={
                "year": year,
                "titles": [
                    f"{title.enterprise.name} {title.certificate_number or title.code}"
                    for title in chosen
                ],
            },
        )
    return job


# ---- the ZIP --------------------------------------------------------------------------------


@dataclass
class Factory:
    """One recommended factory: its title, application and the figures of its latest year."""

    number: int
    title: Title
    application: object | None
    year: int | None = None
    figures: dict | None = None

    @property
    def folder(self) -> str:
        name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", self.title.enterprise.name).strip(". ")
        return f"{self.number:02d}-{name or '企业'}"


def _decimal(value, places: int = 4):
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def _figure(figures: dict, key: str):
    figure = figures.get(key)
    return _decimal(figure.value) if figure is not None else None


def _with_unit(figure) -> str | None:
    if figure is None or figure.value is None:
        return None
    text = format(_decimal(figure.value).normalize(), "f")
    return f"{text} {figure.unit}".strip()


def _region(enterprise) -> str:
    district = enterprise.district
    parent = district.parent
    return f"{parent.name}{district.name}" if parent and parent.level == "city" else district.name


def _industry(enterprise) -> str:
    industry = enterprise.industry
    section = industry.parent.code if industry.parent_id else ""
    return f"{section}{industry.code} {industry.name}"


def _factories(titles) -> list[Factory]:
    factories = []
    for number, title in enumerate(titles, start=1):
        factory = Factory(number, title, title.application)
        if factory.application is not None:
            years = figures_by_year(factory.application)
            if years:
                factory.year = max(years)
                factory.figures = years[factory.year]
        factories.append(factory)
    return factories


def summary_rows(factories: list[Factory]):
    """The rows of 汇总表, one per factory, in the order chosen."""
    for factory in factories:
        title, application = factory.title, factory.application
        enterprise = title.enterprise
        figures = factory.figures or {}
        result = getattr(application, "expert_result", None) if application else None

        yield [
            factory.number,
            enterprise.name,
            enterprise.uscc,
            _region(enterprise),
            _industry(enterprise),
            title.year,
            title.certificate_number or "",
            result.score if result is not None else None,
            factory.year,
            _figure(figures, "comprehensive_energy"),
            _with_unit(figures.get("unit_product_energy")),
            _figure(figures, "carbon_emissions"),
            _with_unit(figures.get("unit_product_carbon")),
            (application.contact_person if application else "") or enterprise.contact_person,
            (application.contact_phone if application else "") or enterprise.phone,
        ]


def _expert_points(applications) -> dict[tuple[int, int], list[Decimal]]:
    """Each submitted expert's points per (application, indicator): one query."""
    points: dict[tuple[int, int], list[Decimal]] = {}
    rows = ExpertScore.objects.filter(
        assignment__application__in=applications,
        assignment__submitted_at__isnull=False,
        score__isnull=False,
        not_applicable=False,
    ).values_list("assignment__application_id", "indicator_id", "score")
    for application_id, indicator_id, score in rows:
        points.setdefault((application_id, indicator_id), []).append(Decimal(score))
    return points


def score_rows(factories: list[Factory]):
    """The rows of 指标得分: for each factory each scored indicator with its self score and the
    mean of the submitted experts' points, then the totals."""
    applications = [f.application for f in factories if f.application is not None]
    experts = _expert_points([a.pk for a in applications])
    systems: dict[int, list] = {}
    for factory in factories:
        application = factory.application
        if application is None:
            continue
        system_id = application.batch.indicator_system_id
        if system_id not in systems:
            systems[system_id] = list(
                application.batch.indicator_system.indicators.order_by("position")
            )
        indicators = systems[system_id]
        sheet = self_score(application, indicators)
        name = factory.title.enterprise.name
        for indicator in indicators:
            if not indicator.is_scored or indicator.kind == IndicatorKind.GROUP:
                continue
            item = sheet.items.get(indicator.code)
            given = experts.get((application.pk, indicator.pk), [])
            yield [
                factory.number,
                name,
                indicator.code,
                indicator.name,
                indicator.max_points,
                item.points if item is not None else None,
                mean(given) if given else None,
                len(given),
            ]
        result = getattr(application, "expert_result", None)
        yield [
            factory.number,
            name,
            None,
            "合计",
            None,
            sheet.total,
            result.score if result is not None else None,
            result.expert_count if result is not None else None,
        ]


def write_workbook(factories: list[Factory], target, *, issuer: str = "", year=None) -> None:
    """推荐汇总表 into ``target`` (a writable binary file): each sheet titled and print-ready
    (``core.spreadsheets.write_table``), every cell escaped."""
    workbook = Workbook(write_only=True)
    heading = f"{year}年绿色工厂推荐" if year else "绿色工厂推荐"
    filters = f"推荐{len(factories)}家企业"
    for name, columns, rows in (
        (SUMMARY_SHEET, SUMMARY_COLUMNS, summary_rows(factories)),
        (SCORES_SHEET, SCORES_COLUMNS, score_rows(factories)),
    ):
        write_table(
            workbook.create_sheet(),
            title=f"{heading}{name}",
            columns=columns,
            rows=rows,
            issuer=issuer,
            filters=filters,
            sheet_name=name,
        )
    workbook.save(target)


def _copy_stored(archive: zipfile.ZipFile, field_file, arcname: str) -> None:
    """Stream a stored file into the archive. A file recorded but gone from storage fails the
    export (``FileNotFoundError``) rather than leaving a document out unnoticed."""
    with field_file.open("rb") as source, archive.open(arcname, "w", force_zip64=True) as entry:
        shutil.copyfileobj(source, entry, CHUNK)


def factory_documents(factory: Factory) -> list[tuple[str, object]]:
    """What goes into the factory's folder: (file name, a function building it or a stored
    file)."""
    documents: list[tuple[str, object]] = []
    application = factory.application
    if application is not None:
        documents.append((SELF_REPORT, lambda: build_self_report_pdf(application)))
        scan = (
            application.evidence_files.filter(
                kind=EvidenceKind.REPORT_SCAN, content_type="application/pdf"
            )
            .order_by("-uploaded_at", "-pk")
            .first()
        )
        if scan is not None:
            documents.append((SIGNED_REPORT, scan.file))
        audit = (
            SiteAudit.objects.filter(application=application, status=AuditStatus.COMPLETED)
            .exclude(record="")
            .order_by("-completed_at", "-pk")
            .first()
        )
        if audit is not None:
            documents.append((AUDIT_RECORD, audit.record))
    if factory.title.certificate:
        documents.append((CERTIFICATE, factory.title.certificate))
    return documents


def write_upward_zip(titles, target, *, issuer: str = "", year=None) -> int:
    """The whole package into ``target`` (a writable, seekable binary file); returns the number
    of factories. Each PDF is built or read, written and let go before the next."""
    factories = _factories(titles)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(WORKBOOK_NAME, "w", force_zip64=True) as entry:
            write_workbook(factories, entry, issuer=issuer, year=year)
        for factory in factories:
            for name, source in factory_documents(factory):
                arcname = f"{factory.folder}/{name}"
                if callable(source):
                    archive.writestr(arcname, source())
                else:
                    _copy_stored(archive, source, arcname)
    return len(factories)
