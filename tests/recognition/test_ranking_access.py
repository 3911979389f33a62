"""Who may open the ranking and decision pages (rows for the global role × page matrix)."""

import pytest
from django.core.files.base import ContentFile

from greenfactory.recognition.domain.ranking import compute_ranking, record_decision
from tests.access.rows import LOGIN, check_row
from tests.conftest import PERSONAS
from tests.database import share_module_rows
from tests.recognition.ranked import reviewed_batch

# Enterprise, agency and expert accounts see the batch (it is no draft) but may not rank it;
# administrators do not see batches at all.
NOT_CITY = {
    "anon": LOGIN,
    "system_admin": 404,
    "security_admin": 404,
    "audit_admin": 404,
}
ROWS = {
    # name: (method, object, {persona: status}, status of everyone else)
    "recognition:ranking": ("get", "batch", {**NOT_CITY, "city_officer": 200}, 403),
    "recognition:ranking_compute": ("post", "open_batch", {**NOT_CITY, "city_officer": 302}, 403),
    "recognition:ranking_change": ("get", "entry", {**NOT_CITY, "city_officer": 200}, 403),
    "recognition:decision": ("get", "batch", {**NOT_CITY, "city_officer": 200}, 403),
    "recognition:decision_minutes": ("get", "decided", {**NOT_CITY, "city_officer": 200}, 403),
}


share_module_rows(globals(), PERSONAS)


@pytest.fixture(scope="module")
def ranking_objects(module_personas):
    """Made once for the module's cells (each cell's own writes are undone after it)."""
    city_officer = module_personas["city_officer"]
    batch, apps = reviewed_batch([80, 75])
    ranking = compute_ranking(batch, actor=city_officer)
    decided, _apps = reviewed_batch([90])
    compute_ranking(decided, actor=city_officer)
    decision = record_decision(
        decided,
        actor=city_officer,
        meeting_on=ranking.computed_at.date(),
        minutes_reference="纪要1号",
        decided={},
    )
    decision.minutes.save("m.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    decision.minutes_name = "m.pdf"
    decision.save()
    open_batch, _apps = reviewed_batch([70.5], state="open")
    return {
        "batch": {"batch_code": batch.code},
        "open_batch": {"batch_code": open_batch.code},
        "entry": {"batch_code": batch.code, "code": apps[0].code},
        "decided": {"batch_code": decided.code},
    }


@pytest.mark.access
@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_ranking_pages_per_role(request, client, ranking_objects, name, persona):
    check_row(request, client, ROWS, ranking_objects, name, persona)
