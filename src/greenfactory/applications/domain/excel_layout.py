"""The layout of the 自评表 workbook, shared by its export and its import."""

from openpyxl.utils import get_column_letter

SHEET = "自评表"
META_SHEET = "meta"
FORMAT = "greenfactory.self_evaluation/1"
TITLE = "绿色工厂自评表"
# (field, header, width); the order is the paper form's
COLUMNS = (
    ("code", "指标编码", 11),
    ("name", "指标名称", 46),
    ("kind", "类型", 9),
    ("requirement", "必选/可选", 10),
    ("max_points", "满分", 7),
    ("unit", "单位", 10),
    ("not_applicable", "不适用", 8),
    ("met", "是否满足", 9),
    ("score", "自评得分", 9),
    ("value", "数值", 14),
    ("explanation", "说明", 50),
)
LETTER = {field: get_column_letter(n) for n, (field, _h, _w) in enumerate(COLUMNS, start=1)}
INPUT_FIELDS = ("not_applicable", "met", "score", "value", "explanation")
HEADER_ROW = 6
MAX_ROWS = 2000
YES, NO = "是", "否"
