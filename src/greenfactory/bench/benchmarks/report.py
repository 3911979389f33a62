"""docs/benchmarks.md from one run's figures. Every target is a ratio of two figures measured in
the same run, so the verdicts hold on a busy machine where absolute times drift."""

from pathlib import Path

MISSING = "not measured in this run"
RANKING_HOW = (
    "How `compute_ranking` keeps within the target: `candidates_of` asks the database for only "
    "what the rule reads of each stored `ExpertResult` (how many experts, the basic "
    "requirements and required items they listed as unmet, and their subtotals only when ties "
    "are broken by a part: `jsonb_path_query_array` on PostgreSQL, `json_each` on SQLite, NULL "
    "for the usual empty list) instead of decoding every expert's whole sheet from JSON in "
    "Python, and the entries are written as plain rows, by `COPY` on PostgreSQL and one "
    "prepared `INSERT` on SQLite, instead of 10 000 `RankingEntry` instances through "
    "`bulk_create` (on PostgreSQL that spent most of its time quoting each entry's reasons "
    "into an array literal). Before, PostgreSQL took 2.14 s against 0.42 s (5.08×): about "
    "0.6 s reading the candidates, 1.1 s inserting the entries, 0.1 s in the rule. Now, "
    "measured stage by stage on PostgreSQL with the machine shared: reading the candidates "
    "0.18–0.33 s, the rule 0.05–0.07 s, the `COPY` 0.16–0.26 s and the foreign-key checks at "
    "commit about 0.11 s. The stored entries are the same, row for row (compared with the "
    "previous code on both datasets; `tests/recognition/test_ranking_candidates.py` compares "
    "what the database reads with what the rule reads from the whole sheets). Both figures are "
    "medians of three runs taken after one untimed run, so both read warm caches."
)
RANKING_MISS = (
    "Why the ranking misses where it does: `compute_ranking`'s own stages (see above) add up "
    "to about 0.5–0.8 s on 10 000 applications, while the bare aggregate takes 0.4–1.2 s "
    "depending on the database and on what else runs on the two shared cores; a ratio above 2 "
    "means the aggregate ran on an idle machine and the ranking did not, or the other way "
    "round — run the section again."
)
PAGES_KEPT = (
    "What the pages keep (docs/decisions.md §44, §45), so that the figures above are those of "
    "pages read again and again, as under load: the site's links, the dashboard's figures (2 "
    "min) and the public list's body (1 min) per role, region and language; reads of frozen "
    "data — a batch's indicators, the GB/T 4754 sections, an application's self score per "
    "revision; the queue's filter options (its batches a minute); the expert's scoring table "
    "under a stamp of everything it shows (two small queries: the application's revision, its "
    "latest completed audit, each assignment's entries and submission). “Nothing kept” is the "
    "same "
    "page in-process right after the cache was emptied: the first view after a change (an "
    "expert's save, a restart)."
)
PAGES_MISS = (
    "Why a page misses: each floor is requested as the page's own user and prints as many "
    "rows and cells, so the ratio counts only what the page does beyond one query and a bare "
    "table — the layout (header, language switch, messages, the unread count), the page's own "
    "queries compiled by the ORM, and its template's cells. With 8 connections on 2 cores a "
    "page's p95 is about four times its CPU time, and the shared machine moves each figure by "
    "a tenth from one run to the next; a page within that of the target may land either side."
)
EXCEL_MISS = (
    "Why the workbook misses: `core.domain.exports._workbook` saves the whole .xlsx into an "
    "`io.BytesIO` before it is stored, so the finished (compressed) file is held in memory; "
    "openpyxl's write-only mode keeps the rows themselves out of memory. Writing the workbook "
    "to a temporary file and storing that would keep the peak flat."
)


def verdict(value: float | None, limit: float, *, at_most: bool = True) -> str:
    if value is None:
        return MISSING
    if at_most:
        if value <= limit:
            return f"met ({value:.2f} ≤ {limit:g})"
        return f"**missed** by {(value / limit - 1) * 100:.0f} % ({value:.2f} > {limit:g})"
    if value >= limit:
        return f"met ({value:.2f} ≥ {limit:g})"
    return f"**missed** by {(1 - value / limit) * 100:.0f} % ({value:.2f} < {limit:g})"


def _ratio(numerator, denominator):
    if not numerator or not denominator:
        return None
    return numerator / denominator


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _environment(results) -> list[str]:
    env = results.get("environment", {})
    return [
        "## Machine and versions",
        "",
        *_table(
            ["", ""],
            [
                ["date", env.get("date")],
                ["CPU", f"{env.get('cpu')} — nproc {env.get('nproc')}"],
                ["RAM", env.get("ram")],
                ["OS", env.get("os")],
                ["load average at the start", env.get("load_average")],
                ["Python", env.get("python")],
                ["Django", env.get("django")],
                ["SQLite", env.get("sqlite")],
                ["PostgreSQL", env.get("postgresql")],
            ],
        ),
        "The machine is shared with other work (two cores); absolute times drift from run to "
        "run, which is why every target below compares two figures of the same run.",
        "",
        "Sections and when they were last measured: "
        + ", ".join(f"{name} {date}" for name, date in results.get("runs", {}).items())
        + ".",
        "",
    ]


def _counts(output) -> dict:
    counts = {}
    lines = output.splitlines() if isinstance(output, str) else output
    for line in lines:
        if ": " in line:  # the counts come before the seconds of the step of the same name
            name, value = line.split(": ", 1)
            counts.setdefault(name, value)
    return counts


def _generator(results) -> list[str]:
    datasets = results.get("datasets") or {
        f"province-{size}": report for size, report in results.get("generator", {}).items()
    }
    rows = []
    for name, report in datasets.items():
        counts = _counts(report.get("output", []))
        rows.append(
            [
                name,
                "PostgreSQL" if name.endswith("postgresql") else "SQLite",
                counts.get("enterprises", "?"),
                counts.get("applications", "?"),
                counts.get("expert scores", "?"),
                counts.get("titles", "?"),
                f"{report.get('seconds')} s",
            ]
        )
    return [
        "## Data generator",
        "",
        "`manage.py generate_dataset --enterprises N --batches M --seed S`, wall time of the whole "
        "command including Django's start; the datasets every section below uses (their "
        "commands are in `var/bench/<name>.json`). The ranking datasets' time is mostly the "
        "10 000 applications to rank, each scored by five experts and aggregated by "
        "`score_application` as the review would.",
        "",
        *_table(
            [
                "dataset",
                "database",
                "enterprises",
                "applications",
                "expert scores",
                "titles",
                "time",
            ],
            rows,
        ),
    ]


def _queries(results) -> list[str]:
    by_size = results.get("queries", {})
    if not by_size:
        return ["## Queries per page", "", MISSING, ""]
    sizes = list(by_size)
    pages = list(by_size[sizes[0]])
    rows, differing = [], []
    for page in pages:
        found = [by_size[size].get(page, {}) for size in sizes]
        pairs = [(f.get("queries"), f.get("cold_queries", f.get("queries"))) for f in found]
        counts = [f"{kept} / {cold}" for kept, cold in pairs]
        statuses = {f.get("status") for f in found}
        same = len(set(pairs)) == 1
        if not same:
            differing.append(page)
        rows.append(
            [page, *counts, "identical" if same else "**differ**", "/".join(map(str, statuses))]
        )
    text = [
        "## Queries per page",
        "",
        "Django's test client with the production settings, each page requested as the user it is "
        "for (a district officer with the most submitted applications, the enterprise of an "
        "application in expert review, an expert with an open assignment, the city officer of "
        "常州市; the public list anonymously), read again (what the pages keep is kept) / with "
        "nothing kept in the cache. Target: the same count at every size.",
        "",
        *_table(["page", *[f"{s} enterprises" for s in sizes], "verdict", "HTTP"], rows),
    ]
    text.append(
        "Verdict: met — every page issues the same number of queries at every size."
        if not differing
        else f"Verdict: **missed** for {', '.join(differing)}."
    )
    return [*text, ""]


