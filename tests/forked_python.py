"""Fresh Python processes of the platform, forked from one that has imported its libraries.

A test of what a process makes of its environment (``manage.py check --deploy`` under production
settings, a settings value) needs a process that has never set Django up: the settings are read
from the environment once, when the settings module is imported. Started anew, each such process
spends most of its time importing Python's, Django's and the other libraries' modules, the same
for every one (about 2 s of CPU of a ``check --deploy``'s 3.5 s). ``ForkedPython`` starts one
process that imports those modules, and nothing that reads the settings or the platform's own
code, then forks it for each run: the child gets exactly the environment, arguments and working
directory given, imports the settings and the platform as a new process would, and its exit code,
standard output and standard error are returned as ``subprocess.run`` returns them
(decisions §108).
"""

import json
import os
import selectors
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Imported before forking: libraries the platform's start imports that read neither the
# settings nor anything a run's environment decides. The server checks that none of them set
# Django's settings up or imported the platform.
PRELOADED = (
    "django.core.management",
    "django.db.models",
    "django.urls",
    "django.forms",
    "django.template.defaulttags",
    "django.template.defaultfilters",
    "django.middleware.csrf",
    "django.db.migrations.autodetector",
    "django.db.migrations.executor",
    "django.db.migrations.writer",
    "environ",
    "datasketch",
    "openpyxl",
    "pypdfium2",
    "xlrd",
    "segno",
    "yaml",
    "pydantic",
    "jinja2",
    "psycopg",
    "pydantic.main",
    "requests",
    "urllib3",
    "idna",
    "certifi",
    "pygments.lexers",
    "uritemplate",
    "inflection",
    "packaging.version",
    "brotli",
    "statistics",
    "sqlite3",
    "multiprocessing",
    "wsgiref.simple_server",
    "django.core.handlers.wsgi",
    "django.views.static",
    "django.views.debug",
    "django.test.client",
)

SERVER = r"""
import importlib, json, os, runpy, sys, traceback

for name in sys.argv[1:]:
    importlib.import_module(name)
from django.conf import settings
assert not settings.configured and not any(
    name == "greenfactory" or name.startswith("greenfactory.") for name in sys.modules
), "a preloaded module set Django up or imported the platform"
base_path = list(sys.path)


def child(request):
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    # The interpreter puts PYTHONPATH's folders after the script's (the server has none).
    extra = [os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.close(nothing)
    for number, name in ((1, "stdout"), (2, "stderr")):
        fd = os.open(request[name], os.O_WRONLY | os.O_TRUNC)
        os.dup2(fd, number)
        os.close(fd)
    argv = request["argv"]
    code = 0
    try:
        if argv[0] == "-c":
            sys.argv = ["-c", *argv[2:]]
            sys.path[:] = ["", *extra, *base_path[1:]]
            exec(compile(argv[1], "<string>", "exec"), {"__name__": "__main__"})
        else:
            sys.argv = list(argv)
            sys.path[:] = [os.path.dirname(os.path.abspath(argv[0])), *extra, *base_path[1:]]
            runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as exit:
        if exit.code is None:
            code = 0
        elif isinstance(exit.code, int):
            code = exit.code
        else:
            print(exit.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


print("ready", flush=True)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        child(request)
    _pid, status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""


class ForkedPython:
    """One preloaded server process; ``run`` forks it for each run. Not thread-safe."""

    def __init__(self):
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("DJANGO_") and key != "PYTHONPATH"
        }
        self.folder = tempfile.TemporaryDirectory(prefix="forked-python-")
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, *PRELOADED],
            env=environment,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdout.readline().strip() != "ready":
            self.close()
            raise AssertionError("the preloaded Python process did not start")

    def run(self, argv, *, env, cwd=ROOT, timeout=120) -> subprocess.CompletedProcess:
        """As ``subprocess.run([sys.executable, *argv], env=env, cwd=cwd, capture_output=True,
        text=True)`` would: ``argv`` is a script and its arguments, or ``-c`` and code."""
        stdout = Path(self.folder.name) / "stdout"
        stderr = Path(self.folder.name) / "stderr"
        stdout.write_bytes(b"")
        stderr.write_bytes(b"")
        request = {
            "argv": [str(part) for part in argv],
            "env": dict(env),
            "cwd": str(cwd),
            "stdout": str(stdout),
            "stderr": str(stderr),
        }
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self._read_answer(timeout)
        return subprocess.CompletedProcess(
            [sys.executable, *argv],
            json.loads(answer),
            stdout.read_text(),
            stderr.read_text(),
        )

    def _read_answer(self, timeout: float) -> str:
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.close()
                raise subprocess.TimeoutExpired(self.process.args, timeout)
        answer = self.process.stdout.readline()
        if not answer:
            raise AssertionError("the preloaded Python process ended")
        return answer

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process.stdout.close()
        self.folder.cleanup()
