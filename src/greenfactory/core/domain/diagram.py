"""The state diagrams of every workflow table, drawn from the tables themselves (docs/states.md).

The tables live in the apps' ``domain`` modules and register themselves with the engine when
imported; ``load_workflows`` imports every domain module of the platform's apps by name, so
``core`` needs no import of the apps above it.
"""

import importlib
import pkgutil

from django.apps import apps
from django.utils import translation

from .workflow import WORKFLOWS, Workflow

PACKAGE = "greenfactory."


def load_workflows() -> list[Workflow]:
    """Every registered workflow, in the order of the installed apps, then of the model name."""
    configs = [config for config in apps.get_app_configs() if config.name.startswith(PACKAGE)]
    for config in configs:
        try:
            package = importlib.import_module(f"{config.name}.domain")
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    order = {config.label: index for index, config in enumerate(configs)}
    return sorted(
        WORKFLOWS.values(),
        key=lambda w: (order.get(w.model._meta.app_label, len(order)), w.model._meta.model_name),
    )


def state_diagram(workflow: Workflow) -> str:
    """Mermaid source: one node per state, one edge per allowed move with its permission."""
    lines = ["stateDiagram-v2", f"    [*] --> {workflow.initial}"]
    with translation.override("zh-hans"):
        for state in workflow.states:
            lines.append(f"    {state.value} : {state.value}<br/>{state.label}")
    for (source, target), move in workflow.table.items():
        reason = "（需说明理由）" if move.needs_reason else ""
        lines.append(f"    {source} --> {target} : {move.permission}{reason}")
    return "\n".join(lines) + "\n"


def states_document() -> str:
    sections = ["# State diagrams\n"]
    sections.append(
        "Generated from the workflow tables (`core.domain.workflow`) by "
        "`manage.py state_diagram > docs/states.md`; a test fails when it is out of date. "
        "Every move goes through the one engine `core.domain.workflow.move`.\n"
    )
    for workflow in load_workflows():
        meta = workflow.model._meta
        with translation.override("en"):
            name = str(workflow.name)
        sections.append(
            f"## {name}\n\n`{meta.app_label}.{meta.object_name}.{workflow.field}`\n\n"
            "```mermaid\n" + state_diagram(workflow) + "```\n"
        )
    return "\n".join(sections)
