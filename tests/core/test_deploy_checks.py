"""`check --deploy` warns when uploads would be stored without a malware scan."""

import pytest
from django.core.checks import run_checks

IDS = {"greenfactory.W001", "greenfactory.W002", "greenfactory.W003"}


def scanning_warnings():
    return sorted(m.id for m in run_checks(include_deployment_checks=True) if m.id in IDS)


def test_no_scanner_is_a_warning(settings):
    settings.UPLOAD_SCANNER = "none"
    settings.UPLOAD_SCANNER_WAIVED = False
    assert scanning_warnings() == ["greenfactory.W002"]


def test_a_waived_scanner_is_no_warning(settings):
    settings.UPLOAD_SCANNER = "none"
    settings.UPLOAD_SCANNER_WAIVED = True
    assert scanning_warnings() == []


def test_clamav_chosen_but_missing_is_a_warning(settings):
    settings.UPLOAD_SCANNER = "clamav"
    settings.UPLOAD_SCANNER_COMMAND = ["no-such-clamdscan"]
    settings.UPLOAD_SCANNER_WAIVED = False
    assert scanning_warnings() == ["greenfactory.W001"]


@pytest.mark.parametrize(("required", "expected"), [(False, ["greenfactory.W003"]), (True, [])])
def test_a_scanner_that_may_be_skipped_is_a_warning(settings, required, expected):
    settings.UPLOAD_SCANNER = "clamav"
    settings.UPLOAD_SCANNER_COMMAND = ["true"]
    settings.UPLOAD_SCANNER_REQUIRED = required
    settings.UPLOAD_SCANNER_WAIVED = False
    assert scanning_warnings() == expected


def test_ordinary_checks_do_not_run_it(settings):
    settings.UPLOAD_SCANNER = "none"
    settings.UPLOAD_SCANNER_WAIVED = False
    assert not [m for m in run_checks() if m.id in IDS]
