"""The API's test objects: one of each thing an endpoint names, owned by the personas'
enterprise (武进) so that the other enterprise, district and expert are outsiders."""

from datetime import date

import pytest
from django.utils import timezone

from greenfactory.api.domain.tokens import issue_token
from greenfactory.applications.models import Application
from greenfactory.programme.enums import IndicatorKind
from greenfactory.recognition.certificates import format_number
from greenfactory.recognition.enums import TitleLevel, TitleSource
from greenfactory.recognition.models import Title
from greenfactory.reviews.models import ExpertAssignment
from tests.factories import BatchFactory


def gate_of(application):
    """A basic requirement (判定项) of the application's indicator system: answered yes/no."""
    return application.batch.indicator_system.indicators.filter(kind=IndicatorKind.GATE).first()


@pytest.fixture
def api_objects(enterprise, enterprise_user, city_officer, assigned_expert):
    """A submitted application (read, decided), a draft one (saved, submitted) in another
    batch, and a title with its certificate number."""
    submitted = Application.objects.create(
        batch=BatchFactory(),
        enterprise=enterprise,
        state="submitted",
        submitted_at=timezone.now(),
    )
    ExpertAssignment.objects.create(
        application=submitted, expert=assigned_expert, assigned_by=city_officer
    )
    draft = Application.objects.create(batch=BatchFactory(), enterprise=enterprise)
    title = Title.objects.create(
        enterprise=enterprise,
        level=TitleLevel.CITY,
        year=2025,
        source=TitleSource.IMPORTED,
        issued_on=date(2025, 12, 1),
        valid_until=date(2099, 11, 30),
        certificate_number=format_number("320400", 2025, "city", 1),
    )
    system = submitted.batch.indicator_system
    return {
        "submitted": submitted,
        "draft": draft,
        "title": title,
        "kwargs": {
            "system": {"slug": system.slug},
            "enterprise": {"code": enterprise.code},
            "submitted": {"code": submitted.code},
            "draft": {"code": draft.code},
            "draft_row": {"code": draft.code, "indicator": gate_of(draft).code},
            "draft_year": {"code": draft.code, "year": draft.batch.year - 1},
            "certificate": {"number": title.certificate_number},
        },
    }


@pytest.fixture
def bearer():
    """Authorization headers with a fresh token of the user (none for ``None``)."""

    def headers(user):
        if user is None:
            return {}
        _token, key = issue_token(actor=user, name="test", days=30)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return headers
