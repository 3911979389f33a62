"""The deadline peak's simulated enterprise users (``deadline.run_deadline`` runs them): each
in a loop reads its 申请表 page and posts the form back, thinks, reads its evidence page and
uploads a 2–5 MB PDF, thinks again. They run in forked processes of ``USERS_PER_PROCESS``
threads, read forms with regular expressions and make their PDFs before the timed window, so
that their own CPU and interpreter lock stay out of the times they measure (decisions §99)."""

import hashlib
import html
import http.client
import multiprocessing
import random
import re
import threading
import time
import uuid
from html.parser import HTMLParser
from urllib.parse import urlencode

from .load import PORT


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


_TAG = re.compile(
    r"<(/?)(form|input|select|option|textarea)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"([^\s\"'=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_TEXTAREA_END = re.compile(r"</textarea\s*>", re.IGNORECASE)


def _attributes(text: str) -> dict[str, str]:
    found = {}
    for name, double, single, bare in _ATTRIBUTE.findall(text):
        found.setdefault(name.lower(), html.unescape(double or single or bare))
    return found


def form_fields(page: str) -> list[tuple[str, str]]:
    """What ``FormFields`` reads from a page, read by regular expressions over the few tags a
    form has: the simulated users read every page they post back, and ``HTMLParser`` (pure
    Python, every tag of the page) cost them several milliseconds of CPU a page, inside the
    times they measure (decisions §99). ``tests/bench/test_deadline.py`` holds the two equal
    on the pages the bench reads."""
    fields: list[tuple[str, str]] = []
    in_form = False
    select = selected = None
    position = 0
    while match := _TAG.search(page, position):
        position = match.end()
        closing, tag, a = match.group(1), match.group(2).lower(), _attributes(match.group(3))
        if closing:
            if tag == "form" and in_form:
                in_form = False
            elif tag == "select" and select is not None:
                fields.append((select, selected or ""))
                select = None
            continue
        if tag == "form" and a.get("method", "").lower() == "post" and not a.get("action"):
            in_form = True
        if not in_form:
            if tag == "textarea":
                end = _TEXTAREA_END.search(page, position)
                position = end.end() if end else len(page)
            continue
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "file", "button"):
                fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            select, selected = a["name"], None
        elif tag == "option" and select is not None:
            if "selected" in a or selected is None:
                selected = a.get("value", "")
        elif tag == "textarea":
            end = _TEXTAREA_END.search(page, position)
            stop = end.start() if end else len(page)
            if a.get("name"):
                fields.append((a["name"], html.unescape(page[position:stop])))
            position = end.end() if end else len(page)
    return fields


_PDF_HEAD = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
)


def _pdf_body(size: int, rng: random.Random) -> bytes:
    payload = rng.randbytes(size)
    return (
        _PDF_HEAD
        + f"4 0 obj<</Length {len(payload)}>>stream\n".encode()
        + payload
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n"
    )


def pdf_of(size: int, rng: random.Random) -> bytes:
    """A valid PDF of about ``size`` bytes: one page and an embedded stream of random bytes."""
    return _pdf_body(size, rng) + b"%%EOF\n"


class PreparedPdfs:
    """PDFs of 2–5 MB made before the timed window, each upload still distinct: one of
    ``count`` bodies of random bytes, then a comment naming the upload and the end marker. The
    body's SHA-256 is taken once; an upload's is that state copied and fed its own short tail,
    so the check after the run still proves each stored file is the one sent. Generating and
    hashing 2–5 MB per upload inside the window cost the simulated users about 15 ms of CPU
    an upload (decisions §99)."""

    def __init__(self, rng: random.Random, count: int = 6):
        self.rng = rng
        self.bodies = []
        for _ in range(count):
            body = _pdf_body(rng.randrange(2 * 2**20, 5 * 2**20), rng)
            self.bodies.append((body, hashlib.sha256(body)))

    def one(self, name: str) -> tuple[list[bytes], str]:
        """The upload's parts (sent one after the other, never joined) and its SHA-256."""
        body, state = self.rng.choice(self.bodies)
        tail = f"%{name}\n%%EOF\n".encode()
        digest = state.copy()
        digest.update(tail)
        return [body, tail], digest.hexdigest()


class SimulatedUser(threading.Thread):
    def __init__(self, index, user, cookie_name, stop_at, results, lock, pdfs):
        super().__init__(daemon=True)
        self.index, self.user = index, user
        self.cookie = f"{cookie_name}={user['session']}"
        self.stop_at, self.results, self.lock = stop_at, results, lock
        self.pdfs = pdfs
        self.rng = random.Random(index)  # noqa: S311 - test data
        self.csrf = ""

    def request(self, method, path, body=b"", content_type=""):
        """One request on a new connection; ``body`` bytes or a list of parts sent in turn."""
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        headers = {"Cookie": self.cookie + (f"; csrftoken={self.csrf}" if self.csrf else "")}
        if content_type:
            headers["Content-Type"] = content_type
        if isinstance(body, list):
            headers["Content-Length"] = str(sum(len(part) for part in body))
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
        return status, form_fields(content.decode("utf-8", "replace"))

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
        name = f"evidence-{self.index}-{uuid.uuid4().hex[:10]}.pdf"
        data, sha256 = self.pdfs.one(name)
        boundary = uuid.uuid4().hex
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n'
            f"{'evidence' if field == 'kind' else value}\r\n".encode()
            for field, value in fields
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
        )
        body = [head, *data, f"\r\n--{boundary}--\r\n".encode()]
        status, _content, elapsed = self.request(
            "POST", self.user["evidence"], body, f"multipart/form-data; boundary={boundary}"
        )
        sent = {"application": self.user["application"], "name": name, "sha256": sha256}
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


# Simulated users per generator process: one process's threads share its interpreter lock,
# and a thread that waits for it has that wait counted in the time it measures (§99).
USERS_PER_PROCESS = 10


def _users_process(first, users, cookie_name, ready, go, stop_at, answers):
    """One generator process: its PDFs made, it says so, waits for the window to open, runs
    its users' threads until it closes, then sends back what they measured and its own CPU
    time over the window."""
    pdfs = PreparedPdfs(random.Random(first))  # noqa: S311 - test data
    ready.put(first)
    go.wait()
    cpu = time.process_time()
    results = {"saves": [], "uploads": [], "sent": [], "errors": []}
    lock = threading.Lock()
    threads = [
        SimulatedUser(first + i, user, cookie_name, stop_at.value, results, lock, pdfs)
        for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answers.put({**results, "cpu": time.process_time() - cpu})


def simulate_users(users: list[dict], cookie_name: str, seconds: float, on_window=None) -> dict:
    """The simulated users, ``USERS_PER_PROCESS`` to a process (forked: they need no database),
    for ``seconds`` from the moment every process has its PDFs ready. ``on_window(opened)`` is
    called as the window opens (``opened=True``) and as it closes, in this process."""
    context = multiprocessing.get_context("fork")
    ready, answers, go = context.Queue(), context.Queue(), context.Event()
    stop_at = context.Value("d", 0.0)
    groups = [
        (first, users[first : first + USERS_PER_PROCESS])
        for first in range(0, len(users), USERS_PER_PROCESS)
    ]
    processes = [
        context.Process(
            target=_users_process,
            args=(first, group, cookie_name, ready, go, stop_at, answers),
            daemon=True,
        )
        for first, group in groups
    ]
    for process in processes:
        process.start()
    for _process in processes:
        ready.get(timeout=300)
    if on_window:
        on_window(True)
    stop_at.value = time.monotonic() + seconds
    go.set()
    results = {"saves": [], "uploads": [], "sent": [], "errors": [], "cpu": 0.0}
    for _process in processes:
        found = answers.get(timeout=seconds + 600)
        for key, value in found.items():
            results[key] += value
    for process in processes:
        process.join()
    if on_window:
        on_window(False)
    results["processes"] = len(processes)
    return results
