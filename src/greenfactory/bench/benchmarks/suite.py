"""The whole benchmark run: each section measured in its own processes, then the report."""

import json
import time
from urllib.parse import urlsplit, urlunsplit

from .deadline import run_deadline
from .environment import describe
from .load import run_page_load
from .report import write_report
from .runner import Runner

SECTIONS = (
    "generator",
    "queries",
    "ranking",
    "exports",
    "certificates",
    "signatures",
    "pages",
    "deadline",
)


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def postgres_ranking(runner, url: str, count: int) -> dict:
    """The same ranking dataset generated into an empty PostgreSQL database (once), ranked."""
    sidecar = runner.work / f"ranking-{count}-postgresql.json"
    runner.manage(url, "migrate", "--noinput", "-v0")  # a database kept from an earlier run too
    if not sidecar.exists():
        runner.log(f"generating ranking-{count} on PostgreSQL")
        runner.manage(url, "createcachetable")
        started = time.perf_counter()
        output = runner.manage(
            url, "generate_dataset", "--seed", str(runner.seed),
            "--enterprises", str(int(count * 1.2)), "--batches", "1", "--apply-rate", "0.01",
            "--cities", "320400", "--ranking-applications", str(count),
        )  # fmt: skip
        sidecar.write_text(
            json.dumps({"seconds": round(time.perf_counter() - started, 1), "output": output})
        )
    runner.log(f"ranking {count} applications on PostgreSQL")
    return runner.part(url, "ranking")


def sibling_database(url: str, suffix: str) -> str:
    """The URL of the database ``<name>_<suffix>`` on the server of ``url``, created (empty)
    when it does not exist yet: a dataset of its own beside the ranking's."""
    import psycopg  # noqa: PLC0415 -- only a PostgreSQL run needs the driver here
    from psycopg import sql  # noqa: PLC0415 -- as above

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{suffix}"
    with psycopg.connect(url, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_deadline(runner, url: str, load: dict) -> dict:
    """The deadline peak on PostgreSQL: the same 1 000-enterprise dataset generated into a
    database of its own (once), the same simulated users against the same gunicorn."""
    target = sibling_database(url, "deadline")
    sidecar = runner.work / "deadline-1000-postgresql.json"
    runner.manage(target, "migrate", "--noinput", "-v0")
    if not sidecar.exists():
        runner.log("generating deadline-1000 on PostgreSQL")
        runner.manage(target, "createcachetable")
        started = time.perf_counter()
        output = runner.manage(
            target, "generate_dataset", "--seed", str(runner.seed), "--enterprises", "1000"
        )
        report = {
            "command": "generate_dataset --enterprises 1000",
            "seconds": round(time.perf_counter() - started, 1),
            "output": output.strip().splitlines(),
        }
        sidecar.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    runner.log("deadline peak on PostgreSQL")
    return run_deadline(runner, target, **load)


def run_suite(options: dict, *, log=print) -> dict:
    runner = Runner(log=log)
    wanted = [s for s in options["only"].split(",") if s] or list(SECTIONS)
    sizes = _ints(options["sizes"])
    results_path = runner.work / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    runner.static()

    def save():
        results_path.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))

    postgresql = results.get("environment", {}).get("postgresql", "")
    results["environment"] = describe(postgresql if postgresql != "not measured" else "")
    results.setdefault("runs", {}).update(
        {section: results["environment"]["date"] for section in wanted}
    )
    if "generator" in wanted or "queries" in wanted:
        results["generator"] = {}
        for size in sizes:
            _path, report = runner.province(size)
            results["generator"][str(size)] = report
    if "queries" in wanted:
        results["queries"] = {}
        for size in sizes:
            path, _report = runner.province(size)
            log(f"queries per page at {size} enterprises")
            results["queries"][str(size)] = runner.part(path, "queries")
    save()
    if "ranking" in wanted:
        count = options["ranking_applications"]
        path, report = runner.dataset(
            f"ranking-{count}",
            "--enterprises", str(int(count * 1.2)), "--batches", "1", "--apply-rate", "0.01",
            "--cities", "320400", "--ranking-applications", str(count),
        )  # fmt: skip
        log(f"ranking {count} applications")
        results["ranking"] = {"sqlite": runner.part(path, "ranking"), "dataset": report}
        if options["postgres"]:
            results["ranking"]["postgresql"] = postgres_ranking(runner, options["postgres"], count)
            results["environment"]["postgresql"] = results["ranking"]["postgresql"]["server"]
    save()
    if "exports" in wanted:
        results["exports"] = {}
        for rows in _ints(options["export_rows"]):
            name = f"exports-{rows}"
            path, _report = runner.dataset(
                name, "--enterprises", str(rows), "--batches", "1", "--apply-rate", "0.01",
                "--cities", "320400",
            )  # fmt: skip
            marker = runner.work / f"{name}.grown"
            if not marker.exists():
                marker.write_text(json.dumps(runner.part(path, "grow-rows", rows=rows)))
            results["exports"][str(rows)] = {
                kind: runner.part(path, "export", kind=kind) for kind in ("csv", "json", "excel")
            }
            log(f"exports of {rows} rows: {results['exports'][str(rows)]}")
    save()
    if "certificates" in wanted:
        path, _report = runner.province(1000)
        results["certificates"] = runner.part(path, "certificates")
    save()
    if "signatures" in wanted:
        results["signatures"] = runner.part(
            runner.base(), "signatures", signatures=options["signatures"]
        )
        log(f"signatures: {results['signatures']}")
    save()
    if "pages" in wanted:
        path, _report = runner.province(max(sizes))
        results["pages"] = run_page_load(
            runner,
            path,
            seconds=options["load_seconds"],
            connections=options["connections"],
            rounds=options["load_rounds"],
        )
    save()
    if "deadline" in wanted:
        databases = options.get("deadline_databases", "sqlite,postgresql").split(",")
        load = {"users": options["deadline_users"], "seconds": options["deadline_seconds"]}
        if "sqlite" in databases:
            path, _report = runner.dataset("deadline-1000", "--enterprises", "1000")
            results["deadline"] = run_deadline(runner, path, **load)
            save()
        if options["postgres"] and "postgresql" in databases:
            results["deadline_postgresql"] = postgres_deadline(runner, options["postgres"], load)
    results["datasets"] = {
        sidecar.stem: json.loads(sidecar.read_text())
        for sidecar in sorted(runner.work.glob("*.json"))
        if sidecar.stem.split("-")[0] in ("province", "ranking", "exports", "deadline")
        and sidecar.stem != "deadline-sent"
    }
    save()
    write_report(results, runner.root / options["output"], options)
    log(f"wrote {options['output']}")
    return results