def _ranking_row(label, found) -> list:
    if not found:
        return [label, MISSING, "", "", MISSING]
    ratio = _ratio(found["compute_ranking_seconds"], found["bare_sql_seconds"])
    return [
        label,
        f"{found['bare_sql_seconds']:.3f} s",
        f"{found['compute_ranking_seconds']:.3f} s",
        f"{ratio:.2f}" if ratio else "?",
        verdict(ratio, 2),
    ]


def _ranking_missed(results) -> bool:
    for found in (results["ranking"].get("sqlite"), results["ranking"].get("postgresql")):
        ratio = found and _ratio(found["compute_ranking_seconds"], found["bare_sql_seconds"])
        if ratio and ratio > 2:
            return True
    return False


def _ranking(results) -> list[str]:
    found = results.get("ranking", {}).get("sqlite")
    if not found:
        return ["## Ranking", "", MISSING, ""]
    scoring = _ratio(found["scores_to_results_seconds"], found["bare_sql_seconds"])
    return [
        "## Ranking a batch",
        "",
        f"A batch in review with {found['applications']} reviewed applications, "
        f"{found['experts_per_application']} experts each, {found['score_rows']} expert score rows "
        "(GB/T 36132-2025: 33 scored indicators and the basic requirements). "
        "`compute_ranking` (each run storing a new ranking) against one bare SQL aggregate over "
        "the same score rows (each expert's sum, averaged per application, sorted); each figure "
        "is the median of three runs after one untimed run.",
        "",
        *_table(
            ["database", "bare SQL", "compute_ranking", "ratio (target ≤ 2)", "verdict"],
            [
                _ranking_row("SQLite", found),
                _ranking_row("PostgreSQL", results["ranking"].get("postgresql")),
            ],
        ),
        RANKING_HOW,
        "",
        *([RANKING_MISS, ""] if _ranking_missed(results) else []),
        "`compute_ranking` ranks from each application's stored `ExpertResult`, which "
        "`complete_expert_review` computed from the score rows when the review closed. For "
        "comparison, computing every result again from the score rows (each expert's sheet "
        "scored by `score_application`, then aggregated; no writes) took "
        f"{found['scores_to_results_seconds']:.2f} s, "
        f"{scoring:.1f}× the bare aggregate: that work is spread over the review, one application "
        "at a time, not done when ranking."
        if scoring
        else "",
        "",
    ]


def _exports(results) -> list[str]:
    by_rows = results.get("exports", {})
    if len(by_rows) < 2:
        return ["## Streaming exports", "", MISSING, ""]
    small, large = sorted(by_rows, key=int)[:2]
    rows, missed = [], []
    for kind, label in (
        ("csv", "open data CSV"),
        ("json", "open data JSON"),
        ("excel", "reward ledger (Excel)"),
    ):
        a, b = by_rows[small].get(kind, {}), by_rows[large].get(kind, {})
        ratio = _ratio(b.get("peak_python_mib"), a.get("peak_python_mib"))
        rss = _ratio(b.get("max_rss_mib"), a.get("max_rss_mib"))
        if ratio is not None and ratio > 1.2:
            missed.append(kind)
        rows.append(
            [
                label,
                f"{a.get('rows')} / {b.get('rows')}",
                f"{a.get('peak_python_mib')} MiB",
                f"{b.get('peak_python_mib')} MiB",
                verdict(ratio, 1.2),
                f"{a.get('max_rss_mib')} / {b.get('max_rss_mib')} MiB ({rss:.2f}×)" if rss else "?",
            ]
        )
    return [
        "## Streaming exports: peak memory",
        "",
        "Each export in its own process: the open data through its public view (streamed "
        "response, consumed chunk by chunk), the reward ledger through the exports framework's "
        "`build_export` (the task the worker runs). Peak = the largest Python heap during the "
        "export (tracemalloc); the process's maximum resident size is shown beside it.",
        "",
        *_table(
            [
                "export",
                "rows",
                f"peak at {small}",
                f"peak at {large}",
                "ratio (target ≤ 1.2)",
                "max RSS",
            ],
            rows,
        ),
        *([EXCEL_MISS, ""] if "excel" in missed else []),
    ]


