"""Who reaches the login's second step, the password change and the administrators' resets."""

import pytest

from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.factories import OfficerFactory


@pytest.fixture
def matrix_objects(db):
    account = OfficerFactory(username="target", region=OfficerFactory().region)
    return {"account": {"code": account.code}, None: {}}


ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    # Without a pending login the second step sends back to the login page; a logged-in user
    # goes home.
    "accounts:second_factor": ("get", None, {"anon": LOGIN}, 302),
    "accounts:password_change": ("get", None, {"anon": LOGIN}, 200),
    # The account pages are visible to the system and security administrators only.
    "accounts:account_reset_password": (
        "post",
        "account",
        {"anon": LOGIN, "system_admin": 200, "security_admin": 403},
        404,
    ),
    "accounts:account_reset_second_factor": (
        "post",
        "account",
        {"anon": LOGIN, "system_admin": 403, "security_admin": 302},
        404,
    ),
}


@pytest.mark.access
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_role_gets_the_expected_answer(request, client, matrix_objects, name, persona):
    check_row(request, client, ROWS, matrix_objects, name, persona)
