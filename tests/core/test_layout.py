"""The layout's kept parts read in one cache look-up, the footer's year and the platform's name
per language, and an officer's recent exports compiled once (decisions §116)."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from greenfactory.core.domain.exports import recent_exports
from greenfactory.core.models import ExportJob
from greenfactory.core.templatetags import layout_tags

pytestmark = pytest.mark.django_db


def header(response) -> str:
    text = response.content.decode()
    return text[text.index('<header class="site-header">') : text.index("</header>")]


def test_the_layout_is_one_cache_read_per_page_once_kept(client, district_officer):
    client.force_login(district_officer)
    url = reverse("dashboards:home")
    first = client.get(url)
    with mock.patch.object(layout_tags, "cache", wraps=cache) as kept:
        again = client.get(url)
    layout_reads = [c for c in kept.get.call_args_list if c.args[0].startswith("layout:")]
    assert len(layout_reads) == 1
    kept.set.assert_not_called()
    assert '<nav class="main-nav"' in header(again)
    assert (
        header(first).split("csrfmiddlewaretoken")[0]
        == header(again).split("csrfmiddlewaretoken")[0]
    )


def test_the_role_is_named_in_the_language_of_the_page_whichever_was_kept_first(
    client, district_officer, city_officer
):
    url = reverse("dashboards:home")
    client.force_login(district_officer)
    english = header(client.get(url, headers={"accept-language": "en"}))
    chinese = header(client.get(url))
    with translation.override("en"):
        assert f" · {district_officer.get_role_display()}</span>" in english
    with translation.override("zh-hans"):
        assert f" · {district_officer.get_role_display()}</span>" in chinese
    assert english != chinese
    client.force_login(city_officer)
    with translation.override("zh-hans"):
        assert f" · {city_officer.get_role_display()}</span>" in header(client.get(url))


def test_the_head_keeps_the_stylesheet_and_scripts(client):
    text = client.get(reverse("titles:factories")).content.decode()
    head = text[: text.index("</head>")]
    assert 'rel="stylesheet"' in head and "forms" in head and "htmx" in head
    assert head.count("<link") == 2


def test_the_footers_year_is_the_now_tags():
    assert Template("{% load layout_tags %}{% current_year %}").render(Context()) == Template(
        '{% now "Y" %}'
    ).render(Context())


def test_the_platforms_name_follows_the_language(client):
    from django.conf import settings

    url = reverse("titles:factories")
    for language, accept in (("en", "en"), ("zh-hans", "zh-hans"), ("en", "en")):
        with translation.override(language):
            name = str(settings.PLATFORM_NAME)
        footer = client.get(url, headers={"accept-language": accept}).content.decode()
        assert f'<div class="wrap">{name} · ' in footer


def test_recent_exports_are_the_querysets_rows(city_officer, district_officer):
    for index in range(7):
        ExportJob.objects.create(kind="dashboard", requested_by=city_officer, filename=f"{index}")
    ExportJob.objects.create(kind="ledger", requested_by=city_officer)
    ExportJob.objects.create(kind="dashboard", requested_by=district_officer)
    expected = list(ExportJob.objects.filter(requested_by=city_officer, kind="dashboard")[:5])
    found = recent_exports(city_officer, "dashboard")
    assert [job.pk for job in found] == [job.pk for job in expected]
    assert [(j.code, j.filename, j.status, j.created_at) for j in found] == [
        (j.code, j.filename, j.status, j.created_at) for j in expected
    ]
    assert [job.pk for job in recent_exports(district_officer, "dashboard")] == list(
        ExportJob.objects.filter(requested_by=district_officer, kind="dashboard").values_list(
            "pk", flat=True
        )
    )
    assert recent_exports(district_officer, "ledger") == []
    assert len(recent_exports(city_officer, "dashboard", 6)) == 6
