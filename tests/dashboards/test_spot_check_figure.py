"""The dashboard's spot-check figure against an independent count of the rows."""

import pytest
from django.db import connection

from greenfactory.dashboards.figures import figure_table, scope_for
from greenfactory.supervision.enums import CheckState
from greenfactory.supervision.models import SpotCheck
from tests.supervision.helpers import drawn_round

pytestmark = pytest.mark.django_db


def independent_counts(district_code=None):
    sql = (
        "SELECT c.state, COUNT(*) FROM supervision_spotcheck c "
        "JOIN recognition_title t ON t.id = c.title_id "
        "JOIN accounts_enterprise e ON e.id = t.enterprise_id "
        "JOIN accounts_region r ON r.id = e.district_id "
    )
    params = []
    if district_code:
        sql += "WHERE r.code = %s "
        params.append(district_code)
    sql += "GROUP BY c.state"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def test_outcomes_match_an_independent_count(city_officer, district_officer):
    round_ = drawn_round(city_officer, titles=6, n=5)
    checks = list(round_.checks.order_by("pk"))
    SpotCheck.objects.filter(pk=checks[0].pk).update(state=CheckState.PASSED)
    SpotCheck.objects.filter(pk__in=[checks[1].pk, checks[2].pk]).update(state=CheckState.REVOKED)
    table = figure_table(scope_for(city_officer), "spot_checks")
    states = list(CheckState)
    (row,) = table.rows
    assert row[0] == round_.title and row[1] == round_.year
    expected = independent_counts()
    assert row[2:-1] == [expected.get(state.value, 0) for state in states]
    assert row[-1] == 5
    district = scope_for(district_officer)
    own = figure_table(district, "spot_checks")
    expected = independent_counts(district_officer.region.code)
    got = own.rows[0][2:-1] if own.rows else [0] * len(states)
    assert got == [expected.get(state.value, 0) for state in states]
    assert sum(got) < 5
