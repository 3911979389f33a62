from pathlib import Path

from greenfactory.applications.domain.diagram import state_diagram, state_diagram_document
from greenfactory.applications.domain.transitions import TRANSITIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "states.md"


def test_every_transition_is_an_edge():
    diagram = state_diagram()
    for source, target in TRANSITIONS:
        assert f"    {source} --> {target} :" in diagram


def test_docs_diagram_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == state_diagram_document(), (
        "run: manage.py state_diagram > docs/states.md"
    )
