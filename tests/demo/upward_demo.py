"""The demo's recommendations upward and its removal decided above (decisions §80): candidacies
in each stage, one listed with the provincial title it links, one not listed, this year's
candidacies to the national and the province's lists, and a national title struck by the
ministry's removal list. Checked by ``test_demo`` on its load of the demo's history."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from greenfactory.accounts.models import User
from greenfactory.core.models import AuditEvent
from greenfactory.titles.models import ProvincialCandidate, Title


def check_candidacies_and_a_removal_list(client):
    city = User.objects.get(username="city")
    year = timezone.localdate().year
    candidacies = ProvincialCandidate.objects.select_related("title__enterprise", "granted_title")
    assert sorted((c.year, c.level, c.state) for c in candidacies) == sorted(
        [
            (2021, "provincial", "listed"),
            (2021, "provincial", "not_listed"),
            (year, "national", "confirmed"),
            (year, "provincial", "selected"),
            (year, "provincial", "confirmed"),
        ]
    )
    listed = candidacies.get(state="listed")
    holder = User.objects.get(username="ent16").enterprise
    assert listed.title.enterprise == holder
    # The province's list was imported first: its title is linked, not doubled.
    assert listed.granted_title == Title.objects.get(enterprise=holder, level="provincial")
    assert [s.stage for s in listed.steps.all()] == [
        "city_audit",
        "formal_review",
        "expert_review",
        "publicity",
    ]
    failed = candidacies.get(state="not_listed")
    assert [(s.stage, s.result) for s in failed.steps.all()][-1] == ("expert_review", "failed")
    national = candidacies.get(level="national")
    assert national.title == listed.granted_title

    # The national title struck by the ministry's removal list of 23 March 2023.
    [struck] = Title.objects.filter(level="national")
    assert (struck.status, struck.revoked_on, struck.year) == ("revoked", date(2023, 3, 23), 2020)
    event = AuditEvent.objects.get(action="titles.removal_list.imported")
    assert (event.changes["list_name"], event.changes["titles"]) == (
        "工信厅节函〔2023〕64号 附件5",
        [struck.code],
    )

    # The city's pages and the API show them.
    client.force_login(city)
    page = client.get(reverse("titles:province_candidates"), {"year": year, "level": "national"})
    assert [c.code for c, _facts in page.context["candidates"]] == [national.code]
    answer = client.get(reverse("titles:province_candidate", args=[listed.code]))
    assert answer.status_code == 200
    client.logout()