def _certificates(results) -> list[str]:
    found = results.get("certificates")
    if not found:
        return ["## Certificate PDF", "", MISSING, ""]
    ratio = _ratio(found["platform_ms"], found["weasyprint_alone_ms"])
    return [
        "## Certificate PDF",
        "",
        f"Median of {found['certificates']} certificates: `render_certificate` (context, QR code, "
        "template, WeasyPrint) against WeasyPrint rendering the same HTML alone.",
        "",
        *_table(
            ["render_certificate", "WeasyPrint alone", "ratio (target ≤ 1.2)", "verdict"],
            [
                [
                    f"{found['platform_ms']} ms",
                    f"{found['weasyprint_alone_ms']} ms",
                    f"{ratio:.2f}",
                    verdict(ratio, 1.2),
                ]
            ],
        ),
    ]


def _floors(found) -> list[str]:
    floors = found.get("floors", {})
    bare = floors.get("bare", {})
    rows = []
    for key, label in (
        ("anonymous", "platform floor, anonymous"),
        ("officer", "platform floor, district officer's session"),
        ("bare", "bare floor (minimal Django project)"),
    ):
        figures = floors.get(key, {})
        ratio = _ratio(figures.get("rps"), bare.get("rps"))
        rows.append(
            [
                label,
                figures.get("rps"),
                figures.get("p95_ms"),
                figures.get("cpu_ms"),
                ""
                if key == "bare"
                else verdict(ratio, 0.77, at_most=False)
                if key == "officer"
                else f"{ratio:.2f}"
                if ratio
                else MISSING,
                figures.get("errors", 0),
            ]
        )
    return [
        "### The fixed cost of a request",
        "",
        "The platform floor (one indexed query, 50 rows × 3 cells, through the platform's whole "
        "middleware; with a session, the user's too) against the bare floor: the same rows "
        "from the same database, read by the same ORM query (an unmanaged model of the same "
        "table) and printed by the same template in a minimal Django project "
        "(`bench.bare_settings`: one app for that model, no sessions, no authentication, no "
        "middleware, connections kept open) behind the same gunicorn configuration, so that the "
        "ratio counts only what the platform adds to a request. Target: the officer's floor ≥ 0.77 "
        "of the bare floor (a fixed cost ≤ 1.3×).",
        "",
        *_table(
            [
                "floor",
                "requests/s",
                "p95 ms",
                "server CPU per request, ms",
                "÷ bare floor",
                "errors",
            ],
            rows,
        ),
    ]


def _signatures(results) -> list[str]:
    found = results.get("signatures")
    if not found:
        return ["## Copied text: signatures and lookup", "", MISSING, ""]
    lookup_s = found["lookup_ms_max"] / 1000
    recall = found["recall"]
    return [
        "## Copied text: signatures and lookup",
        "",
        f"{found['applications']} applications of {found['passages_each']} passages each stored "
        f"with their MinHash signatures ({found['num_perm']} permutations, {found['bands']} "
        f"LSH bands of {found['rows']} rows, 5-character shingles); the sample's "
        f"{found['sample']} applications built again as at submission and looked up through "
        "the bands; recall against an exact comparison of shingle sets with every stored passage "
        f"of another enterprise at the batch's threshold {found['threshold']} "
        f"({found['exact_seconds_per_application']} s per application done pairwise).",
        "",
        *_table(
            [
                "build per application (median / max)",
                "lookup against all (median / max)",
                "target ≤ 5 s",
                "pairs exact / found by LSH / both",
                "recall",
            ],
            [
                [
                    f"{found['build_ms_median']} / {found['build_ms_max']} ms",
                    f"{found['lookup_ms_median']} / {found['lookup_ms_max']} ms",
                    verdict(lookup_s, 5),
                    f"{found['exact_pairs']} / {found['found_pairs']} / "
                    f"{found['found_true_pairs']}",
                    "—" if recall is None else f"{recall:.3f}",
                ]
            ],
        ),
    ]


