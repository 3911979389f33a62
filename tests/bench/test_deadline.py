"""The deadline peak's simulated users (decisions §99): the form read by regular expressions as
``HTMLParser`` reads it, PDFs made before the window yet each upload distinct and checked by
its own SHA-256, the users spread over processes."""

import hashlib
import random
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greenfactory.bench.benchmarks import deadline, deadline_users
from greenfactory.bench.benchmarks.deadline_users import FormFields, PreparedPdfs, form_fields
from greenfactory.core.uploads import PDF, check_upload
from tests.factories import BatchFactory, DraftApplicationFactory, shipped_system


def parsed(page: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(page)
    return parser.fields


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["application_form", "evidence"])
def test_the_pages_forms_are_read_as_html_parser_reads_them(client, enterprise_user, name):
    batch = BatchFactory(indicator_system=shipped_system(2018))
    application = DraftApplicationFactory(batch=batch, enterprise=enterprise_user.enterprise)
    client.force_login(enterprise_user)
    page = client.get(reverse(f"applications:{name}", args=[application.code]))
    assert page.status_code == 200
    html = page.content.decode()
    fields = form_fields(html)
    assert fields == parsed(html)
    names = [field for field, _value in fields]
    assert "csrfmiddlewaretoken" in names
    assert ("products" in names) == (name == "application_form")
    assert ("kind" in names) == (name == "evidence")


def test_a_form_is_read_field_by_field():
    page = """
    <form method="post" action="/elsewhere/"><input name="other" value="x"></form>
    <textarea name="outside"><form method="post"></textarea>
    <FORM method="POST" class="a>b">
      <input type="hidden" name="csrfmiddlewaretoken" value="t&amp;k">
      <input name="title" value='单引号 "q"'>
      <input type="checkbox" name="agree" checked>
      <input type="checkbox" name="skip" value="1">
      <input type="radio" name="size" value="big" checked>
      <input type="submit" name="go" value="Save">
      <input type="file" name="file">
      <select name="kind"><option value="a">A</option><option value="b" selected>B</option>
      </select>
      <select name="empty"><option value="first">1</option><option value="second">2</option>
      </select>
      <textarea name="notes" rows="3">
a &lt;b&gt; c</textarea>
      <input name=bare value=plain>
    </form>
    <input name="after" value="no">
    """
    assert form_fields(page) == parsed(page)
    assert form_fields(page) == [
        ("csrfmiddlewaretoken", "t&k"),
        ("title", '单引号 "q"'),
        ("agree", "on"),
        ("size", "big"),
        ("kind", "b"),
        ("empty", "first"),
        ("notes", "\na <b> c"),
        ("bare", "plain"),
    ]


def test_prepared_pdfs_are_distinct_valid_and_hashed_as_sent():
    pdfs = PreparedPdfs(random.Random(3), count=2)
    seen = set()
    for number in range(4):
        name = f"evidence-{number}.pdf"
        parts, sha256 = pdfs.one(name)
        data = b"".join(parts)
        assert 2 * 2**20 < len(data) < 5 * 2**20 + 1024
        assert sha256 == hashlib.sha256(data).hexdigest()
        seen.add(sha256)
        checked = check_upload(
            SimpleUploadedFile(name, data, content_type="application/pdf"), actor=None
        )
        assert (checked.file_type, checked.sha256) == (PDF, sha256)
    assert len(seen) == 4


class Platform(BaseHTTPRequestHandler):
    """Two pages with a form each; what was posted is kept by path."""

    posted: dict[str, list[bytes]] = {}
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = (
            b'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t">'
            b'<input name="products" value="p"><select name="kind">'
            b'<option value="other">o</option></select></form>'
        )
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.lock:
            self.posted.setdefault(self.path, []).append(body)
        self.send_response(302)
        self.send_header("Location", self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_simulated_users_run_in_processes_and_send_what_they_report(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Platform)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(deadline_users, "PORT", server.server_address[1])
    monkeypatch.setattr(deadline_users, "USERS_PER_PROCESS", 2)
    users = [
        {"session": f"s{i}", "form": f"/f{i}/", "evidence": f"/e{i}/", "application": f"A{i}"}
        for i in range(3)
    ]
    windows = []
    try:
        results = deadline_users.simulate_users(users, "sessionid", 0.2, on_window=windows.append)
    finally:
        server.shutdown()
        server.server_close()
    assert windows == [True, False]
    assert results["processes"] == 2
    assert results["errors"] == []
    assert len(results["saves"]) == len(results["uploads"]) == 3
    assert results["cpu"] > 0
    for i in range(3):
        (form,) = Platform.posted[f"/f{i}/"]
        assert form.startswith(b"csrfmiddlewaretoken=t&products=")
        (upload,) = Platform.posted[f"/e{i}/"]
        (sent,) = [item for item in results["sent"] if item["application"] == f"A{i}"]
        boundary = re.match(rb"--(\w+)\r\n", upload).group(1)
        marker = f'filename="{sent["name"]}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        start = upload.index(marker) + len(marker)
        data = upload[start : upload.index(b"\r\n--" + boundary + b"--\r\n")]
        assert hashlib.sha256(data).hexdigest() == sent["sha256"]
        assert b'name="kind"\r\n\r\nevidence\r\n' in upload


def test_the_windows_cpu_is_shared_out():
    assert deadline.process_cpu("no-such-command-here") == {}
    share = deadline.cpu_share(70.04, client=1.0, server=3.0)
    assert share == {
        "window_s": 70.0,
        "client_cpu_s": 1.0,
        "server_cpu_s": 3.0,
        "client_share": 0.25,
        "server_share": 0.75,
    }


def test_the_backends_cpu_is_sampled_so_a_closed_backend_keeps_its_share(monkeypatch):
    samples = iter([{1: 2.0, 9: 4.0}, {1: 2.5, 2: 0.25, 9: 5.0}, {2: 1.0, 3: 0.5, 9: 6.0}])
    monkeypatch.setattr(deadline, "process_cpu", lambda name: next(samples))

    class Connection:
        backends = iter([[(1,), (2,)], [(2,), (3,)]])  # 9 serves another database

        def execute(self, sql):
            return next(self.backends)

    sampler = deadline.BackendCpu("postgres://unused/db")  # before: the first sample
    sampler.sample(Connection())
    sampler.sample(Connection())  # backend 1 closed in between: its 0.5 s stays counted
    assert sampler.spent() == 0.5 + 1.0 + 0.5
