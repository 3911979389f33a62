"""The words of a recommendation upward are the level's (decisions §84): a candidacy for the
national list speaks of the ministry and the national procedure, never of the province's list;
a candidacy for the province's list keeps the province's words. On the city's pages and the
enterprise's."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import override

from greenfactory.notifications.models import Notification
from greenfactory.titles.domain.province import (
    CandidateRefused,
    record_listed,
    record_step,
    select_candidates,
)
from greenfactory.titles.domain.upward_words import WORDS_OF_LEVEL, heading_of, words_of
from greenfactory.titles.enums import ProvinceStage
from greenfactory.titles.models import ProvincialCandidate, Title
from tests.factories import BatchFactory, shipped_system

from .test_province import TODAY, YEAR, city_title

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def candidacy(request, enterprise, city_officer):
    """A candidacy of the enterprise for the level the test names."""
    city = city_title(BatchFactory(indicator_system=shipped_system(2025)), enterprise)
    level = request.param
    if level == "national":
        chosen = Title.objects.create(
            enterprise=enterprise,
            level="provincial",
            source="imported",
            status="valid",
            year=2026,
            issued_on=date(2026, 11, 20),
            certificate_number="JS-2026-0101",
        )
    else:
        chosen = city
    [item] = select_candidates([chosen], actor=city_officer, year=YEAR, level=level)
    # Sent upward (the package itself is tested in test_national_candidacy): the forms of the
    # procedure's outcome show.
    ProvincialCandidate.objects.filter(pk=item.pk).update(state="exported")
    item.refresh_from_db()
    return item


NATIONAL = ["Steps of the national procedure", "Listed by the ministry", "Date of the ministry"]
PROVINCIAL = ["Steps of the province&#x27;s procedure", "Listed by the province"]


@pytest.mark.parametrize(
    ("candidacy", "present", "absent"),
    [
        # The national procedure passes through the province's review; the rest is the
        # ministry's: no province's procedure, list or listing.
        (
            "national",
            NATIONAL,
            ["province&#x27;s procedure", "by the province", "province&#x27;s list"],
        ),
        ("provincial", PROVINCIAL, ["ministry", "national"]),
    ],
    indirect=["candidacy"],
)
def test_the_citys_candidate_page_speaks_the_levels_words(
    client, city_officer, candidacy, present, absent
):
    client.force_login(city_officer)
    client.cookies["gf_language"] = "en"
    response = client.get(reverse("titles:province_candidate", args=[candidacy.code]))
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") :] if "<main" in html else html
    for words in present:
        assert words in main
    text = re.sub(r"<[^>]+>", " ", main).lower()  # the words, not the addresses
    for word in absent:
        assert word not in text, text
    stages = dict(response.context["step_form"].fields["stage"].choices)
    assert stages == {
        value: words_of(candidacy.level).stage(value) for value in ProvinceStage.values
    }


@pytest.mark.parametrize(
    ("candidacy", "heading", "absent"),
    [
        ("national", "Recommendation to the national list", "province"),
        ("provincial", "Recommendation to the province", "national"),
    ],
    indirect=["candidacy"],
)
def test_the_enterprises_confirmation_speaks_the_levels_words(
    client, enterprise_user, candidacy, heading, absent
):
    client.force_login(enterprise_user)
    client.cookies["gf_language"] = "en"
    response = client.get(reverse("titles:province_confirmation", args=[candidacy.code]))
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") :] if "<main" in html else html
    assert f"<h1>{heading} · {YEAR}</h1>" in main
    assert f"candidate for the {absent} green factory list" not in main


def test_the_citys_list_page_helps_in_the_levels_words(client, city_officer):
    client.force_login(city_officer)
    client.cookies["gf_language"] = "en"
    page = reverse("titles:province_candidates")
    national = client.get(page, {"year": YEAR, "level": "national"}).content.decode()
    provincial = client.get(page, {"year": YEAR}).content.decode()
    assert "the national list&#x27;s summary table" in national
    assert "the province&#x27;s summary table" not in national
    assert "the province&#x27;s summary table" in provincial


def test_each_level_names_every_step_and_state_it_shows():
    for level, words in WORDS_OF_LEVEL.items():
        assert set(words.stages) == set(ProvinceStage.values)
        assert heading_of(level) == str(words.heading)
    national = words_of("national")
    assert "公示" in national.stage(ProvinceStage.PUBLICITY)
    assert "province" not in str(national.state("listed")).lower()


def test_a_step_refused_on_a_closed_national_candidacy_does_not_speak_of_the_province(
    city_officer, enterprise
):
    city = city_title(BatchFactory(indicator_system=shipped_system(2025)), enterprise)
    [item] = select_candidates([city], actor=city_officer, year=YEAR, level="provincial")
    with override("en"), pytest.raises(CandidateRefused) as refused:
        record_step(
            item,
            actor=city_officer,
            stage="formal_review",
            result="passed",
            held_on=date(2027, 3, 10),
        )
    assert "province" not in str(refused.value)


# The list page's words per level (decisions §85): the section and column of the titles to
# select from, the empty selection, the send button — read from the level's words, not picked
# by an ``if`` in the view.
LIST_PAGE_WORDS = {
    "provincial": {
        "source_heading": "City titles in force to select",
        "held_label": "City title",
        "none_left": "No city title in force left to select.",
        "send_label": "Send to the province",
    },
    "national": {
        "source_heading": "Provincial titles in force to select",
        "held_label": "Provincial title",
        "none_left": "No provincial title in force left to select.",
        "send_label": "Send to the national list",
    },
}


@pytest.mark.parametrize("candidacy", ["provincial", "national"], indirect=True)
def test_the_citys_list_page_names_its_titles_and_its_send_in_the_levels_words(
    client, city_officer, candidacy
):
    client.force_login(city_officer)
    response = client.get(
        reverse("titles:province_candidates"),
        {"year": YEAR, "level": candidacy.level},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    html = response.text
    main = html[html.index("<main") :]
    mine = LIST_PAGE_WORDS[candidacy.level]
    [other] = [words for level, words in LIST_PAGE_WORDS.items() if level != candidacy.level]
    # The one candidacy is listed with the send button; its title is taken, none is left.
    assert [c.code for c, _ in response.context["candidates"]] == [candidacy.code]
    assert f"<h2>{mine['source_heading']}</h2>" in main
    assert main.count(f"<th>{mine['held_label']}</th>") == 2
    assert f'<td colspan="6">{mine["none_left"]}</td>' in main
    assert f'<button type="submit">{mine["send_label"]}</button>' in main
    for words in other.values():
        assert f">{words}<" not in main


@pytest.mark.parametrize(
    ("candidacy", "reason"),
    [
        ("provincial", "Listed by the province"),
        ("national", "Listed by the Ministry of Industry and Information Technology"),
    ],
    indirect=["candidacy"],
)
def test_a_listing_is_recorded_and_told_in_the_levels_words(
    city_officer, enterprise_user, candidacy, reason
):
    with override("en"):
        record_listed(candidacy, actor=city_officer, issued_on=date(2027, 3, 1))
    candidacy.refresh_from_db()
    change = candidacy.granted_title.status_changes.get()
    assert change.reason == reason
    [notice] = Notification.objects.filter(recipient=enterprise_user).order_by("-pk")[:1]
    # The enterprise is told in Chinese, with the state its level's list decided.
    with override("zh-hans"):
        words = words_of(candidacy.level)
        listed = str(words.state("listed"))
        assert notice.subject == str(words.notice_subject) % {"year": YEAR, "state": listed}
        other = words_of("provincial" if candidacy.level == "national" else "national")
        assert str(other.notice_subject) % {"year": YEAR, "state": listed} != notice.subject
    if candidacy.level == "national":
        with override("zh-hans"):
            assert str(words_of("provincial").state("listed")) not in notice.subject