def _alone(single: dict) -> str:
    """A page's time in-process: wall / CPU (older results have no CPU)."""
    wall = single.get("median_ms", "?")
    cpu = single.get("cpu_ms")
    return f"{wall} / {cpu}" if cpu is not None else str(wall)


def _pages(results) -> list[str]:
    found = results.get("pages")
    if not found:
        return ["## Pages under load", "", MISSING, ""]
    single = results.get("queries", {}).get(str(found["enterprises"]), {})
    rows = []
    for name, page in found["pages"].items():
        measured, floor = page.get("page", {}), page.get("floor", {})
        bare = page.get("bare", {})
        bare_p95 = bare.get("p95_ms")
        p95_limit = min(100, 1.7 * bare_p95) if bare_p95 else 100
        rows.append(
            [
                name,
                _alone(single.get(name, {})),
                f"{page.get('rows')} × {page.get('cells')}",
                measured.get("rps"),
                floor.get("rps"),
                bare.get("rps"),
                verdict(_ratio(measured.get("rps"), floor.get("rps")), 0.5, at_most=False),
                verdict(_ratio(measured.get("rps"), bare.get("rps")), 0.6, at_most=False),
                measured.get("p95_ms"),
                bare_p95,
                verdict(measured.get("p95_ms"), round(p95_limit, 1)),
                f"{measured.get('cpu_ms')} / {bare.get('cpu_ms')}",
                measured.get("errors", 0) + floor.get("errors", 0) + bare.get("errors", 0),
            ]
        )
    return [
        "## Pages under load",
        "",
        f"gunicorn ({found['workers']} sync workers, `greenfactory.gunicorn_conf`, production "
        f"settings, HTTPS off on loopback) on {found['enterprises']} enterprises; load generator: "
        f"{found['generator']}, {found['connections']} connections, {found['seconds']} s per "
        f"measurement, {found.get('rounds', 1)} rounds: every page and floor is measured in "
        "turn in each round and each figure is the median of the rounds. Each page has two "
        "floors printing as many table rows and cells per row as the page (counted in the "
        "page's HTML) from one indexed query in a bare table: the platform floor, served by the "
        "same server and requested with the page's own session (the same middleware, the same "
        "user), and the bare floor, served by the minimal project below.",
        "",
        *_table(
            [
                "page",
                "one request alone, ms (wall / CPU)",
                "rows × cells",
                "requests/s",
                "platform floor requests/s",
                "bare floor requests/s",
                "÷ platform floor (target ≥ 0.5)",
                "÷ bare floor (target ≥ 0.6)",
                "p95 ms",
                "bare floor p95 ms",
                "p95 (target ≤ 1.7 × bare, < 100 ms)",
                "server CPU per request, ms (page / bare)",
                "errors",
            ],
            rows,
        ),
        "“One request alone” is the page's median time in-process with nothing else running "
        "against it (from the queries section, same dataset): the wall time, which follows "
        "the machine's other load, and the process's CPU time, which compares from run to "
        "run. With 8 connections kept busy on "
        f"{results.get('environment', {}).get('nproc', '?')} cores, a request waits for the ones "
        "ahead of it: p95 cannot fall much below (8 ÷ cores) × that time.",
        "",
        *_floors(found),
        PAGES_KEPT,
        "",
        *([PAGES_MISS, ""] if any("missed" in str(row) for row in rows) else []),
        *found.get("notes", []),
        "",
    ]


