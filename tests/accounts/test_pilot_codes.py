"""Credit codes of the pilot period: an officer-recorded, audited exception for a real code
whose check character fails, instead of a dead end; the check itself is unchanged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from greenfactory.accounts.domain.pilot_codes import PilotCodeRefused, record_pilot_code
from greenfactory.accounts.models import Enterprise, PilotCode
from greenfactory.accounts.uscc import validate_registrable_uscc, validate_uscc
from greenfactory.core.models import AuditEvent
from tests.factories import EnterpriseFactory, region, valid_uscc

pytestmark = pytest.mark.django_db

REASON = "营业执照原件核对：2015年3月核发，校验位为试点期规则"


def pilot_code() -> str:
    """A code right in every part but its check character."""
    code = valid_uscc("320412")
    return code[:17] + ("0" if code[17] != "0" else "1")


def test_a_pilot_code_fails_the_check_until_an_officer_records_it(district_officer):
    code = pilot_code()
    with pytest.raises(ValidationError) as failed:
        validate_registrable_uscc(code)
    assert failed.value.code == "check"
    pilot = record_pilot_code(
        code.lower(), district=region("320412"), reason=REASON, actor=district_officer
    )
    assert (pilot.uscc, pilot.recorded_by, pilot.reason) == (code, district_officer, REASON)
    validate_registrable_uscc(code)
    with pytest.raises(ValidationError):  # the check itself is not weakened
        validate_uscc(code)
    other = code[:16] + ("1" if code[16] != "1" else "2") + code[17]
    with pytest.raises(ValidationError):
        validate_registrable_uscc(other)
    event = AuditEvent.objects.get(action="accounts.pilot_code.recorded")
    assert event.actor == district_officer
    assert event.changes == {"uscc": code, "district": "320412", "reason": REASON}
    enterprise = EnterpriseFactory(uscc=code, district=region("320412"))
    enterprise.full_clean()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("district_officer", True),
        ("city_officer", True),
        ("other_district_officer", False),
        ("enterprise_user", False),
        ("assigned_expert", False),
        ("system_admin", False),
    ],
)
def test_who_records_a_pilot_code(request, persona, allowed):
    actor = request.getfixturevalue(persona)
    code = pilot_code()
    if allowed:
        record_pilot_code(code, district=region("320412"), reason=REASON, actor=actor)
        assert PilotCode.objects.filter(uscc=code).exists()
    else:
        with pytest.raises(PermissionDenied):
            record_pilot_code(code, district=region("320412"), reason=REASON, actor=actor)
        assert not PilotCode.objects.exists()
        assert not AuditEvent.objects.filter(action="accounts.pilot_code.recorded").exists()


def test_only_a_wrong_check_character_can_be_an_exception(district_officer):
    district = region("320412")
    with translation.override("en"):
        for code, message in (
            (valid_uscc(), "This code passes the check: no exception is needed."),
            ("91320412ABC", "A unified social credit code has 18 characters; this one has 11."),
        ):
            with pytest.raises(PilotCodeRefused) as refused:
                record_pilot_code(code, district=district, reason=REASON, actor=district_officer)
            assert str(refused.value) == message
        with pytest.raises(PilotCodeRefused) as refused:
            record_pilot_code(pilot_code(), district=district, reason="ok", actor=district_officer)
        assert "at least 10 characters" in str(refused.value)
    assert not PilotCode.objects.exists()
    assert not Enterprise.objects.exists()


def test_the_page_records_a_code_and_keeps_what_was_typed(client, district_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("accounts:pilot_codes")
    client.force_login(district_officer)
    code = pilot_code()
    district = region("320412")
    response = client.post(url, {"uscc": code, "district": district.pk, "reason": "short"})
    assert response.status_code == 400
    assert response.context["form"]["uscc"].value() == code
    assert response.context["form"].errors["uscc"]
    response = client.post(url, {"uscc": code, "district": district.pk, "reason": REASON})
    assert response.status_code == 302
    assert PilotCode.objects.get().recorded_by == district_officer
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(5):
        record_pilot_code(pilot_code(), district=district, reason=REASON, actor=district_officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["codes"]) == 6
    assert len(many) == len(one)
