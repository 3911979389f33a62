"""Settings fail loudly on bad values, and production settings pass the deployment check."""

import os
import secrets
from pathlib import Path

import pytest

from tests.forked_python import ForkedPython

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def python():
    """One preloaded process, forked for each check: each child reads the settings from its own
    environment as a new process does (tests/forked_python.py)."""
    server = ForkedPython()
    yield server
    server.close()


@pytest.fixture
def run_manage(python):
    def run(*args, **env):
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        environment.update(env)
        return python.run([ROOT / "manage.py", *args], env=environment, timeout=120)

    return run


# The checks run in subprocesses and never open the database: deselected from the PostgreSQL
# run (pyproject, .ci/run), which checks the production settings against PostgreSQL itself.
# Each runs manage.py in a process of its own, forked from one that imported the libraries
# once (tests/forked_python.py): ranked with the costly tests, run first.
def NO_DATABASE(test):
    return pytest.mark.subprocess(pytest.mark.no_database(test))


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "greenfactory.example.gov.cn",
    "PLATFORM_URL": "https://greenfactory.example.gov.cn",
    "UPLOAD_SCANNER": "none",
}


@NO_DATABASE
def test_production_settings_pass_check_deploy_with_scanning_waived(tmp_path, run_manage):
    from greenfactory.titles.domain.certificate_signing import make_self_signed_pair

    pair = tmp_path / "signing"
    make_self_signed_pair(pair / "key.pem", pair / "cert.pem")
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        UPLOAD_SCANNER_WAIVED="1",
        AUDIT_SEAL_KEY=secrets.token_hex(32),
        AUDIT_ANCHOR_PATH=str(tmp_path / "anchors"),
        CERTIFICATE_SIGNING_KEY_FILE=str(pair / "key.pem"),
        CERTIFICATE_SIGNING_CERT_FILE=str(pair / "cert.pem"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@NO_DATABASE
def test_production_without_a_malware_scanner_fails_check_deploy(run_manage):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode != 0
    assert "greenfactory.W002" in result.stdout + result.stderr
    assert "greenfactory.W006" in result.stdout + result.stderr  # no signing pair either


@NO_DATABASE
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
        (
            {"DJANGO_ENV": "demo", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"},
            "exclude each other",
        ),
    ],
)
def test_bad_configuration_fails_loudly(env, message, run_manage):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


@NO_DATABASE
def test_smtp_settings_are_read_from_the_environment(run_manage):
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        DJANGO_ENV="demo",
        EMAIL_HOST="smtp.example.gov.cn",
        EMAIL_PORT="465",
        EMAIL_HOST_USER="noreply",
        EMAIL_USE_SSL="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "smtp.example.gov.cn",
        "465",
        "noreply",
        "False",
        "True",
    ]


def production_env(**extra):
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "greenfactory.example.gov.cn",
        "PLATFORM_URL": "https://greenfactory.example.gov.cn",
        **extra,
    }


@NO_DATABASE
@pytest.mark.parametrize("command", ["load_demo", "generate_dataset", "run_benchmarks"])
def test_production_settings_do_not_install_demo_or_bench(command, run_manage):
    result = run_manage(command, "--help", **production_env())
    assert result.returncode == 1
    assert f"Unknown command: '{command}'" in result.stderr


@NO_DATABASE
def test_the_benchmarks_own_settings_install_bench_under_production(run_manage):
    result = run_manage(
        "run_benchmarks",
        "--help",
        **production_env(DJANGO_SETTINGS_MODULE="greenfactory.bench.settings"),
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_load_demo_refuses_with_production_settings(settings):
    from django.core.management import CommandError, call_command

    from greenfactory.accounts.models import User

    settings.DJANGO_ENV = "production"
    with pytest.raises(CommandError, match="never with production settings"):
        call_command("load_demo")
    assert not User.objects.exists()