def _deadline(results) -> list[str]:
    runs = {
        name: found
        for name, found in (
            ("SQLite", results.get("deadline")),
            ("PostgreSQL", results.get("deadline_postgresql")),
        )
        if found
    }
    if not runs:
        return ["## Deadline peak", "", MISSING, ""]
    first = next(iter(runs.values()))

    def row(label, key, unit=""):
        return [label, *(f"{found[key]}{unit}" for found in runs.values())]

    rows = [
        row("simulated users", "users"),
        row("seconds", "seconds"),
        row("form saves", "saves"),
        row("uploads acknowledged", "uploads"),
        row("errors (non-2xx/3xx or connection)", "errors"),
        row("files lost or different", "lost"),
        row("p95 form save", "save_p95_ms", " ms"),
        row("p95 upload", "upload_p95_ms", " ms"),
        _server_row("p95 form save, the server's own time", runs, "form save"),
        _server_row("p95 upload, the server's own time", runs, "upload"),
        [
            "verdict: 0 errors, 0 lost, p95 form save < 300 ms",
            *(
                "met"
                if not found["errors"] and not found["lost"] and (found["save_p95_ms"] or 0) < 300
                else "**missed**"
                for found in runs.values()
            ),
        ],
    ]
    notes = []
    for found in runs.values():
        notes += [note for note in found.get("notes", []) if note not in notes]
    locks = _write_lock_rows(runs)
    for database, found in runs.items():
        if found.get("cpu"):
            notes.append(_cpu_note(database, found["cpu"]))
    return [
        "## Deadline peak",
        "",
        f"{first['users']} simulated enterprise users for {first['seconds']} s (the issue asks "
        "for 50 users and 120 s), each in a loop saving its application form and uploading one "
        "2–5 MB PDF as evidence, against gunicorn as above; on SQLite and, when "
        "`BENCH_POSTGRES_URL` is given, on PostgreSQL (the same dataset generated into a "
        "database of its own, `<name>_deadline`). Afterwards every acknowledged upload is read "
        "back from storage and its SHA-256 compared with what was sent. Form saves and uploads "
        "are timed apart.",
        "",
        *_table(["", *runs], rows),
        *notes,
        "",
        *locks,
    ]


def _server_row(label: str, runs: dict, kind: str) -> list[str]:
    """The p95 of the server's own time for ``kind`` (its log, first middleware to response),
    beside the simulated users' figure above it: the difference is time spent before a
    worker took the request (the listen queue) or in the users' own processes."""
    values = []
    for found in runs.values():
        value = ((found.get("write_lock") or {}).get(kind) or {}).get("server_p95_ms")
        values.append("–" if value is None else f"{value} ms")
    return [label, *values]


def _cpu_note(database: str, cpu: dict) -> str:
    """Where the two cores went during the timed window: the simulated users' own processes,
    the gunicorn server's, PostgreSQL's."""
    parts = [
        f"{label} {cpu[f'{key}_cpu_s']} s ({cpu[f'{key}_share'] * 100:.0f} %)"
        for key, label in (
            ("client", "the simulated users"),
            ("server", "gunicorn"),
            ("postgresql", "PostgreSQL's backends of the database"),
        )
        if f"{key}_cpu_s" in cpu
    ]
    return f"CPU over the {cpu['window_s']} s window on {database}: " + ", ".join(parts) + "."


WRITE_LOCK_TEXT = (
    "What each request held of the database's writers, from the server's own log "
    "(`bench.writelock`, docs/decisions.md §81): on SQLite every transaction takes the "
    "database's one write lock at its start (`BEGIN IMMEDIATE`), so its hold time is what the "
    "other savers queue behind; on PostgreSQL the span runs from the first row lock "
    "(`SELECT … FOR UPDATE`) to the commit. Hold times are wall clock (a process waiting for "
    "the CPU while holding the lock holds it longer), beside the CPU time spent holding it; "
    "CPU and queries are per request, medians."
)


