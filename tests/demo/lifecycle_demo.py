"""The demo's 2019 titles seven years on: in force (the plan sets no expiry), recommendable to
the province, verified as in force, counted against the plan's 2020 target with those held
today beside. Checked by ``test_demo`` on its load of the demo's history."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from greenfactory.accounts.models import User
from greenfactory.dashboards.figures import Scope, target_progress
from greenfactory.supervision.models import SpotCheckRound
from greenfactory.titles.domain.province import recommendable_titles
from greenfactory.titles.domain.public_queries import held_titles
from greenfactory.titles.domain.validity import Standing, title_standing
from greenfactory.titles.models import Title


def check_2019_titles_in_force_and_recommendable_to_the_province(client):
    city = User.objects.get(username="city")
    today = timezone.localdate()
    assert today >= date(2026, 12, 1)  # seven years after the 2019 designation
    titles = list(Title.objects.filter(year=2019, level="city").order_by("certificate_number"))
    assert len(titles) == 20 and {t.valid_until for t in titles} == {None}
    standings = {t.pk: title_standing(t, today) for t in titles}
    in_force = [t for t in titles if standings[t.pk].in_force]
    [revoked] = [t for t in titles if not standings[t.pk].in_force]
    assert len(in_force) == 19
    check = SpotCheckRound.objects.get(year=2023).checks.get(state="revoked")
    assert check.title == revoked
    assert revoked.revoked_on == timezone.localtime(check.decided_at).date()
    assert standings[revoked.pk].code == Standing.REVOKED
    assert set(held_titles().filter(year=2019, level="city")) == set(in_force)

    # The recommendation to the province finds them, on the page too.
    assert set(recommendable_titles(city).filter(year=2019)) == set(in_force)
    client.force_login(city)
    page = client.get(reverse("titles:province_candidates"), {"year": today.year})
    assert page.status_code == 200
    offered = {title.pk for title, _facts in page.context["titles"]}
    # Those already selected for this year's call (demo.upward) are listed as candidates.
    selected = {candidate.title_id for candidate, _facts in page.context["candidates"]}
    assert {t.pk for t in in_force} <= offered | selected
    assert len(selected) == 2 and not offered & selected
    assert revoked.pk not in offered

    # Verification agrees with the list.
    answer = client.get(reverse("titles:verify_number", args=[in_force[0].certificate_number]))
    assert answer.context["result"].outcome == "valid"
    assert answer.context["result"].standing.in_force
    client.logout()

    # The plan's target: 20 granted in 2019–2020 (of 40), 19 of them held today.
    figure = target_progress(Scope(user=city, region=city.region))
    [row] = figure.rows
    assert row[3:] == [20, 40, "20 / 40", Decimal("50.0"), 19]
