"""The deadline peak's requests one at a time, in this process: each request's CPU time, its
queries and what it holds of the write lock (``bench.writelock``), as decisions §81 measured
them. Each request is built as the deadline bench builds it: the page read, its own form's
fields posted back with one entry changed; the upload as the bench's multipart body.

It writes to the database it runs on: run it on a copy of a bench dataset, e.g.
``DATABASE_URL=sqlite:///copy.sqlite3 manage.py run_benchmarks --part deadline-profile
--kind form,upload,self,perf --rows 5`` with the bench's environment (``Runner.env``).
"""

import random
import statistics
import time
import uuid
from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.applications.enums import ApplicationState
from greenfactory.programme.enums import BatchState

from ..writelock import Watch
from .deadline import prepare_users
from .deadline_users import FormFields, pdf_of

WARM_UP = 3


def _draft():
    user = (
        User.objects.filter(
            role=Role.ENTERPRISE,
            username__startswith="gen-",
            enterprise__applications__state=ApplicationState.DRAFT,
            enterprise__applications__batch__state=BatchState.OPEN,
        )
        .order_by("pk")
        .first()
    )
    if user is None:
        prepare_users(1)
        return _draft()
    application = user.enterprise.applications.get(
        state=ApplicationState.DRAFT, batch__state=BatchState.OPEN
    )
    return user, application


class Requests:
    def __init__(self, client, application, rng):
        self.client, self.application, self.rng = client, application, rng

    def fields(self, name):
        path = reverse(f"applications:{name}", args=[self.application.code])
        response = self.client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        parser = FormFields()
        parser.feed(response.content.decode())
        return path, parser.fields

    def posted(self, path, fields):
        return path, urlencode(fields).encode(), "application/x-www-form-urlencoded"

    def form(self):
        path, fields = self.fields("application_form")
        n = self.rng.randrange(10**6)
        return self.posted(
            path, [(k, f"绿色产品 {n}" if k == "products" else v) for k, v in fields]
        )

    def self_evaluation(self):
        path, fields = self.fields("self_evaluation")
        first = next((k for k, _v in fields if k.startswith("explanation_")), None)
        n = self.rng.randrange(10**6)
        return self.posted(path, [(k, f"说明 {n}" if k == first else v) for k, v in fields])

    def performance(self):
        path, fields = self.fields("performance")
        return self.posted(
            path,
            [
                (k, str(self.rng.randrange(100, 1000)) if k in ("output_value", "employees") else v)
                for k, v in fields
            ],
        )

    def upload(self):
        path, fields = self.fields("evidence")
        data = pdf_of(self.rng.randrange(2 * 2**20, 5 * 2**20), self.rng)
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n'
            f"{'evidence' if field == 'kind' else value}\r\n".encode()
            for field, value in fields
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="evidence-{uuid.uuid4().hex[:10]}.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return path, body, f"multipart/form-data; boundary={boundary}"


def profile_requests(kinds: list[str], count: int) -> dict:
    """``count`` requests of each kind (form, upload, self, perf) after ``WARM_UP``; the
    medians of CPU (this thread, the POST only), wall time, queries, queries under the lock,
    the lock's hold (wall and CPU) and the wait for it."""
    user, application = _draft()
    client = Client()
    client.force_login(user)
    requests = Requests(client, application, random.Random(7))  # noqa: S311 - test data
    build = {
        "form": requests.form,
        "upload": requests.upload,
        "self": requests.self_evaluation,
        "perf": requests.performance,
    }
    results = {}
    for kind in kinds:
        rows = []
        for i in range(WARM_UP + count):
            path, body, content_type = build[kind]()
            cpu, wall = time.thread_time(), time.perf_counter()
            with Watch() as watch:
                response = client.generic("POST", path, body, content_type=content_type)
            cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
            if response.status_code not in (200, 302):
                raise RuntimeError(f"{kind}: HTTP {response.status_code}")
            if i >= WARM_UP:
                rows.append(
                    {
                        "cpu_ms": cpu * 1000,
                        "wall_ms": wall * 1000,
                        "queries": watch.queries,
                        "locked_queries": watch.locked_queries,
                        "held_ms": watch.held * 1000,
                        "held_cpu_ms": watch.held_cpu * 1000,
                        "waited_ms": watch.waited * 1000,
                    }
                )
        results[kind] = {
            key: round(statistics.median(row[key] for row in rows), 2) for key in rows[0]
        }
    return results
