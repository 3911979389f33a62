"""The deadline peak: many enterprise users at once, each saving its application form and
uploading 2–5 MB PDFs as evidence through the real pages, then every acknowledged upload read
back from storage and compared by SHA-256 with what was sent."""

import hashlib
import http.client
import json
import os
import random
import statistics
import threading
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

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

from .load import PORT, Server


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


class FormFields(HTMLParser):
    """The fields of the page's form whose action is the page itself, as a browser sends them."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self.select = None
        self.selected = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post" and not a.get("action"):
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "file", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self.select, self.selected = a["name"], None
        elif tag == "option" and self.select is not None:
            if "selected" in a or self.selected is None:
                self.selected = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self.select is not None:
            self.fields.append((self.select, self.selected or ""))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None


def pdf_of(size: int, rng: random.Random) -> bytes:
    """A valid PDF of about ``size`` bytes: one page and an embedded stream of random bytes."""
    payload = rng.randbytes(size)
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        + f"4 0 obj<</Length {len(payload)}>>stream\n".encode()
        + payload
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


class SimulatedUser(threading.Thread):
    def __init__(self, index, user, cookie_name, stop_at, results, lock):
        super().__init__(daemon=True)
        self.index, self.user = index, user
        self.cookie = f"{cookie_name}={user['session']}"
        self.stop_at, self.results, self.lock = stop_at, results, lock
        self.rng = random.Random(index)  # noqa: S311 - test data
        self.csrf = ""

    def request(self, method, path, body=b"", content_type=""):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        headers = {"Cookie": self.cookie + (f"; csrftoken={self.csrf}" if self.csrf else "")}
        if content_type:
            headers["Content-Type"] = content_type
        headers["Referer"] = f"http://127.0.0.1:{PORT}{path}"
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.csrf = value.split(";", 1)[0].split("=", 1)[1]
        connection.close()
        return response.status, content, elapsed

    def fields(self, path):
        status, content, _elapsed = self.request("GET", path)
        parser = FormFields()
        parser.feed(content.decode("utf-8", "replace"))
        return status, parser.fields

    def save_form(self):
        status, fields = self.fields(self.user["form"])
        if status != 200:
            return status, 0.0
        fields = [
            (name, f"绿色产品 {self.rng.randrange(10**6)}" if name == "products" else value)
            for name, value in fields
        ]

        body = urlencode(fields).encode()
        status, _content, elapsed = self.request(
            "POST", self.user["form"], body, "application/x-www-form-urlencoded"
        )
        return status, elapsed

    def upload(self):
        status, fields = self.fields(self.user["evidence"])
        if status != 200:
            return status, 0.0, None
        data = pdf_of(self.rng.randrange(2 * 2**20, 5 * 2**20), self.rng)
        name = f"evidence-{self.index}-{uuid.uuid4().hex[:10]}.pdf"
        boundary = uuid.uuid4().hex
        parts = []
        for field, value in fields:
            if field == "kind":
                value = "evidence"
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        status, _content, elapsed = self.request(
            "POST", self.user["evidence"], body, f"multipart/form-data; boundary={boundary}"
        )
        sent = {
            "application": self.user["application"],
            "name": name,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        return status, elapsed, sent

    def run(self):
        while time.monotonic() < self.stop_at:
            for action in (self.save_form, self.upload):
                try:
                    outcome = action()
                except (OSError, http.client.HTTPException) as error:
                    with self.lock:
                        self.results["errors"].append(f"{action.__name__}: {error}")
                    continue
                status, elapsed = outcome[0], outcome[1]
                with self.lock:
                    if status not in (200, 302, 303):
                        self.results["errors"].append(f"{action.__name__}: HTTP {status}")
                    elif action == self.save_form:
                        self.results["saves"].append(elapsed)
                    elif status == 302:
                        self.results["uploads"].append(elapsed)
                        self.results["sent"].append(outcome[2])
                    else:
                        self.results["errors"].append("upload: answered 200, not stored")
                time.sleep(self.rng.uniform(0.5, 1.5))


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


def cpu_since(before: dict[int, float], now: dict[int, float]) -> float:
    """CPU seconds the processes of ``now`` spent since ``before`` (a new one: all of its own)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in now.items())


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
    results = {"saves": [], "uploads": [], "sent": [], "errors": []}
    lock = threading.Lock()
    workers = 2 * (os.cpu_count() or 1) + 1
    lock_log = runner.work / "deadline-locks.jsonl"
    lock_log.unlink(missing_ok=True)
    with Server(
        runner,
        database,
        workers=workers,
        UPLOAD_MAX_APPLICATION_MB=100000,
        BENCH_WRITE_LOCK_LOG=lock_log,
    ) as server:
        server_before, database_before = server.cpu_seconds(), process_cpu("postgres")
        client_before, started = time.process_time(), time.monotonic()
        stop_at = started + seconds
        threads = [
            SimulatedUser(i, user, prepared["cookie_name"], stop_at, results, lock)
            for i, user in enumerate(prepared["users"])
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        spent = {
            "client": time.process_time() - client_before,
            "server": server.cpu_seconds() - server_before,
        }
        if str(database).startswith("postgres"):
            spent["postgresql"] = cpu_since(database_before, process_cpu("postgres"))
        cpu = cpu_share(time.monotonic() - started, **spent)
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
        "cpu": cpu,
        "notes": [
            f"gunicorn: {workers} sync workers. The per-application upload limit "
            "(`UPLOAD_MAX_APPLICATION_MB`) was raised for this run so that a user's 2 minutes of "
            "uploads are not refused as over the limit; the per-file limit stayed at its default."
        ],
    }
