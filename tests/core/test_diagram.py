from pathlib import Path

from greenfactory.core.domain.diagram import load_workflows, state_diagram, states_document

DOC = Path(__file__).resolve().parents[2] / "docs" / "states.md"


def test_every_table_is_drawn():
    workflows = load_workflows()
    assert [f"{w.model._meta.app_label}.{w.model.__name__}" for w in workflows] == [
        "accounts.Enterprise",
        "programme.Batch",
        "applications.Application",
        "reviews.ThirdPartyEvaluation",
        "titles.ProvincialCandidate",
        "titles.Title",
        "recognition.Objection",
        "filings.AnnualFiling",
        "filings.MajorChange",
        "filings.SiteAssessment",
        "supervision.IntegritySignal",
        "supervision.SpotCheck",
        "rewards.LedgerEntry",
    ]


def test_every_move_is_an_edge():
    for workflow in load_workflows():
        diagram = state_diagram(workflow)
        for source, target in workflow.table:
            assert f"    {source} --> {target} : {workflow.table[(source, target)].permission}" in (
                diagram
            )
        for state in workflow.states.values:
            assert f"    {state} : {state}<br/>" in diagram


def test_docs_diagram_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == states_document(), (
        "run: manage.py state_diagram > docs/states.md"
    )
