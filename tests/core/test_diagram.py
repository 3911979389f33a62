import ast
from pathlib import Path

from greenfactory.core.domain.diagram import load_workflows, state_diagram, states_document

DOC = Path(__file__).resolve().parents[2] / "docs" / "states.md"


def test_every_table_is_drawn():
    workflows = load_workflows()
    assert [f"{w.model._meta.app_label}.{w.model.__name__}" for w in workflows] == [
        "accounts.Enterprise",
        "programme.Batch",
        "applications.Application",
        "reviews.SiteAudit",
        "reviews.ThirdPartyEvaluation",
        "titles.ProvincialCandidate",
        "titles.Title",
        "recognition.Objection",
        "recognition.PublicNotice",
        "filings.AnnualFiling",
        "filings.MajorChange",
        "filings.SiteAssessment",
        "cultivation.Candidate",
        "supervision.IntegritySignal",
        "supervision.SpotCheck",
        "supervision.SpotCheckRound",
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


# Queue statuses and computed outcomes, not workflow tables: an e-mail leaving the outbox, an
# export job running, a carbon inventory's computed status (never saved as a state).
NOT_WORKFLOWS = {
    "notifications/domain/notify.py",
    "core/domain/exports.py",
    "applications/domain/carbon/status.py",
}


def _state_writes(path: Path) -> list[int]:
    """Lines of ``path`` that set a ``state`` or ``status`` attribute, or update one in bulk."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Attribute) and t.attr in ("state", "status") for t in targets):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and any(k.arg in ("state", "status") for k in node.keywords)
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_engine_sets_a_state():
    """Exactly one ``move`` writes a workflow's state: no product module assigns one by hand."""
    source = Path(__file__).resolve().parents[2] / "src" / "greenfactory"
    engine = source / "core" / "domain" / "workflow.py"
    found = {}
    for path in source.rglob("*.py"):
        relative = path.relative_to(source).as_posix()
        if path == engine or "/migrations/" in f"/{relative}" or relative in NOT_WORKFLOWS:
            continue
        lines = _state_writes(path)
        if lines:
            found[relative] = lines
    assert found == {}


def test_the_state_scan_finds_a_hand_set_state(tmp_path):
    module = tmp_path / "step.py"
    module.write_text("def f(x, qs):\n    x.state = 'closed'\n    qs.update(status='done')\n")
    assert _state_writes(module) == [2, 3]


def _state_reads(path: Path) -> list[int]:
    """Lines of ``path`` that read a ``state`` or ``status`` attribute, or filter on one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("state", "status"):
            lines.append(node.lineno)
        named = node.arg.split("__") if isinstance(node, ast.keyword) and node.arg else []
        if {"state", "status"} & set(named):
            lines.append(node.lineno)
    return sorted(set(lines))


def test_permission_predicates_say_only_who():
    """STYLE.md: a predicate says who (role and scope); when (a state) is a workflow's table
    or its ``edits``. No rules module, nor the scope rule, reads a state."""
    source = Path(__file__).resolve().parents[2] / "src" / "greenfactory"
    modules = [*source.glob("*/rules.py"), source / "accounts" / "scope.py"]
    assert len(modules) > 10
    found = {
        path.relative_to(source).as_posix(): _state_reads(path)
        for path in modules
        if _state_reads(path)
    }
    assert found == {}


def test_the_predicate_scan_finds_a_state(tmp_path):
    module = tmp_path / "rules.py"
    module.write_text(
        "def p(user, obj):\n    return obj.state == 'x'\n"
        "def q(user, obj):\n    return obj.audits.filter(status='scheduled').exists()\n"
    )
    assert _state_reads(module) == [2, 4]
