"""Two city officers selecting the same title for the province's call at once: one candidacy,
and the other officer told so politely at the selection, never a database error."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.translation import override

from greenfactory.accounts.enums import Role
from greenfactory.titles.domain.province import CandidateRefused, select_candidates
from greenfactory.titles.models import ProvincialCandidate
from tests.factories import BatchFactory, EnterpriseFactory, UserFactory, region, shipped_system

from .test_province import YEAR, city_title

MEANWHILE = "was selected for 2027 by another officer meanwhile"


def officer(name):
    return UserFactory(username=name, role=Role.CITY_OFFICER, region=region("320400"))


@pytest.fixture
def title(db, batch):
    return city_title(batch, EnterpriseFactory(name="常州某某新材料有限公司"))


@pytest.fixture
def batch(db):
    return BatchFactory(indicator_system=shipped_system(2025))


def the_check_misses(monkeypatch):
    """The second officer's check runs before the first officer's selection commits (as two
    transactions at once on PostgreSQL): it finds no candidacy for the year."""
    manager = ProvincialCandidate.objects
    real = manager.filter

    def missing(*args, **kwargs):
        if "year" in kwargs and "title__in" in kwargs:
            return manager.none()
        return real(*args, **kwargs)

    monkeypatch.setattr(manager, "filter", missing)


@pytest.mark.django_db
def test_a_selection_made_meanwhile_is_a_polite_refusal(monkeypatch, title):
    first, second = officer("first"), officer("second")
    select_candidates([title], actor=first, year=YEAR)
    the_check_misses(monkeypatch)
    with override("en"), pytest.raises(CandidateRefused, match=MEANWHILE) as refused:
        select_candidates([title], actor=second, year=YEAR)
    assert "常州某某新材料有限公司" in str(refused.value)
    monkeypatch.undo()
    [candidate] = ProvincialCandidate.objects.filter(title=title, year=YEAR)
    assert candidate.selected_by == first


@pytest.mark.django_db
def test_the_page_says_it_at_the_selection_and_keeps_the_ticks(monkeypatch, client, title):
    first, second = officer("first"), officer("second")
    client.force_login(second)
    client.cookies["gf_language"] = "en"
    select_candidates([title], actor=first, year=YEAR)
    the_check_misses(monkeypatch)
    response = client.post(
        reverse("titles:province_candidates"),
        {"year": YEAR, "action": "select", "titles": [title.code]},
    )
    assert response.status_code == 400
    text = response.content.decode()
    # said above the selection's form, not at the top of the page
    assert MEANWHILE in text.split('id="select-problems"', 1)[1].split("</div>", 1)[0]
    assert ProvincialCandidate.objects.filter(title=title).count() == 1


@pytest.mark.django_db
def test_a_page_opened_before_the_other_selection_is_refused_politely_not_forbidden(client, title):
    """The second officer's page still offered the title; the post says who was quicker."""
    first, second = officer("first"), officer("second")
    select_candidates([title], actor=first, year=YEAR)
    client.force_login(second)
    client.cookies["gf_language"] = "en"
    response = client.post(
        reverse("titles:province_candidates"),
        {"year": YEAR, "action": "select", "titles": [title.code]},
    )
    assert response.status_code == 400
    text = response.content.decode()
    said = text.split('id="select-problems"', 1)[1].split("</div>", 1)[0]
    assert "Already selected for 2027: 常州某某新材料有限公司" in said


@pytest.mark.django_db(transaction=True)
def test_two_officers_selecting_at_once_make_one_candidacy(batch):
    title = city_title(batch, EnterpriseFactory(name="常州某某新材料有限公司"))
    officers = [officer("first"), officer("second")]
    barrier = threading.Barrier(2)
    outcomes = []

    def select(user):
        try:
            barrier.wait()
            with override("en"):
                outcomes.append(select_candidates([title], actor=user, year=YEAR))
        except CandidateRefused as refusal:
            outcomes.append(refusal)
        except Exception as error:  # the assertion shows what else was raised
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=select, args=(user,)) for user in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refusals = [o for o in outcomes if isinstance(o, CandidateRefused)]
    selections = [o for o in outcomes if isinstance(o, list)]
    assert (len(selections), len(refusals)) == (1, 1), outcomes
    assert ProvincialCandidate.objects.filter(title=title, year=YEAR).count() == 1
