"""The application's state diagram, drawn from the transition table itself."""

from django.utils import translation

from ..enums import ApplicationState
from .transitions import TRANSITIONS


def state_diagram() -> str:
    """Mermaid source: one node per state, one edge per allowed move with its permission."""
    lines = ["stateDiagram-v2", "    [*] --> draft"]
    with translation.override("zh-hans"):
        for state in ApplicationState:
            lines.append(f"    {state.value} : {state.value}<br/>{state.label}")
    for (source, target), move in TRANSITIONS.items():
        reason = "（需说明理由）" if move.needs_reason else ""
        lines.append(f"    {source} --> {target} : {move.permission}{reason}")
    return "\n".join(lines) + "\n"


def state_diagram_document() -> str:
    return (
        "# Application states\n\n"
        "Generated from `applications/domain/transitions.py` by "
        "`manage.py state_diagram > docs/states.md`; a test fails when it is out of date.\n\n"
        "```mermaid\n" + state_diagram() + "```\n"
    )
