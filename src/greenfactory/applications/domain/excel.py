"""The 自评表 workbook: export and import (see ``excel_export`` and ``excel_import``)."""

from .answers import answer_fields
from .excel_export import build_self_evaluation_workbook, export_self_evaluation
from .excel_import import (
    CellError,
    WorkbookErrors,
    import_self_evaluation,
    parse_self_evaluation_workbook,
)

__all__ = [
    "CellError",
    "WorkbookErrors",
    "answer_fields",
    "build_self_evaluation_workbook",
    "export_self_evaluation",
    "import_self_evaluation",
    "parse_self_evaluation_workbook",
]
