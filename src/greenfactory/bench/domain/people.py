"""Seeded names, codes and answers for the synthetic province: everything drawn from one
``random.Random``, so the same seed gives the same rows."""

import random
from decimal import ROUND_HALF_UP, Decimal

from greenfactory.accounts.uscc import check_character
from greenfactory.core.codes import ALPHABET as CODE_ALPHABET
from greenfactory.programme.enums import IndicatorKind

USCC_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_SPACE = len(USCC_ORG_ALPHABET) ** 9
# Coprime with 31⁹: index × STRIDE spreads the 9-character organisation codes without repeats.
STRIDE = 7_919_467
HALF = Decimal("0.5")

FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超"]
BRANDS = [
    "恒达",
    "华盛",
    "金鼎",
    "永泰",
    "天成",
    "新源",
    "宏远",
    "中科",
    "瑞丰",
    "博润",
    "汇通",
    "鑫宇",
    "长江",
    "东方",
    "润泽",
    "德诚",
    "锦程",
    "海昌",
    "飞龙",
    "嘉禾",
    "振华",
    "联创",
    "协鑫",
    "星辰",
    "安盛",
    "巨力",
    "通达",
    "隆基",
    "晨光",
    "万象",
]
TRADES = {
    "13": "农副食品",
    "14": "食品",
    "15": "饮料",
    "17": "纺织",
    "18": "服装",
    "22": "纸业",
    "26": "化工",
    "27": "医药",
    "28": "化纤",
    "29": "塑胶",
    "30": "建材",
    "31": "钢铁",
    "32": "有色金属",
    "33": "金属制品",
    "34": "机械",
    "35": "装备",
    "36": "汽车零部件",
    "37": "轨道交通装备",
    "38": "电气",
    "39": "电子科技",
    "40": "仪器仪表",
}
PRODUCTS = ["主导产品", "核心部件", "系列产品", "新型材料", "成套设备"]


class CodeSource:
    """Opaque codes like ``core.codes.new_code``, drawn from the seeded generator, never twice."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self, length: int = 10) -> str:
        while True:
            code = "".join(self.rng.choices(CODE_ALPHABET, k=length))
            if code not in self.used:
                self.used.add(code)
                return code


def uscc_for(index: int, district_code: str, offset: int) -> str:
    """A valid credit code (GB 32100-2015) for the ``index``-th enterprise, unique per index."""
    number = (index * STRIDE + offset) % ORG_SPACE
    org = []
    for _position in range(9):
        number, digit = divmod(number, len(USCC_ORG_ALPHABET))
        org.append(USCC_ORG_ALPHABET[digit])
    body = "91" + district_code + "".join(reversed(org))
    return body + check_character(body)


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FAMILY), rng.choice(GIVEN) + rng.choice(["", *GIVEN])


def enterprise_name(rng: random.Random, city_name: str, division: str) -> str:
    trade = TRADES.get(division, "实业")
    return f"{city_name.removesuffix('市')}{rng.choice(BRANDS)}{trade}有限公司"


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def answer(indicator, share: float) -> dict:
    """One answer to ``indicator`` from an enterprise (or expert) doing ``share`` (0–1) well:
    gates and required items met, points in half-point steps, values between the benchmark
    and the leading value (or within the graded bands)."""
    values: dict = {"met": None, "score": None, "value": None}
    if indicator.kind == IndicatorKind.GATE:
        values["met"] = True
        return values
    if indicator.requirement == "required":
        values["met"] = True
    fraction = Decimal(str(round(min(1.0, max(0.0, share)), 3)))
    if indicator.kind == IndicatorKind.QUALITATIVE:
        points = (indicator.max_points or Decimal(0)) * fraction / HALF
        values["score"] = points.quantize(1, rounding=ROUND_HALF_UP) * HALF
    elif indicator.kind == IndicatorKind.QUANTITATIVE:
        if indicator.benchmark is not None and indicator.leading is not None:
            values["value"] = (
                indicator.benchmark + (indicator.leading - indicator.benchmark) * fraction
            ).quantize(Decimal("0.000001"))
        elif indicator.bands:
            key = "max" if indicator.direction == "lower" else "min"
            band = indicator.bands[
                min(len(indicator.bands) - 1, int(fraction * len(indicator.bands)))
            ]
            values["value"] = Decimal(str(band.get(key) or band.get("min") or 0))
        else:
            values["value"] = Decimal(0)
    return values