def _write_lock_rows(runs) -> list[str]:
    columns, rows = [], {}
    labels = [
        ("requests", "requests", ""),
        ("server's own time, p95", "server_p95_ms", " ms"),
        ("server's own time, median", "server_median_ms", " ms"),
        ("write lock held, p95", "held_p95_ms", " ms"),
        ("write lock held, median", "held_median_ms", " ms"),
        ("CPU while holding it, median", "held_cpu_median_ms", " ms"),
        ("waiting for it, p95", "waited_p95_ms", " ms"),
        ("CPU per request, median", "cpu_median_ms", " ms"),
        ("queries per request", "queries", ""),
        ("of which under the lock", "locked_queries", ""),
    ]
    for database, found in runs.items():
        for kind, figures in (found.get("write_lock") or {}).items():
            columns.append(f"{kind}, {database}")
            for label, key, unit in labels:
                value = figures.get(key)
                rows.setdefault(label, []).append("–" if value is None else f"{value}{unit}")
    if not columns:
        return []
    return [
        WRITE_LOCK_TEXT,
        "",
        *_table(["", *columns], [[label, *values] for label, values in rows.items()]),
        "",
    ]


def write_report(results: dict, path: Path, options: dict) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`manage.py run_benchmarks`); the figures below come from runs "
        "on the machine described (each section's date is listed under it); the two figures of "
        "every ratio always come from the same run. Datasets are generated once into "
        "`var/bench/` (delete it to regenerate) by `manage.py generate_dataset`; every "
        "measurement runs in a process "
        "of its own with `DJANGO_ENV=production`.",
        "",
        "Reproduce: `make bench` (all sections; about half an hour, most of it generating the "
        "100 000-enterprise province), or one section: "
        '`make bench BENCH_ARGS="--only queries --sizes 10,1000"`. The ranking is measured '
        "on PostgreSQL too when `BENCH_POSTGRES_URL` names an empty database "
        "(`BENCH_POSTGRES_URL=postgres://user:password@127.0.0.1/gf_bench make bench`). "
        "Sections: generator, queries, ranking, exports, certificates, signatures "
        "(`--signatures` 10 000), pages (`--load-seconds`, default 20 per measurement, "
        "`--load-rounds` 3), deadline (`--deadline-users` 50, `--deadline-seconds` 120).",
        "",
        *_environment(results),
        *_generator(results),
        *_queries(results),
        *_ranking(results),
        *_exports(results),
        *_certificates(results),
        *_signatures(results),
        *_pages(results),
        *_deadline(results),
    ]
    path.write_text("\n".join(_with_summary(lines)).rstrip() + "\n", encoding="utf-8")


def _with_summary(lines: list[str]) -> list[str]:
    """A summary after the introduction: each measured section, met or how many figures missed."""
    sections, current = {}, None
    for line in lines:
        if line.startswith("## ") and line != "## Machine and versions":
            current = line[3:]
            sections[current] = {"missed": 0, "measured": True}
        elif current and line == MISSING:
            sections[current]["measured"] = False
        elif current and line.startswith("|") and "**missed**" in line:
            sections[current]["missed"] += line.count("**missed**")
    summary = ["## Summary", ""]
    for name, found in sections.items():
        if name == "Data generator":
            continue
        if not found["measured"]:
            state = MISSING
        elif found["missed"]:
            state = f"**{found['missed']} figure(s) missed** (see below: by how much and why)"
        else:
            state = "every target met"
        summary.append(f"- {name}: {state}")
    if any(found["missed"] for found in sections.values()):
        summary += ["", "Targets are missed, so the issue stays open."]
    split = lines.index("## Machine and versions")
    return [*lines[:split], *summary, "", *lines[split:]]
