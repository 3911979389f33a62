"""The deadline peak: many enterprise users at once, each saving its application form and
uploading 2–5 MB PDFs as evidence through the real pages, then every acknowledged upload read
back from storage and compared by SHA-256 with what was sent."""

import hashlib
import json
import os
import statistics
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from greenfactory.accounts.enums import EnterpriseStatus, Role
from greenfactory.accounts.models import User
from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.models import EvidenceFile
from greenfactory.programme.enums import BatchState
from greenfactory.programme.models import Batch

from .deadline_users import USERS_PER_PROCESS, simulate_users
from .load import Server


def prepare_users(count: int) -> dict:
    """``count`` confirmed enterprises without a title or an application in their city's open
    batch each start one (``start_application``, as the page does); a session for each user."""
    users = []
    open_batches = {b.region_id: b for b in Batch.objects.filter(state=BatchState.OPEN)}
    candidates = (
        User.objects.filter(
            role=Role.ENTERPRISE,
            username__startswith="gen-",
            enterprise__status=EnterpriseStatus.CONFIRMED,
        )
        .exclude(enterprise__applications__batch__state=BatchState.OPEN)
        # A title holder may not apply again (decisions §51).
        .filter(enterprise__titles__isnull=True)
        .select_related("enterprise__district")
        .order_by("pk")
    )
    for user in candidates:
        batch = open_batches.get(user.enterprise.district.parent_id)
        if batch is None:
            continue
        application = start_application(batch, actor=user)
        client = Client()
        client.force_login(user)
        users.append(
            {
                "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "form": reverse("applications:application_form", args=[application.code]),
                "evidence": reverse("applications:evidence", args=[application.code]),
                "application": application.code,
            }
        )
        if len(users) == count:
            break
    return {"cookie_name": settings.SESSION_COOKIE_NAME, "users": users}


