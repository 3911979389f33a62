"""The template workbook for a list of titles: the columns the import reads, and a sheet
explaining them."""

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .title_import_rows import COLUMNS


def template_workbook() -> bytes:
    """An empty list with the columns the import reads, and a sheet explaining them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append([column.header for column in COLUMNS])
    bold = Font(bold=True)
    widths = {"uscc": 24, "name": 36, "level": 10, "year": 8, "number": 28, "source": 36}
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column.key, 14)
    for row in range(2, 502):
        for index in (1, 5):  # credit codes and numbers stay text, so no digit is lost
            sheet.cell(row=row, column=index).number_format = "@"
        sheet.cell(row=row, column=7).number_format = "yyyy-mm-dd"
    levels = DataValidation(type="list", formula1='"省级,国家级"', allow_blank=False)
    levels.add("C2:C501")
    sheet.add_data_validation(levels)
    titles = DataValidation(
        type="list", formula1='"绿色工厂,零碳工厂,近零碳工厂"', allow_blank=True
    )
    titles.add("H2:H501")
    sheet.add_data_validation(titles)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("说明")
    with translation.override("zh-hans"):
        notes.append([_("Column"), _("Must be filled"), _("What to write")])
        explained = {
            "uscc": _(
                "The enterprise's 18-character unified social credit code, as text; left "
                "empty, the row is matched by the name and the match confirmed by you."
            ),
            "name": _(
                "The enterprise's name as on the list; a name different from the registry "
                "is reported as a warning."
            ),
            "level": _(
                "省级 or 国家级 (also provincial / national, or P / N); may be left empty when "
                "a title above the header names the list."
            ),
            "year": _("The year of the list, for example %(year)s.")
            % {"year": timezone.localdate().year - 1},
            "number": _(
                "The certificate number, or the document number of the list; a number "
                "shared by several rows is kept as the list's document number."
            ),
            "source": _("The batch or the name of the document that published the list."),
            "issued_on": _("The day the title was granted; 1 January of the year if empty."),
            "title": _(
                "绿色工厂, 零碳工厂 or 近零碳工厂; empty for a green factory, or for a "
                "zero-carbon list whose grade you choose on the upload form."
            ),
        }
        yes, no = _("Yes"), _("No")
        for column in COLUMNS:
            # the template has no title above its header: level and year are in the columns
            needed = column.required or column.key in ("level", "year")
            notes.append([column.header, yes if needed else no, explained[column.key]])
        notes.append([])
        notes.append(
            [
                _(
                    "Rows that are not an enterprise of the platform are listed and not "
                    "imported; titles already held are skipped. Nothing is imported while any "
                    "row has a problem."
                )
            ]
        )
    for index, width in enumerate((20, 8, 90), start=1):
        notes.column_dimensions[get_column_letter(index)].width = width
    for cell in notes[1]:
        cell.font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
