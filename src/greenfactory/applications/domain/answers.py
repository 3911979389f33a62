"""Which fields of a 自评表 row the enterprise fills, by the indicator's kind: one rule for the
web form and the workbook alike."""

from greenfactory.programme.enums import IndicatorKind


def answer_fields(indicator) -> tuple[str, ...]:
    """The fields of a 自评表 row the enterprise fills for this indicator (as the web form)."""
    if indicator.kind == IndicatorKind.GROUP:
        return ()
    fields = []
    if indicator.allow_na:
        fields.append("not_applicable")
    # "Required" on a quantitative item means its value must be given, not judged.
    if indicator.kind == IndicatorKind.GATE or (
        indicator.is_required and indicator.kind == IndicatorKind.QUALITATIVE
    ):
        fields.append("met")
    if indicator.kind == IndicatorKind.QUALITATIVE:
        fields.append("score")
    if indicator.kind == IndicatorKind.QUANTITATIVE and not indicator.formula:
        fields.append("value")
    if indicator.kind != IndicatorKind.GATE:
        fields.append("explanation")
    return tuple(fields)
