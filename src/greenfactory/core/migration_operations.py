"""One migration operation: an app's tables created together, for the squashed migrations.

Django re-renders the migration state after every operation, and a ``CreateModel`` of a model
related to the user re-renders every model related to the user made so far: migrating the 130
models one ``CreateModel`` at a time rendered about 10,000 models (decisions §97). Here the
state takes all the app's models first and is rendered once; then each table is created from
the rendered models, in the order given, by Django's own ``CreateModel`` steps.
"""

from django.db import migrations


class CreateModels(migrations.operations.base.Operation):
    """The ``CreateModel`` operations of one app, applied as one: the same tables, indexes and
    constraints as the operations one by one. A model may point at one given after it (the
    foreign keys are checked when the migration's transaction ends)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operations):
        self.operations = operations

    def deconstruct(self):
        return (self.__class__.__name__, [self.operations], {})

    def state_forwards(self, app_label, state):
        # The rendered models are let go (with them, each CreateModel would re-render the
        # models related to its own) and rendered afresh, in full, when next asked for: then
        # none is stale, and a RunPython after this need not render them again.
        state.__dict__.pop("apps", None)
        for operation in self.operations:
            operation.state_forwards(app_label, state)
        state.is_delayed = False

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for operation in self.operations:
            operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for operation in reversed(self.operations):
            model = from_state.apps.get_model(app_label, operation.name)
            if self.allow_migrate_model(schema_editor.connection.alias, model):
                schema_editor.delete_model(model)

    def describe(self):
        return f"Create models {', '.join(operation.name for operation in self.operations)}"

    @property
    def migration_name_fragment(self):
        return "models"

    def references_model(self, name, app_label):
        return any(operation.references_model(name, app_label) for operation in self.operations)
