"""One vocabulary and one entry point per decision, shared by the page's form and the API's
serializer: the objection's outcome (``ObjectionOutcome`` → ``decide_objection``) and the party
group's rows (``RowDecision`` → ``record_decision``), as ``tests/reviews/test_decision_order.py``
checks for the district decision."""

import datetime
import inspect

import pytest
from django.urls import reverse
from django.utils.translation import override

from greenfactory.api.serializers.objections import ObjectionDecisionInputSerializer
from greenfactory.api.serializers.ranking import DecidedInputSerializer
from greenfactory.recognition.domain.objections import (
    OUTCOME_TARGETS,
    ObjectionRefused,
    decide_objection,
)
from greenfactory.recognition.domain.ranking import compute_ranking
from greenfactory.recognition.domain.ranking_queries import RowDecision, decision_rows
from greenfactory.recognition.enums import ObjectionOutcome, ObjectionState
from greenfactory.recognition.forms.notice import DecideForm
from greenfactory.recognition.forms.ranking import DecisionForm
from tests.factories import InvestigatingObjectionFactory
from tests.recognition.ranked import reviewed_batch


def test_the_objection_outcome_is_one_enum_on_the_page_and_in_the_api():
    assert [value for value, _label in DecideForm().fields["outcome"].choices] == (
        ObjectionOutcome.values
    )
    serializer = ObjectionDecisionInputSerializer()
    assert list(serializer.fields["outcome"].choices) == ObjectionOutcome.values
    assert set(OUTCOME_TARGETS) == set(ObjectionOutcome)
    assert set(OUTCOME_TARGETS.values()) == {ObjectionState.UPHELD, ObjectionState.DISMISSED}
    # The form's and the serializer's fields are the entry point's keywords.
    keywords = set(inspect.signature(decide_objection).parameters) - {"objection", "actor"}
    assert set(DecideForm().fields) == keywords == set(serializer.fields)


@pytest.mark.django_db
def test_an_outcome_outside_the_vocabulary_is_refused(city_officer):
    objection = InvestigatingObjectionFactory()
    with override("en"), pytest.raises(ObjectionRefused, match="upheld or dismissed"):
        decide_objection(
            objection,
            actor=city_officer,
            outcome="upheld",
            investigation="查",
            outcome_reason="因",
        )
    objection.refresh_from_db()
    assert objection.state == ObjectionState.INVESTIGATING


@pytest.mark.django_db
def test_the_page_dismisses_in_the_same_words(client, city_officer):
    objection = InvestigatingObjectionFactory()
    client.force_login(city_officer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    answer = client.post(
        reverse("recognition:objection_detail", args=[objection.code]),
        {
            "action": "decide",
            "outcome": ObjectionOutcome.DISMISS,
            "investigation": "经核实不属实",
            "outcome_reason": "异议不成立",
        },
        follow=True,
    )
    assert "The objection is dismissed." in answer.content.decode()
    objection.refresh_from_db()
    assert (objection.state, objection.outcome_reason) == (ObjectionState.DISMISSED, "异议不成立")
    objection.entry.refresh_from_db()
    assert not objection.entry.removed


def test_the_party_group_rows_are_one_vocabulary():
    assert set(DecidedInputSerializer().fields) == {"application", *RowDecision._fields}
    assert DecisionForm.row_field("include_AB12") == ("AB12", "include")
    assert DecisionForm.row_field("reason_AB12") == ("AB12", "reason")
    assert DecisionForm.row_field("meeting_on") is None
    assert DecisionForm.row_field("minutes_reference") is None


@pytest.mark.django_db
def test_the_api_words_make_the_form_the_page_posts(city_officer):
    """The API's ``decisions`` build the page's form (a row not named keeps the proposal), and
    the form answers in the entry point's words."""
    batch, apps = reviewed_batch([90, 85, None], quota=1)
    rows = decision_rows(compute_ranking(batch, actor=city_officer))
    assert [row.entry.application for row in rows] == apps[:2]
    decided = {apps[1].code: RowDecision(True, "党组研究增补")}
    form = DecisionForm.posted(
        rows,
        meeting_on=datetime.date(2019, 11, 20),
        minutes_reference="党组会议纪要〔2019〕12号",
        decided=decided,
    )
    page = DecisionForm(
        {
            "meeting_on": "2019-11-20",
            "minutes_reference": "党组会议纪要〔2019〕12号",
            f"include_{apps[0].code}": "on",
            f"include_{apps[1].code}": "on",
            f"reason_{apps[1].code}": "党组研究增补",
        },
        rows=rows,
    )
    assert form.is_valid() and page.is_valid()
    assert (
        form.decided()
        == page.decided()
        == {
            apps[0].code: RowDecision(True, ""),
            apps[1].code: RowDecision(True, "党组研究增补"),
        }
    )
