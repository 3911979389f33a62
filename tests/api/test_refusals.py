"""Every domain refusal, whatever its app, reaches an API client as 409 with its messages:
the API maps the one root (``core.refusals.Refused``) in one place."""

import importlib
import pkgutil

import pytest
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

import greenfactory
from greenfactory.core.refusals import Refused, StaleEdit


def _all_refusals() -> list[type[Refused]]:
    """Every subclass of ``Refused`` in the product, after importing every domain module."""
    for module in pkgutil.walk_packages(greenfactory.__path__, "greenfactory."):
        if ".domain." in module.name or module.name.endswith(".workdays"):
            importlib.import_module(module.name)
    found, todo = [], [Refused]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: cls.__qualname__)


REFUSALS = _all_refusals()


def test_every_app_refuses_through_the_one_root():
    names = {cls.__name__ for cls in REFUSALS}
    assert {
        "TransitionRefused",
        "StepRefused",
        "BatchStepRefused",
        "FilingRefused",
        "TitleStatusRefused",
        "ObjectionRefused",
        "CheckRefused",
        "LedgerRefused",
        "RoundRefused",
        "RateRefused",
        "TokenRefused",
        "TargetRefused",
        "SystemFrozen",
        "CultivationRefused",
        "AnnouncementRefused",
        "TrainingRefused",
        "RecognitionRefused",
        "CandidateRefused",
        "RemovalImportRefused",
        "UnitsRefused",
        "InventoryLocked",
        "DisclosureRefused",
        "HolidayCalendarUnknown",
        "MoveRefused",
        "StaleEdit",
    } <= names


def _raising(refusal):
    class Raises(APIView):
        permission_classes = (AllowAny,)
        authentication_classes = ()

        def get(self, request):
            raise refusal

    return Raises.as_view()


@pytest.mark.parametrize("cls", REFUSALS, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_any_refusal_through_an_api_view_is_409_with_its_messages(cls):
    refusal = cls.__new__(cls)
    Refused.__init__(refusal, "第一个问题", "second problem")
    if hasattr(cls, "applications") or cls.__name__ == "ReviewsUnfinished":
        refusal.applications = []
    response = _raising(refusal)(APIRequestFactory().get("/api/x"))
    assert response.status_code == 409
    assert response.data["code"] == ("stale" if issubclass(cls, StaleEdit) else "refused")
    assert response.data["detail"]["problems"] == ["第一个问题", "second problem"]


def test_a_headline_comes_first():
    refusal = Refused("missing a", "missing b", headline="Cannot submit yet.")
    response = _raising(refusal)(APIRequestFactory().get("/api/x"))
    assert response.status_code == 409
    assert response.data["detail"]["problems"] == ["Cannot submit yet.", "missing a", "missing b"]
    assert str(refusal) == "Cannot submit yet."
    assert str(Refused("a", "b")) == "a b"
