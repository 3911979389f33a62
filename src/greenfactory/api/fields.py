"""Input fields as strict as the schema they are documented by."""

from rest_framework import serializers


class StrictBooleanField(serializers.BooleanField):
    """A JSON ``true`` or ``false`` (or ``null`` where allowed), as the schema says: not
    ``"yes"``, ``1`` or ``""``, which DRF's BooleanField would read as a boolean or null."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)
