"""Who reaches the login's second step, the password change and the administrators' resets."""

import pytest

from greenfactory.accounts.domain.activations import request_activation
from greenfactory.accounts.enums import ActivationPurpose, Role
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows
from tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def matrix_objects(module_personas):
    """Made once for the module's cells (each cell's own writes are undone after it)."""
    account = OfficerFactory(username="target", region=OfficerFactory().region, email="")
    requester = UserFactory(username="sysadmin2", role=Role.SYSTEM_ADMIN)
    activation = request_activation(account, actor=requester, purpose=ActivationPurpose.RESET)
    return {
        "account": {"code": account.code},
        "activation": {"code": activation.code},
        "key": {"key": "no-such-activation-key"},
        None: {},
    }


ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    # Without a pending login the second step sends back to the login page; a logged-in user
    # goes home.
    "accounts:second_factor": ("get", None, {"anon": LOGIN}, 302),
    # The login of a locked name with password and code: an empty one is refused for everyone.
    "accounts:login_with_code": ("post", None, {}, 403),
    "accounts:password_change": ("get", None, {"anon": LOGIN}, 200),
    # The account pages are visible to the system and security administrators only.
    "accounts:account_reset_password": (
        "post",
        "account",
        {"anon": LOGIN, "system_admin": 302, "security_admin": 403},
        404,
    ),
    # A second person releases what the system administrator asked for: the link is shown
    # to the security administrator (the account has no e-mail address), never to the asker.
    "accounts:activation_release": (
        "post",
        "activation",
        {"anon": LOGIN, "system_admin": 403, "security_admin": 200},
        404,
    ),
    # An unknown, used or expired link says only that it does not work, to everyone.
    "accounts:activate": ("get", "key", {}, 404),
    "accounts:activation_cancel": (
        "post",
        "activation",
        {"anon": LOGIN, "system_admin": 302, "security_admin": 302},
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
