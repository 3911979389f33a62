"""The 自评报告 as a Word document (python-docx), written from ``report.self_report_context``.

Every run carries the East Asian font explicitly, or Word falls back to a Western font for the
Chinese text.
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

EAST_ASIAN_FONT = "宋体"
WESTERN_FONT = "Times New Roman"


def _set_fonts(rpr_owner) -> None:
    """Name the East Asian font explicitly (w:eastAsia), or Word falls back for Chinese."""
    fonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), WESTERN_FONT)
    fonts.set(qn("w:hAnsi"), WESTERN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _run(paragraph, text: str, *, bold: bool = False, size: float | None = None):
    run = paragraph.add_run(text)
    _set_fonts(run._element)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    return run


def _paragraph(container, text: str = "", *, style=None, bold=False, size=None, align=None):
    paragraph = container.add_paragraph(style=style)
    if text:
        _run(paragraph, text, bold=bold, size=size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


# Tables are set in 五号 (10.5 pt), as a bureau's forms are; a cell has 0.19 cm of margin each
# side (the "Table Grid" default), and a little room is left for the bold header face.
TABLE_FONT_PT = 10.5
CELL_MARGINS_CM = 0.38
HEADER_SLACK_CM = 0.15
CM_PER_PT = 2.54 / 72


def text_width_cm(text: str, size_pt: float = TABLE_FONT_PT) -> float:
    """The width of ``text`` on one line: a full em for a Chinese character or full-width
    sign, half an em for Latin letters, digits and ASCII punctuation."""
    ems = sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)
    return ems * size_pt * CM_PER_PT


def header_width_cm(text: str) -> float:
    """The narrowest column in which a header reads on one line."""
    return round(text_width_cm(text) + CELL_MARGINS_CM + HEADER_SLACK_CM, 2)


def fit_to_headers(header: list[str], widths) -> list[float]:
    """Widen each column too narrow for its header to read on one line (a header wrapped to one
    character a line is what LibreOffice shows otherwise), taking the room from the column with
    the most to spare beyond its own header, so the table keeps its total width."""
    widths = [float(w) for w in widths]
    needs = [header_width_cm(text) for text in header]
    for index, need in enumerate(needs):
        short = need - widths[index]
        if short <= 0:
            continue
        spare = max(
            (i for i in range(len(widths)) if i != index), key=lambda i: widths[i] - needs[i]
        )
        if widths[spare] - needs[spare] < short:
            continue  # nothing to spare: the header wraps at a word, not per character
        widths[index] += short
        widths[spare] -= short
    return [round(w, 2) for w in widths]


def _no_wrap(cell) -> None:
    properties = cell._tc.get_or_add_tcPr()
    if properties.find(qn("w:noWrap")) is None:
        properties.append(OxmlElement("w:noWrap"))


def _table(document, header: list[str], rows: list[list[str]], widths=None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].text = ""
        _run(cell.paragraphs[0], text, bold=True, size=TABLE_FONT_PT)
        _no_wrap(cell)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            bold = isinstance(text, tuple)
            _run(cell.paragraphs[0], text[0] if bold else str(text), bold=bold, size=TABLE_FONT_PT)
    widths = fit_to_headers(header, widths or [TEXT_WIDTH_CM / len(header)] * len(header))
    _fix_widths(table, widths)
    _keep_rows_whole(table)
    return table


def _keep_rows_whole(table) -> None:
    """No row split across a page (``w:cantSplit``); the header row repeated on each page
    (``w:tblHeader``)."""
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index == 0:
            properties.append(OxmlElement("w:tblHeader"))


def _fix_widths(table, widths) -> None:
    """Column widths every word processor keeps: a fixed layout, the grid (``w:gridCol``, which
    LibreOffice reads; without it the columns come out equal and narrow) and each cell's
    width (``w:tcW``, which Word reads), the table as wide as the text block."""
    table.autofit = False
    properties = table._tbl.tblPr
    layout = properties.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        properties.append(layout)
    layout.set(qn("w:type"), "fixed")
    total = properties.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        properties.append(total)
    total.set(qn("w:w"), str(int(Cm(sum(widths)).twips)))
    total.set(qn("w:type"), "dxa")
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


TEXT_WIDTH_CM = 16  # A4, 2.5 cm margins


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 1
    _run(paragraph, "第 ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    _set_fonts(inner)
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    paragraph._p.append(field)
    _run(paragraph, " 页")


def write_docx(context: dict) -> bytes:
    document = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        _set_fonts(style.element)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.different_first_page_header_footer = True
    _page_number_footer(section)
    center = WD_ALIGN_PARAGRAPH.CENTER

    def heading(text, level):
        paragraph = document.add_heading(level=level)
        _run(paragraph, text)
        return paragraph

    # Cover
    for _blank in range(4):
        _paragraph(document)
    _paragraph(document, context["title"], bold=True, size=26, align=center)
    for _blank in range(4):
        _paragraph(document)
    enterprise = context["enterprise"]
    for label, value in (
        ("企业名称（盖章）", enterprise["name"]),
        ("统一社会信用代码", enterprise["uscc"]),
        ("所在辖市区", enterprise["district"]),
        ("申报批次", context["batch"]),
        ("编制单位", context["prepared_by"]),
        ("报告日期", context["date"]),
    ):
        paragraph = _paragraph(document)
        _run(paragraph, f"{label}：", bold=True, size=13)
        _run(paragraph, value, size=13)
    _paragraph(document)
    _paragraph(document, "（盖章）", size=13, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, "法定代表人（签字）：________________", size=13)
    _paragraph(document, "编制人（签字）：________________", size=13)
    _paragraph(document, "日期：______年____月____日", size=13)
    _run(document.add_paragraph(), "").add_break(WD_BREAK.PAGE)

    heading("一、企业基本情况", 1)
    _table(
        document,
        ["项目", "内容"],
        [[(label,), value] for label, value in context["form"]],
        widths=(5, 11),
    )
    _paragraph(document, "管理体系认证情况", bold=True)
    if context["certifications"]:
        _table(
            document,
            ["管理体系", "证书编号", "认证机构", "有效期至"],
            [
                [c["kind"], c["number"], c["issuer"], c["expires_on"]]
                for c in context["certifications"]
            ],
            widths=(4.2, 4.4, 4.2, 3.2),
        )
    else:
        _paragraph(document, "未填写管理体系认证。")

    heading("二、绿色工厂建设情况与自评过程", 1)
    for text in context["process"]:
        _paragraph(document, text)

    heading("三、指标自评情况", 1)
    for aspect in context["aspects"]:
        heading(f"{aspect['code']} {aspect['name']}", 2)
        if aspect["is_gates"]:
            rows = [
                [r["code"], r["name"], r["result"]] for r in aspect["rows"] if not r["is_group"]
            ]
            _table(document, ["编码", "基本要求", "自评结论"], rows, widths=(2, 10.5, 3.5))
            continue
        rows = []
        for r in aspect["rows"]:
            if r["is_group"]:
                rows.append([(r["code"],), (r["name"],), "", "", "", "", ""])
            else:
                rows.append(
                    [
                        r["code"],
                        r["name"],
                        r["requirement"],
                        r["max_points"],
                        r["result"],
                        r["status"],
                        r["explanation"],
                    ]
                )
        rows.append(
            ["", ("小计",), "", (aspect["max_points"],), (aspect["subtotal"] + " 分",), "", ""]
        )
        _table(
            document,
            ["编码", "指标", "必选/可选", "满分", "自评得分/数值", "满足情况", "说明"],
            rows,
            widths=(1.6, 3.7, 2.2, 1.3, 3.0, 2.1, 2.1),
        )

    heading("四、能源与碳排放", 1)
    energy = context["energy"]
    _paragraph(
        document, f"折标准煤系数和排放因子：{energy['table']}；电网排放因子：{energy['grid']}。"
    )
    if not energy["years"]:
        _paragraph(document, "尚未填报能源与资源绩效数据。")
    for year in energy["years"]:
        heading(f"{year['year']} 年", 2)
        if year["energy"]:
            _table(
                document,
                ["能源品种", "消费量", "单位", "折标准煤系数"],
                [[e["name"], e["amount"], e["unit"], e["coefficient"]] for e in year["energy"]],
            )
            _paragraph(document)
        _table(
            document,
            ["指标", "数值", "单位", "计算方法"],
            [[f["name"], f["value"], f["unit"], f["formula"]] for f in year["figures"]],
            widths=(3.6, 2.6, 2.4, 7.4),
        )

    peers = context.get("peers")
    if peers:
        heading("同行对标", 2)
        _paragraph(document, peers["note"])
        if peers["rows"]:
            _table(
                document,
                ["指标", "本企业", "本市同行", "全平台同行", "基准值 / 引领值"],
                [
                    [r["name"], r["value"], r["city"], r["platform"], r["benchmark"]]
                    for r in peers["rows"]
                ],
                widths=(2.8, 2.6, 3.8, 3.8, 3.0),
            )

    heading("五、自评结论", 1)
    conclusion = context["conclusion"]
    _paragraph(document, f"自评总分：{conclusion['total']} 分", bold=True, size=13)
    _table(
        document,
        ["一级指标", "满分", "自评得分"],
        [[f"{s['code']} {s['name']}", s["max"], s["value"]] for s in conclusion["subtotals"]],
    )
    for title, items in (
        ("不满足的基本要求（一票否决）", conclusion["gate_failures"]),
        ("不满足的必选要求", conclusion["unmet_required"]),
        ("尚未填写的项目", conclusion["missing"]),
    ):
        if items:
            _paragraph(document, f"{title}：", bold=True)
            for item in items:
                _paragraph(document, item, style="List Bullet")
    _paragraph(document, conclusion["verdict"])

    heading("附件清单", 1)
    if context["evidence"]:
        _table(
            document,
            ["序号", "文件名", "对应指标", "SHA-256（前 12 位）"],
            [
                [str(n), e["name"], e["indicator"] or e["kind"], e["sha256"]]
                for n, e in enumerate(context["evidence"], start=1)
            ],
            widths=(1.2, 6.8, 5, 3),
        )
    else:
        _paragraph(document, "无。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
