"""Ranking a batch in review against one bare SQL aggregate over the same score rows."""

import statistics
import time

from django.db import connection

from greenfactory.accounts.models import User
from greenfactory.programme.enums import BatchState
from greenfactory.programme.models import Batch
from greenfactory.recognition.domain.ranking import compute_ranking
from greenfactory.reviews.domain.aggregation import aggregate
from greenfactory.reviews.domain.expert_scores import expert_totals
from greenfactory.reviews.models import ExpertScore

BARE_AGGREGATE = """
SELECT per_expert.application_id, AVG(per_expert.total) AS score
FROM (
    SELECT assignment.application_id, assignment.id, SUM(COALESCE(score.score, 0)) AS total
    FROM reviews_expertscore score
    JOIN reviews_expertassignment assignment ON assignment.id = score.assignment_id
    JOIN applications_application application ON application.id = assignment.application_id
    WHERE application.batch_id = %s
    GROUP BY assignment.application_id, assignment.id
) per_expert
GROUP BY per_expert.application_id
ORDER BY score DESC
"""


def _timed(function, repeat: int, *, warm_up: bool = True) -> tuple[float, object]:
    """The median of ``repeat`` timed calls, after one untimed call so that both figures of a
    ratio are taken with the rows they read already in the database's cache."""
    times, result = [], None
    if warm_up:
        function()
    for _round in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure_ranking(repeat: int = 3) -> dict:
    batch = Batch.objects.filter(state__in=[BatchState.IN_REVIEW, BatchState.RANKED]).latest("pk")
    officer = User.objects.get(username=f"gen-city-{batch.region.code}")
    applications = batch.applications.count()
    score_rows = ExpertScore.objects.filter(assignment__application__batch=batch).count()

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(BARE_AGGREGATE, [batch.pk])
            return cursor.fetchall()

    def ranking():
        return compute_ranking(batch, actor=officer)

    def from_scores():
        # What completing every application's expert review computes from the score rows
        # (each expert's sheet scored indicator by indicator, then aggregated), without the
        # transitions' writes.
        return [
            aggregate([sheet.total for _a, sheet in expert_totals(app)], batch.aggregation_rule)
            for app in batch.applications.select_related("batch__indicator_system")
        ]

    bare_seconds, rows = _timed(bare, repeat)
    ranking_seconds, made = _timed(ranking, repeat)
    scoring_seconds, _scores = _timed(from_scores, 1, warm_up=False)
    return {
        "database": connection.vendor,
        "server": (
            ".".join(str(connection.pg_version // 10000**i % 10000) for i in (1, 0))
            if connection.vendor == "postgresql"
            else ""
        ),
        "applications": applications,
        "experts_per_application": batch.experts_per_application,
        "score_rows": score_rows,
        "aggregated_applications": len(rows),
        "ranked_candidates": made.candidates,
        "bare_sql_seconds": round(bare_seconds, 4),
        "compute_ranking_seconds": round(ranking_seconds, 4),
        "scores_to_results_seconds": round(scoring_seconds, 4),
    }
