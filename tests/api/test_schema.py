"""The OpenAPI schema builds without a warning: every enum has its own name, every view its
types (a warning would be a guess in what programs read)."""

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_builds_without_a_warning(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def test_the_inventories_schema_names_the_change_against_the_baseline(tmp_path):
    """Decisions §84: each inventory carries the trend's change, nullable without a baseline."""
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = yaml.safe_load((tmp_path / "schema.yaml").read_text())
    inventory = schema["components"]["schemas"]["CarbonInventory"]["properties"]
    for name in ("change_t", "change_pct"):
        assert inventory[name]["nullable"] is True
