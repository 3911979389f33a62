"""Settings fail loudly on bad values, and production settings pass the deployment check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="greenfactory.example.gov.cn",
        PLATFORM_URL="https://greenfactory.example.gov.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ENV": "production"}, "SECRET_KEY must be set"),
        (
            {"DJANGO_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(64)},
            "ALLOWED_HOSTS must name",
        ),
        (
            {
                "DJANGO_ENV": "production",
                "SECRET_KEY": secrets.token_urlsafe(64),
                "ALLOWED_HOSTS": "gf.example.cn",
            },
            "PLATFORM_URL must be the platform's address",
        ),
        ({"DJANGO_ENV": "staging"}, "use production, demo or test"),
        ({"DJANGO_ENV": "demo", "DEBUG": "maybe"}, "is not a boolean"),
        ({"DJANGO_ENV": "demo", "SESSION_IDLE_SECONDS": "half an hour"}, "is not an integer"),
    ],
)
def test_bad_configuration_fails_loudly(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr
