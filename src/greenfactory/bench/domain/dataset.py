"""The synthetic province for benchmarks: enterprises in every district of Jiangsu, batches per
city, applications in every state with their history, answers, reviews and expert scores,
titles over the years with certificate numbers, and evidence file records.

A generator, not a user: rows are written with ``bulk_create`` past the domain functions
(no audit entries, no notifications), but they are what the domain functions would leave —
every application has the ``StatusChange`` rows of its path through the transition table, a
version once submitted, a district review once decided, a site audit once scheduled, expert
assignments and scores once in expert review, an ``ExpertResult`` (scored by
``score_application`` and aggregated by the batch's rule) once reviewed; titles carry
certificate numbers drawn in order with their ``CertificateCounter``. Every evidence record
points to one stored sample PDF and says so in its file name. Accounts get unusable passwords.
"""

import hashlib
import random
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from greenfactory.accounts.enums import EnterpriseStatus, Role
from greenfactory.accounts.models import Enterprise, Industry, User
from greenfactory.applications.enums import ApplicationState as S
from greenfactory.applications.models import (
    Application,
    ApplicationVersion,
    EvidenceFile,
    SelfEvaluation,
    StatusChange,
)
from greenfactory.programme.enums import BatchState
from greenfactory.programme.models import Batch, CoefficientTable, IndicatorSystem
from greenfactory.reviews.models import (
    DistrictReview,
    ExpertAssignment,
    ExpertResult,
    ExpertScore,
    SiteAudit,
)
from greenfactory.titles.domain.validity import term_for
from greenfactory.titles.enums import TitleLevel, TitleSource, TitleStatus
from greenfactory.titles.models import Title, TitleStatusChange

from .people import TRADES, CodeSource, enterprise_name, mobile, person, uscc_for
from .regions import districts_of, jiangsu_cities, load_jiangsu_regions
from .reviews import ApplicationWriter

SHANGHAI = ZoneInfo("Asia/Shanghai")
USERNAME_PREFIX = "gen-"
SAMPLE_PATH = "evidence/generated/sample-evidence.pdf"
SAMPLE_NAME = "生成数据样例证明材料.pdf"
# Titles of other levels imported from provincial and national lists, per enterprise.
IMPORTED_SHARE = 0.03


GENERATED_MODELS = (
    Enterprise,
    Batch,
    Application,
    ApplicationVersion,
    EvidenceFile,
    SelfEvaluation,
    StatusChange,
    DistrictReview,
    ExpertAssignment,
    ExpertResult,
    ExpertScore,
    SiteAudit,
    Title,
    TitleStatusChange,
)


class DatasetExists(Exception):
    """The database already holds a generated province."""


def sample_pdf() -> bytes:
    """A small valid one-page PDF, stored once and referenced by every evidence record."""
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    body += b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    body += b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    body += b"trailer<</Root 1 0 R>>\n%%EOF\n"
    return body


