"""The generated province: counts, valid credit codes, every state, consistent rows, and the
same visibility rules as real data."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F

from greenfactory.accounts.enums import RegionLevel, Role
from greenfactory.accounts.models import Enterprise, Region, User
from greenfactory.accounts.uscc import is_valid_uscc
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.domain.transitions import TRANSITIONS
from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.models import Application, EvidenceFile, StatusChange
from greenfactory.bench.domain.dataset import generate_dataset
from greenfactory.reviews.models import ExpertAssignment, ExpertResult, ExpertScore
from greenfactory.titles.certificates import parse_number
from greenfactory.titles.models import CertificateCounter, Title

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return generate_dataset(enterprises=60, batches=2, seed=7, apply_rate=0.6)


def test_counts_and_every_jiangsu_city(province):
    cities = Region.objects.filter(level=RegionLevel.CITY, parent__code="320000")
    assert cities.count() == 13
    assert Region.objects.get(code="320583").name == "昆山市"
    assert all(city.children.exists() for city in cities)
    assert province["counts"]["enterprises"] == 60 == Enterprise.objects.count()
    assert User.objects.filter(role=Role.ENTERPRISE).count() == 60
    # The first enterprises go one to a district, so every district of Jiangsu has one.
    districts = Region.objects.filter(level=RegionLevel.DISTRICT, path__startswith="CN/320000/")
    assert districts.count() == 96
    assert province["counts"]["batches"] == 26


def test_credit_codes_valid_and_unique(province):
    codes = list(Enterprise.objects.values_list("uscc", "district__code"))
    assert all(is_valid_uscc(code) for code, _district in codes)
    assert all(code[2:8] == district for code, district in codes)
    assert len({code for code, _district in codes}) == len(codes)


def test_every_state_with_its_history(province):
    states = set(Application.objects.values_list("state", flat=True))
    assert states == set(ApplicationState.values)
    for application in Application.objects.all():
        steps = list(application.status_changes.values_list("from_state", "to_state"))
        assert all(pair in TRANSITIONS for pair in steps)
        assert (steps[-1][1] if steps else ApplicationState.DRAFT) == application.state
        assert application.versions.exists() == (application.submitted_at is not None)
    reviewed = Application.objects.filter(state=ApplicationState.REVIEWED)
    assert ExpertResult.objects.count() == reviewed.count()
    for assignment in ExpertAssignment.objects.filter(application__in=reviewed):
        assert assignment.submitted_at is not None
        assert assignment.scores.count() == (
            assignment.application.batch.indicator_system.indicators.exclude(kind="group").count()
        )
    assert ExpertScore.objects.count() == province["counts"]["expert scores"]
    assert StatusChange.objects.count() == province["counts"]["status"]


def test_titles_numbered_and_evidence_readable(province):
    designated = Title.objects.filter(source="designated")
    assert designated.exists()
    for title in designated:
        assert parse_number(title.certificate_number) is not None
        assert title.application.state == ApplicationState.REVIEWED
        assert title.application.expert_result.score > title.batch.pass_threshold
    for counter in CertificateCounter.objects.all():
        assert designated.filter(batch__region=counter.region, year=counter.year).count() == (
            counter.last
        )
    evidence = EvidenceFile.objects.first()
    with default_storage.open(evidence.file.name) as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == evidence.sha256
    assert "样例" in evidence.original_name


def test_district_officer_sees_only_own_district(province):
    officer = User.objects.get(username="gen-district-320583")
    visible = applications_visible_to(officer)
    assert visible.exists()
    assert set(visible.values_list("enterprise__district__code", flat=True)) == {"320583"}
    # every generated application carries its enterprise's district and its submitted score
    assert not Application.objects.exclude(district=F("enterprise__district")).exists()
    for application in Application.objects.filter(submitted_at__isnull=False)[:50]:
        latest = application.versions.order_by("-number").first()
        assert application.submitted_score == latest.self_score
    city = User.objects.get(username="gen-city-320500")
    assert set(
        applications_visible_to(city).values_list("enterprise__district__path", flat=True)
    ) <= set(
        Region.objects.filter(path__startswith="CN/320000/320500/").values_list("path", flat=True)
    )


def _snapshot():
    return (
        list(Enterprise.objects.order_by("pk").values_list("uscc", "name", "status", "code")),
        list(Application.objects.order_by("pk").values_list("enterprise__uscc", "state", "code")),
        list(ExpertScore.objects.order_by("pk").values_list("score", "value", "met")),
    )


def test_same_seed_same_rows():
    with transaction.atomic():
        generate_dataset(enterprises=15, batches=1, seed=3, apply_rate=0.8)
        first = _snapshot()
        transaction.set_rollback(True)
    assert not Enterprise.objects.exists()
    generate_dataset(enterprises=15, batches=1, seed=3, apply_rate=0.8)
    assert _snapshot() == first
    assert first[1] and first[2]


def test_refuses_a_second_province(province):
    with pytest.raises(CommandError, match="already present"):
        call_command("generate_dataset", "--enterprises", "5")