def check_uploads(path: str) -> dict:
    """Every acknowledged upload listed in ``path`` is an evidence record whose stored file has
    the SHA-256 of what was sent."""
    sent = json.loads(Path(path).read_text())
    lost = []
    for item in sent:
        record = EvidenceFile.objects.filter(
            application__code=item["application"], original_name=item["name"]
        ).first()
        if record is None:
            lost.append(f"{item['name']}: no record")
            continue
        digest = hashlib.sha256()
        with default_storage.open(record.file.name) as stored:
            for chunk in iter(lambda: stored.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != item["sha256"] or record.sha256 != item["sha256"]:
            lost.append(f"{item['name']}: checksum differs")
    return {"checked": len(sent), "lost": len(lost), "examples": lost[:5]}


def _p95(values):
    if len(values) < 2:
        return None
    return round(statistics.quantiles(values, n=20)[18] * 1000, 1)


def write_lock_figures(path: Path) -> dict:
    """Per request kind (form save, upload) from the server's log (``bench.writelock``): how
    many, the server's own time for them (p95 and median, wall clock), the write lock's hold
    time (p95 and median, wall clock and the CPU spent holding it), the time spent waiting for
    it (p95), the CPU time and the queries per request (medians), the queries under the lock."""
    kinds: dict[str, list[dict]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            if entry["kind"] in ("form save", "upload") and entry["status"] < 400:
                kinds.setdefault(entry["kind"], []).append(entry)
    figures = {}
    for kind, entries in kinds.items():

        def ms(key, entries=entries):
            return [entry[key] for entry in entries]

        figures[kind] = {
            "requests": len(entries),
            **(
                {
                    "server_p95_ms": _p95(ms("wall")),
                    "server_median_ms": round(statistics.median(ms("wall")) * 1000, 1),
                }
                if all("wall" in entry for entry in entries)
                else {}
            ),
            "held_p95_ms": _p95(ms("held")),
            "held_median_ms": round(statistics.median(ms("held")) * 1000, 1),
            "held_cpu_median_ms": round(statistics.median(ms("held_cpu")) * 1000, 1),
            "waited_p95_ms": _p95(ms("waited")),
            "cpu_median_ms": round(statistics.median(ms("cpu")) * 1000, 1),
            "queries": statistics.median(ms("queries")),
            "locked_queries": statistics.median(ms("locked_queries")),
        }
    return figures


def process_cpu(name: str) -> dict[int, float]:
    """CPU seconds (user + system) so far of each running process whose command is ``name``."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        command, rest = text.split(" (", 1)[1].rsplit(")", 1)
        if command == name:
            fields = rest.split()
            found[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return found


class BackendCpu(threading.Thread):
    """The CPU PostgreSQL's backends of one database spend while it runs, sampled every
    ``every`` seconds: a backend the server's workers close (``CONN_MAX_AGE``) takes its CPU
    with it, so a count at the end alone misses it; sampled, a closed backend loses at most
    its last interval. The machine's other databases are not counted."""

    def __init__(self, url: str, every: float = 0.5):
        super().__init__(daemon=True)
        self.url, self.every = url, every
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stopped = threading.Event()
        self.before = process_cpu("postgres")

    def sample(self, connection):
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        mine = {pid for (pid,) in rows}
        for pid, cpu in process_cpu("postgres").items():
            if pid in mine:
                self.first.setdefault(pid, self.before.get(pid, 0.0))
                self.last[pid] = cpu

    def run(self):
        import psycopg  # noqa: PLC0415 -- only a PostgreSQL run needs the driver here

        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self.stopped.wait(self.every):
                self.sample(connection)
            self.sample(connection)

    def spent(self) -> float:
        return sum(self.last[pid] - self.first[pid] for pid in self.last)

    def stop(self) -> float:
        self.stopped.set()
        self.join()
        return self.spent()


def cpu_share(window: float, **seconds: float) -> dict:
    """Each party's CPU seconds over the window, and its share of all of them."""
    total = sum(seconds.values()) or 1.0
    return {
        "window_s": round(window, 1),
        **{f"{name}_cpu_s": round(value, 1) for name, value in seconds.items()},
        **{f"{name}_share": round(value / total, 3) for name, value in seconds.items()},
    }


def run_deadline(runner, database: Path, *, users: int, seconds: int) -> dict:
    prepared = runner.part(database, "deadline-setup", rows=users)
    workers = 2 * (os.cpu_count() or 1) + 1
    lock_log = runner.work / "deadline-locks.jsonl"
    lock_log.unlink(missing_ok=True)
    window = {}
    with Server(
        runner,
        database,
        workers=workers,
        UPLOAD_MAX_APPLICATION_MB=100000,
        BENCH_WRITE_LOCK_LOG=lock_log,
    ) as server:

        def on_window(opened):
            found = {"at": time.monotonic(), "server": server.cpu_seconds()}
            if str(database).startswith("postgres"):
                if opened:
                    window["backends"] = BackendCpu(str(database))
                    window["backends"].start()
                else:
                    found["postgresql"] = window["backends"].stop()
            window["opened" if opened else "closed"] = found

        results = simulate_users(
            prepared["users"], prepared["cookie_name"], seconds, on_window=on_window
        )
    opened, closed = window["opened"], window["closed"]
    spent = {"client": results["cpu"], "server": closed["server"] - opened["server"]}
    if str(database).startswith("postgres"):
        spent["postgresql"] = closed["postgresql"]
    sent_path = runner.work / "deadline-sent.json"
    sent_path.write_text(json.dumps(results["sent"]))
    checked = runner.part(database, "deadline-check", kind=str(sent_path))
    return {
        "users": len(prepared["users"]),
        "seconds": seconds,
        "saves": len(results["saves"]),
        "uploads": len(results["uploads"]),
        "errors": len(results["errors"]),
        "error_examples": results["errors"][:5],
        "lost": checked["lost"],
        "lost_examples": checked["examples"],
        "save_p95_ms": _p95(results["saves"]),
        "upload_p95_ms": _p95(results["uploads"]),
        "write_lock": write_lock_figures(lock_log),
        "cpu": cpu_share(closed["at"] - opened["at"], **spent),
        "notes": [
            f"gunicorn: {workers} sync workers. The per-application upload limit "
            "(`UPLOAD_MAX_APPLICATION_MB`) was raised for this run so that a user's 2 minutes of "
            "uploads are not refused as over the limit; the per-file limit stayed at its default.",
            f"The simulated users ran in {results['processes']} processes of at most "
            f"{USERS_PER_PROCESS} threads, reading each page's form with regular expressions; "
            "their PDFs were made and hashed before the window opened, each upload still "
            "distinct (a tail naming it) and checked by its own SHA-256 (decisions §99).",
        ],
    }
