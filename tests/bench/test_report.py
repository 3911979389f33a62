"""The benchmark report's verdicts: a target met, or missed and by how much."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from greenfactory.bench.benchmarks.deadline import write_lock_figures
from greenfactory.bench.benchmarks.report import verdict, write_report
from greenfactory.bench.writelock import Watch
from greenfactory.core.models import AuditChainHead, AuditEvent


def test_verdict_at_most_and_at_least():
    assert verdict(1.5, 2) == "met (1.50 ≤ 2)"
    assert verdict(2.5, 2) == "**missed** by 25 % (2.50 > 2)"
    assert verdict(0.6, 0.5, at_most=False) == "met (0.60 ≥ 0.5)"
    assert verdict(0.4, 0.5, at_most=False) == "**missed** by 20 % (0.40 < 0.5)"
    assert verdict(None, 2) == "not measured in this run"


def test_report_says_which_pages_differ(tmp_path):
    page = {"status": 200}
    results = {
        "queries": {
            "10": {
                "list": {**page, "queries": 7, "cold_queries": 9},
                "detail": {**page, "queries": 9},
                "sheet": {**page, "queries": 7, "cold_queries": 11},
            },
            "1000": {
                "list": {**page, "queries": 7, "cold_queries": 9},
                "detail": {**page, "queries": 12},
                "sheet": {**page, "queries": 7, "cold_queries": 12},
            },
        },
        "certificates": {"certificates": 3, "platform_ms": 130.0, "weasyprint_alone_ms": 100.0},
    }
    path = tmp_path / "benchmarks.md"
    write_report(results, path, {})
    text = path.read_text(encoding="utf-8")
    assert "| list | 7 / 9 | 7 / 9 | identical | 200 |" in text
    assert "| detail | 9 / 9 | 12 / 12 | **differ** | 200 |" in text
    assert "Verdict: **missed** for detail, sheet." in text  # sheet: only with nothing kept
    assert "**missed** by 8 % (1.30 > 1.2)" in text
    assert "## Pages under load\n\nnot measured in this run" in text


def test_each_page_is_compared_with_its_own_floors(tmp_path):
    def load(rps, p95, cpu=5.0):
        return {"rps": rps, "p95_ms": p95, "cpu_ms": cpu, "errors": 0, "rounds": 3}

    results = {
        "environment": {"nproc": 2},
        "queries": {"100000": {"sheet": {"median_ms": 24.6, "cpu_ms": 12.9}}},
        "pages": {
            "workers": 5,
            "connections": 8,
            "seconds": 20,
            "rounds": 3,
            "enterprises": "100000",
            "generator": "wrk 4.1",
            "pages": {
                "list": {
                    "rows": 21,
                    "cells": 4,
                    "page": load(300, 40, 6.5),
                    "floor": load(400, 30),
                    "bare": load(450, 20, 3.1),
                },
                "sheet": {
                    "rows": 62,
                    "cells": 9,
                    "page": load(50, 180),
                    "floor": load(200, 45),
                    "bare": load(500, 22),
                },
            },
            "floors": {
                "anonymous": load(300, 40),
                "officer": load(200, 60, 7.7),
                "bare": load(400, 25, 3.7),
            },
            "notes": [],
        },
    }
    path = tmp_path / "benchmarks.md"
    write_report(results, path, {})
    text = path.read_text(encoding="utf-8")
    assert (
        "| list | ? | 21 × 4 | 300 | 400 | 450 | met (0.75 ≥ 0.5) | met (0.67 ≥ 0.6) | 40 | 20 "
        "| **missed** by 18 % (40.00 > 34) | 6.5 / 3.1 | 0 |" in text
    )
    # The page alone in-process: wall time beside the CPU, which the machine's load moves less.
    assert "| sheet | 24.6 / 12.9 | 62 × 9 |" in text
    assert "one request alone, ms (wall / CPU)" in text
    assert "What the pages keep" in text and "Why a page misses" in text
    assert "**missed** by 50 % (0.25 < 0.5)" in text  # the sheet against its platform floor
    assert "**missed** by 83 % (0.10 < 0.6)" in text  # and against its bare floor
    assert "**missed** by 381 % (180.00 > 37.4)" in text  # 1.7 × its bare floor
    assert (
        "| platform floor, district officer's session | 200 | 60 | 7.7 "
        "| **missed** by 35 % (0.50 < 0.77) | 0 |" in text
    )
    assert "| platform floor, anonymous | 300 | 40 | 5.0 | 0.75 | 0 |" in text
    assert "| bare floor (minimal Django project) | 400 | 25 | 3.7 |  | 0 |" in text


def test_each_figure_is_the_median_of_its_rounds():
    from greenfactory.bench.benchmarks.load import _median

    runs = [
        {"rps": 100, "p95_ms": 50, "cpu_ms": 4.0, "errors": 0},
        {"rps": 300, "p95_ms": 10, "cpu_ms": 6.0, "errors": 1},
        {"rps": 200, "p95_ms": 30, "cpu_ms": 5.0, "errors": 0},
    ]
    assert _median(runs) == {"rps": 200, "p95_ms": 30, "cpu_ms": 5.0, "errors": 1, "rounds": 3}


def test_a_servers_cpu_is_read_from_its_process_group():
    import os
    from types import SimpleNamespace

    from greenfactory.bench.benchmarks.load import Server

    server = Server.__new__(Server)
    server.process = SimpleNamespace(pid=os.getpgrp())
    before = server.cpu_seconds()
    sum(n * n for n in range(2_000_000))  # this process belongs to the group
    assert server.cpu_seconds() > before
    server.process = SimpleNamespace(pid=-1)
    assert server.cpu_seconds() == 0


def test_the_bare_floor_prints_the_same_rows_without_the_platform(client, db):
    from django.test import modify_settings, override_settings

    from tests.factories import EnterpriseFactory

    EnterpriseFactory.create_batch(3)
    with override_settings(ROOT_URLCONF="greenfactory.bench.urls"):
        platform = client.get("/bench/floor/", {"rows": "7", "cells": "5"}).content.decode()
    with (
        modify_settings(INSTALLED_APPS={"append": "greenfactory.bench.bare"}),
        override_settings(ROOT_URLCONF="greenfactory.bench.bare_urls"),
        CaptureQueriesContext(connection) as queries,
    ):
        bare = client.get("/bench/floor/", {"rows": "7", "cells": "5"}).content.decode()
    assert bare == platform and bare.count("<td>") == 35
    # The same query as the platform's floor, made by the bare project's own model.
    assert len(queries) == 1
    assert 'FROM "accounts_enterprise" ORDER BY "accounts_enterprise"."id"' in queries[0]["sql"]


def test_the_bare_settings_have_no_sessions_no_auth_and_keep_connections(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/bare.sqlite3")
    bare = importlib.import_module("greenfactory.bench.bare_settings")
    bare = importlib.reload(bare)
    assert bare.INSTALLED_APPS == ["greenfactory.bench.bare"] and bare.MIDDLEWARE == []
    assert bare.DATABASES["default"]["CONN_MAX_AGE"] is None


def test_the_floor_prints_the_rows_and_cells_asked_for(client, db):
    from tests.factories import EnterpriseFactory

    EnterpriseFactory.create_batch(3)
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="greenfactory.bench.urls"):
        body = client.get("/bench/floor/", {"rows": "7", "cells": "5"}).content.decode()
        assert body.count("<tr>") == 7 and body.count("<td>") == 35
        default = client.get("/bench/floor/", {"rows": "x"}).content.decode()
        assert default.count("<tr>") == 50 and default.count("<td>") == 150
        most = client.get("/bench/floor/", {"rows": "100000", "cells": "1"}).content.decode()
        assert most.count("<tr>") == 500


def test_a_pages_table_is_counted_in_rows_and_cells():
    from greenfactory.bench.benchmarks.load import table_size

    body = "<table><tr><th>a</th><th>b</th></tr><tr class='x'><td>1</td><td>2</td></tr>"
    body += "<tr><td colspan='2'>—</td></tr></table><trace>"
    assert table_size(body) == (3, 2)
    assert table_size("<p>no table</p>") == (1, 1)


def test_the_ranking_says_how_it_keeps_within_the_target_and_why_it_misses(tmp_path):
    def ranking(bare, ranked):
        return {
            "applications": 10000,
            "experts_per_application": 5,
            "score_rows": 1950000,
            "bare_sql_seconds": bare,
            "compute_ranking_seconds": ranked,
            "scores_to_results_seconds": 100.0,
        }

    path = tmp_path / "benchmarks.md"
    met = {"sqlite": ranking(1.0, 0.7), "postgresql": ranking(0.5, 0.45)}
    write_report({"ranking": met}, path, {})
    text = path.read_text(encoding="utf-8")
    assert "| PostgreSQL | 0.500 s | 0.450 s | 0.90 | met (0.90 ≤ 2) |" in text
    assert "How `compute_ranking` keeps within the target" in text
    assert "Why the ranking misses" not in text
    write_report({"ranking": {**met, "postgresql": ranking(0.2, 0.45)}}, path, {})
    text = path.read_text(encoding="utf-8")
    assert "**missed** by 12 % (2.25 > 2)" in text
    assert "Why the ranking misses where it does" in text


def test_the_deadline_peak_is_reported_per_database(tmp_path):
    def peak(save_p95, errors=0):
        return {
            "users": 50,
            "seconds": 120,
            "saves": 900,
            "uploads": 400,
            "errors": errors,
            "lost": 0,
            "save_p95_ms": save_p95,
            "upload_p95_ms": 480.0,
            "notes": ["gunicorn: 5 sync workers."],
        }

    path = tmp_path / "benchmarks.md"
    write_report({"deadline": peak(250.0)}, path, {})
    text = path.read_text(encoding="utf-8")
    assert "|  | SQLite |\n" in text and "| SQLite | PostgreSQL |" not in text
    assert "| verdict: 0 errors, 0 lost, p95 form save < 300 ms | met |" in text
    write_report({"deadline": peak(250.0), "deadline_postgresql": peak(519.0)}, path, {})
    text = path.read_text(encoding="utf-8")
    assert "|  | SQLite | PostgreSQL |" in text
    assert "| p95 form save | 250.0 ms | 519.0 ms |" in text
    assert "| verdict: 0 errors, 0 lost, p95 form save < 300 ms | met | **missed** |" in text
    assert text.count("gunicorn: 5 sync workers.") == 1


def test_a_sibling_database_keeps_the_server_and_the_credentials():
    from unittest import mock

    from greenfactory.bench.benchmarks import suite

    connection = mock.MagicMock()
    connection.__enter__.return_value.execute.return_value.fetchone.return_value = (1,)
    with mock.patch("psycopg.connect", return_value=connection) as connect:
        url = suite.sibling_database("postgres://u:p@127.0.0.1:5433/gf_bench", "deadline")
    assert url == "postgres://u:p@127.0.0.1:5433/gf_bench_deadline"
    assert connect.call_args.args[0] == "postgres://u:p@127.0.0.1:5433/gf_bench"


def test_the_write_lock_log_is_summarised_per_request_kind(tmp_path):
    log = tmp_path / "locks.jsonl"
    lines = [
        {
            "kind": "form save",
            "status": 302,
            "wall": 0.040 + 0.010 * i,
            "cpu": 0.020,
            "queries": 12,
            "locked_queries": 7,
            "held": 0.010 * i,
            "held_cpu": 0.005,
            "waited": 0.001,
            "spans": 1,
        }
        for i in range(1, 21)
    ]
    lines += [
        {
            "kind": "upload",
            "status": 302,
            "cpu": 0.030,
            "queries": 10,
            "locked_queries": 7,
            "held": 0.004,
            "held_cpu": 0.003,
            "waited": 0.0,
            "spans": 1,
        },
        {
            "kind": "upload",
            "status": 400,
            "cpu": 0.030,
            "queries": 10,
            "locked_queries": 7,
            "held": 9.0,
            "held_cpu": 0.003,
            "waited": 0.0,
            "spans": 1,
        },
        {
            "kind": "GET application_form",
            "status": 200,
            "cpu": 0.01,
            "queries": 5,
            "locked_queries": 0,
            "held": 0.0,
            "held_cpu": 0.0,
            "waited": 0.0,
            "spans": 0,
        },
    ]
    log.write_text("".join(json.dumps(line) + "\n" for line in lines))
    figures = write_lock_figures(log)
    assert set(figures) == {"form save", "upload"}
    assert figures["form save"]["requests"] == 20
    assert figures["form save"]["held_median_ms"] == 105.0
    assert figures["form save"]["locked_queries"] == 7
    assert figures["upload"]["requests"] == 1  # a refused upload is not counted
    # The server's own time where the log has it (a log written before it: none).
    assert figures["form save"]["server_median_ms"] == 145.0
    assert figures["form save"]["server_p95_ms"] == 239.5
    assert "server_p95_ms" not in figures["upload"]
    assert write_lock_figures(tmp_path / "absent.jsonl") == {}


def test_the_deadline_report_shows_the_write_lock_per_kind(tmp_path):
    held = {
        "requests": 900,
        "server_p95_ms": 140.0,
        "server_median_ms": 60.0,
        "held_p95_ms": 12.5,
        "held_median_ms": 6.0,
        "held_cpu_median_ms": 4.0,
        "waited_p95_ms": 30.0,
        "cpu_median_ms": 20.0,
        "queries": 12,
        "locked_queries": 7,
    }
    peak = {
        "users": 50,
        "seconds": 120,
        "saves": 900,
        "uploads": 400,
        "errors": 0,
        "lost": 0,
        "save_p95_ms": 250.0,
        "upload_p95_ms": 480.0,
        "write_lock": {"form save": held, "upload": {**held, "held_p95_ms": 9.0}},
        "cpu": {
            "window_s": 70.2,
            "client_cpu_s": 1.2,
            "server_cpu_s": 34.7,
            "postgresql_cpu_s": 0.4,
            "client_share": 0.033,
            "server_share": 0.956,
            "postgresql_share": 0.011,
        },
    }
    old = {
        **peak,
        "write_lock": {"form save": {k: v for k, v in held.items() if "server" not in k}},
    }
    del old["cpu"]
    path = tmp_path / "benchmarks.md"
    write_report({"deadline": peak, "deadline_postgresql": old}, path, {})
    text = path.read_text(encoding="utf-8")
    assert "|  | form save, SQLite | upload, SQLite | form save, PostgreSQL |" in text
    assert "| write lock held, p95 | 12.5 ms | 9.0 ms | 12.5 ms |" in text
    assert "| of which under the lock | 7 | 7 | 7 |" in text
    # The server's own time beside the users' figure; a run before it was logged shows none.
    assert "| server's own time, p95 | 140.0 ms | 140.0 ms | – |" in text
    assert "| p95 form save, the server's own time | 140.0 ms | – |" in text
    assert "| p95 upload, the server's own time | 140.0 ms | – |" in text
    assert (
        "CPU over the 70.2 s window on SQLite: the simulated users 1.2 s (3 %), gunicorn 34.7 s "
        "(96 %), PostgreSQL's backends of the database 0.4 s (1 %)." in text
    )
    assert "window on PostgreSQL" not in text


@pytest.mark.django_db(transaction=True)
def test_the_watch_times_a_transaction_and_counts_its_queries():
    # The lock is taken by the transaction's start on SQLite (BEGIN IMMEDIATE) and by its first
    # FOR UPDATE on PostgreSQL: a locked read first, as every save of the platform begins.
    with Watch() as watch:
        AuditEvent.objects.count()
        with transaction.atomic():
            list(AuditChainHead.objects.select_for_update())
            Session.objects.filter(session_key="none").delete()
            Session.objects.filter(session_key="none").exists()
    assert len(watch.spans) == 1 and watch.held > 0
    assert watch.queries == 4
    assert watch.locked_queries == 3
