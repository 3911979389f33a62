"""Where and with what the benchmarks ran: the machine, the versions, the date."""

import os
import platform
import sqlite3
import sys
from pathlib import Path

import django
from django.utils import timezone


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def describe(postgres_version: str = "") -> dict:
    return {
        "date": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": os.cpu_count(),
        "ram": _memory_gib(),
        "cpu": _cpu_model(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version or "not measured",
        "load_average": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }
