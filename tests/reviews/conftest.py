"""The on-site audit's objects, shared by the audit's tests and the audit record's: written as
rows by the factories (``tests/factories``); ``test_audit.py`` replays the scheduling itself."""

import pytest

from tests.factories import (
    BatchFactory,
    RecommendedApplicationFactory,
    SiteAuditApplicationFactory,
    shipped_system,
)


def _application_fields(enterprise_user, district_officer) -> dict:
    return {
        "batch": BatchFactory(indicator_system=shipped_system(2018)),
        "enterprise": enterprise_user.enterprise,
        "submitted_by": enterprise_user,
        "reviewer": district_officer,
    }


@pytest.fixture
def recommended(enterprise_user, district_officer):
    """Recommended by the district officer, under the shipped 2018 indicator system."""
    return RecommendedApplicationFactory(**_application_fields(enterprise_user, district_officer))


@pytest.fixture
def audit(enterprise_user, city_officer, district_officer, assigned_expert):
    """A joint on-site audit scheduled for a recommended application like ``recommended``: the
    city officer leads, the district officer and the assigned expert join."""
    application = SiteAuditApplicationFactory(
        **_application_fields(enterprise_user, district_officer),
        team=[city_officer, district_officer, assigned_expert],
    )
    return application.site_audits.select_related("application").get()