@contextmanager
def own_timestamps(*models):
    """Let the generator write past dates into ``auto_now``/``auto_now_add`` fields."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def moment(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


class Generator:
    def __init__(
        self,
        *,
        enterprises: int,
        batches: int,
        seed: int,
        apply_rate: float,
        cities: list[str] | None = None,
        ranking_applications: int = 0,
    ):
        self.only_cities = cities
        self.ranking_applications = ranking_applications
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.code = CodeSource(self.rng)
        self.n_enterprises = enterprises
        self.n_batches = batches
        self.apply_rate = apply_rate
        self.offset = self.rng.randrange(10**12)
        self.today = timezone.localdate()
        self.counts: Counter = Counter()
        self.timings: dict[str, float] = {}

    @contextmanager
    def timed(self, step: str):
        started = time.perf_counter()
        yield
        self.timings[step] = round(time.perf_counter() - started, 2)

    def user(self, username: str, role: str, family: str, given: str, **scope) -> User:
        return User(
            username=username,
            code=self.code(),
            role=role,
            last_name=family,
            first_name=given,
            password=UNUSABLE_PASSWORD_PREFIX + "generated",
            date_joined=moment(self.today.year - self.n_batches, 1, 5),
            # A fresh password, so that the pages answer rather than ask for a new one.
            password_changed_at=timezone.now(),
            **scope,
        )

    def run(self) -> dict:
        if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
            raise DatasetExists("generated data is already present")
        with self.timed("regions"):
            load_jiangsu_regions()
            self.cities = [
                city
                for city in jiangsu_cities()
                if not self.only_cities or city.code in self.only_cities
            ]
            self.districts = {city.pk: districts_of(city) for city in self.cities}
        with self.timed("officers and experts"):
            self.officers()
        with self.timed("enterprises"):
            self.enterprises()
        with self.timed("applications"):
            self.applications()
        with self.timed("imported titles"):
            self.imported_titles()
        if self.ranking_applications:
            with self.timed("batch to rank"):
                self.batch_to_rank()
        return {"counts": dict(self.counts), "seconds": self.timings}

    def imported_titles(self) -> None:
        """Provincial and national titles of earlier years, imported from the published lists."""
        titles = []
        terms = {level: term_for(level) for level in (TitleLevel.PROVINCIAL, TitleLevel.NATIONAL)}
        first = self.today.year - self.n_batches
        for enterprises in self.confirmed_by_city.values():
            for enterprise in enterprises:
                if self.rng.random() >= IMPORTED_SHARE:
                    continue
                year = self.rng.randrange(first - 3, self.today.year)
                issued = date(year, 11, 1)
                level = self.rng.choice([TitleLevel.PROVINCIAL, TitleLevel.NATIONAL])
                titles.append(
                    Title(
                        code=self.code(),
                        enterprise_id=enterprise.pk,
                        level=level,
                        year=year,
                        source=TitleSource.IMPORTED,
                        status=TitleStatus.VALID,
                        issued_on=issued,
                        valid_until=terms[level].due_by(issued),
                        created_at=moment(year, 12, 1),
                    )
                )
        Title.objects.bulk_create(titles, batch_size=2000)
        TitleStatusChange.objects.bulk_create(
            [
                TitleStatusChange(
                    title=t, from_status="", to_status=TitleStatus.VALID, at=t.created_at
                )
                for t in titles
            ],
            batch_size=2000,
        )
        self.counts["titles"] += len(titles)

    def officers(self) -> None:
        rows = []
        for city in self.cities:
            rows.append(
                self.user(
                    f"{USERNAME_PREFIX}city-{city.code}", Role.CITY_OFFICER, "市", "局", region=city
                )
            )
            for district in self.districts[city.pk]:
                rows.append(
                    self.user(
                        f"{USERNAME_PREFIX}district-{district.code}",
                        Role.DISTRICT_OFFICER,
                        "区",
                        district.name,
                        region=district,
                    )
                )
        experts = max(10, self.n_enterprises // 500)
        rows += [
            self.user(f"{USERNAME_PREFIX}expert-{i:04d}", Role.EXPERT, *person(self.rng))
            for i in range(experts)
        ]
        User.objects.bulk_create(rows, batch_size=2000)
        self.counts["officer and expert accounts"] = len(rows)
        by_name = {u.username: u for u in User.objects.filter(username__startswith=USERNAME_PREFIX)}
        self.city_officer = {c.pk: by_name[f"{USERNAME_PREFIX}city-{c.code}"] for c in self.cities}
        self.district_officer = {
            d.pk: by_name[f"{USERNAME_PREFIX}district-{d.code}"]
            for city in self.cities
            for d in self.districts[city.pk]
        }
        self.experts = [by_name[f"{USERNAME_PREFIX}expert-{i:04d}"] for i in range(experts)]

    def enterprises(self) -> None:
        divisions = list(Industry.objects.filter(parent__isnull=False, code__in=list(TRADES)))
        all_districts = [(city, d) for city in self.cities for d in self.districts[city.pk]]
        registered = moment(self.today.year - self.n_batches, 3, 1)
        rows = []
        for index in range(self.n_enterprises):
            if index < len(all_districts):
                city, district = all_districts[index]
            else:
                city, district = self.rng.choice(all_districts)
            industry = self.rng.choice(divisions)
            family, given = person(self.rng)
            draw = self.rng.random()
            status = (
                EnterpriseStatus.CONFIRMED
                if draw < 0.9
                else EnterpriseStatus.PENDING
                if draw < 0.97
                else EnterpriseStatus.REJECTED
            )
            rows.append(
                Enterprise(
                    code=self.code(),
                    uscc=uscc_for(index, district.code, self.offset),
                    name=enterprise_name(self.rng, city.name, industry.code),
                    district=district,
                    industry=industry,
                    address=f"{city.name}{district.name}工业园区{self.rng.randrange(1, 999)}号",
                    contact_person=family + given,
                    phone=mobile(self.rng),
                    status=status,
                    status_reason=(
                        "营业执照地址不在本辖区。" if status == EnterpriseStatus.REJECTED else ""
                    ),
                    confirmed_at=registered if status == EnterpriseStatus.CONFIRMED else None,
                    # 成立日期, years before the platform (decisions §51); confirmed with the
                    # registration.
                    established_on=date(1995 + index % 20, 1 + index % 12, 1 + index % 28),
                    established_on_confirmed=status == EnterpriseStatus.CONFIRMED,
                    created_at=registered,
                    updated_at=registered,
                )
            )
        Enterprise.objects.bulk_create(rows, batch_size=2000)
        created = rows
        users = []
        for enterprise in created:
            family, given = person(self.rng)
            users.append(
                self.user(
                    f"{USERNAME_PREFIX}e{enterprise.pk}",
                    Role.ENTERPRISE,
                    family,
                    given,
                    enterprise_id=enterprise.pk,
                )
            )
        User.objects.bulk_create(users, batch_size=2000)
        self.counts["enterprises"] = len(created)
        self.counts["enterprise accounts"] = len(users)
        self.enterprise_user = dict(
            User.objects.filter(
                role=Role.ENTERPRISE, username__startswith=USERNAME_PREFIX
            ).values_list("enterprise_id", "pk")
        )
        self.confirmed_by_city = defaultdict(list)
        city_of = {d.pk: city for city in self.cities for d in self.districts[city.pk]}
        for enterprise in created:
            if enterprise.status == EnterpriseStatus.CONFIRMED:
                self.confirmed_by_city[city_of[enterprise.district_id].pk].append(enterprise)

    def applications(self) -> None:
        if not default_storage.exists(SAMPLE_PATH):
            default_storage.save(SAMPLE_PATH, ContentFile(sample_pdf()))
        sample = sample_pdf()
        evidence = {
            "path": SAMPLE_PATH,
            "name": SAMPLE_NAME,
            "size": len(sample),
            "sha256": hashlib.sha256(sample).hexdigest(),
        }
        table = CoefficientTable.objects.get(code="GBT2589-2020+GRID2023")
        grid = table.grid_factors.get(key="east_china_2023")
        systems = {
            "2018": IndicatorSystem.objects.get(code="GBT36132-2018", version=1),
            "2025": IndicatorSystem.objects.get(code="GBT36132-2025", version=1),
        }
        writer = self.writer = ApplicationWriter(self, evidence)
        self.table, self.grid, self.systems = table, grid, systems
        first_year = self.today.year - self.n_batches + 1
        for city in self.cities:
            for year in range(first_year, self.today.year + 1):
                current = year == self.today.year
                system = systems["2025" if year >= 2025 else "2018"]
                opens = (
                    moment(year, 3, 1, 9) if not current else timezone.now() - timedelta(days=40)
                )
                batch = self.batch(
                    city, year, system, opens, BatchState.OPEN if current else BatchState.PUBLISHED
                )
                self.counts["batches"] += 1
                pool = self.confirmed_by_city[city.pk]
                chosen = [e for e in pool if self.rng.random() < self.apply_rate]
                with transaction.atomic():
                    writer.write_batch(batch, chosen, current=current)

    def batch(self, city, year, system, opens, state) -> Batch:
        batch = Batch(
            code=self.code(),
            region=city,
            year=year,
            title=f"{year}年{city.name}绿色工厂申报",
            opens_at=opens,
            closes_at=opens + timedelta(days=90),
            indicator_system=system,
            coefficient_table=self.table,
            grid_factor=self.grid,
            state=state,
            created_at=opens - timedelta(days=7),
            updated_at=opens,
        )
        batch.save()
        return batch

    def batch_to_rank(self) -> None:
        """A batch of the first city in review, every application reviewed by its experts:
        what the ranking benchmark ranks."""
        city = self.cities[0]
        enterprises = self.confirmed_by_city[city.pk][: self.ranking_applications]
        opens = timezone.now() - timedelta(days=200)
        batch = self.batch(city, self.today.year, self.systems["2025"], opens, BatchState.IN_REVIEW)
        self.counts["batches"] += 1
        self.counts["applications to rank"] = len(enterprises)
        for start in range(0, len(enterprises), 500):
            chunk = enterprises[start : start + 500]
            self.writer.write_chunk(batch, chunk, [S.REVIEWED] * len(chunk))


def generate_dataset(
    *,
    enterprises: int,
    batches: int = 3,
    seed: int = 1,
    apply_rate: float = 0.05,
    cities: list[str] | None = None,
    ranking_applications: int = 0,
) -> dict:
    """Generate the province into the current database; refuses if it is already there.

    Returns the row counts and the seconds spent per step.
    """
    if enterprises < 1 or batches < 1 or not 0 < apply_rate <= 1:
        raise ValueError("enterprises and batches must be positive, apply_rate in (0, 1]")
    generator = Generator(
        enterprises=enterprises,
        batches=batches,
        seed=seed,
        apply_rate=apply_rate,
        cities=cities,
        ranking_applications=ranking_applications,
    )
    with transaction.atomic(), own_timestamps(*GENERATED_MODELS):
        report = generator.run()
    # The query planner's statistics, as a database in service has them (PostgreSQL's
    # autovacuum gathers them; on SQLite only ANALYZE does, which nothing else runs).
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report["seconds"]["statistics"] = round(time.perf_counter() - started, 2)
    return report
