"""What differs between programmes, as data (decisions §72, §78): the name of the title each
level (and, for a graded programme, each grade) grants, the certificate number's prefix, and the
eligibility defaults a new batch of the programme starts from. Everything else (the workflow,
review, ranking, notice, designation, registry, filings, spot checks, rewards) is the same code
for every programme.

Pure: no database. The names are the proper names printed on certificates and notices (Chinese,
as the bureau issues them); the English labels of ``Programme`` are for the pages.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .enums import Programme, TargetLevel, TitleGrade


@dataclass(frozen=True)
class ProgrammeTerms:
    programme: str
    # 绿色工厂 / 零碳工厂: the title's name after the level's or the region's name.
    name: str
    certificate_prefix: str
    # The defaults of a new batch's eligibility rules (``Batch.industry_sections``,
    # ``Batch.industry_divisions``): editable while the batch is a draft.
    industry_sections: str = "BCD"
    industry_divisions: tuple[str, ...] = ()
    source: str = ""
    level_names: dict = field(default_factory=dict)
    # A graded programme's names per grade (零碳工厂 / 近零碳工厂): its titles carry one of these
    # grades, fixed at the party group's decision from the status rule (decisions §78). Empty:
    # the programme's titles carry no grade.
    grade_names: dict = field(default_factory=dict)
    # The programme's name where both grades are meant (a notice proposing factories of either
    # grade): 零碳（近零碳）工厂, as the Zhejiang guideline names them.
    collective_name: str = ""
    # The pages' (translatable) name of a title per (level, grade); grade "" for an ungraded
    # programme, and for a graded one's title recorded before grades existed.
    labels: dict = field(default_factory=dict)

    @property
    def grades(self) -> tuple[str, ...]:
        return tuple(self.grade_names)

    def name_of(self, grade: str = "") -> str:
        """绿色工厂; 零碳工厂 or 近零碳工厂 by the grade (the programme's name without one)."""
        return self.grade_names.get(grade, self.name)

    def title_name(self, level: str, region_name: str = "", grade: str = "") -> str:
        """常州市绿色工厂, 省级零碳工厂, 常州市近零碳工厂, …: the proper name printed on the
        certificate and in the open data; a city title carries its region's name."""
        name = self.name_of(grade)
        if level == TargetLevel.CITY and region_name:
            return f"{region_name}{name}"
        return f"{self.level_names.get(level, '')}{name}"

    def title_label(self, level: str, grade: str = "") -> str:
        """The pages' name of a title (translated): City-level near-zero-carbon factory, …"""
        return str(self.labels.get((level, grade)) or self.labels[(level, "")])


LEVEL_PREFIXES = {TargetLevel.PROVINCIAL: "省级", TargetLevel.NATIONAL: "国家级"}

# 工信部联节〔2026〕13号: 到2027年, 在汽车、锂电池、光伏、电子电器、轻工、机械、算力设施等行业
# 领域培育建设一批零碳工厂. As GB/T 4754-2017 divisions (大类), the platform's reading pending the
# bureau's call (decisions §72): 汽车 36; 锂电池 (3841) and 光伏 (3825) and 电器 (385) in 38;
# 电子 39; 轻工 13 14 15 19 20 21 22 23 24 29; 机械 33 34 35 37 40; 算力设施 64 (6450 互联网数据
# 服务, data centres) and 65.
ZERO_CARBON_DIVISIONS_2027 = (
    "13",
    "14",
    "15",
    "19",
    "20",
    "21",
    "22",
    "23",
    "24",
    "29",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "39",
    "40",
    "64",
    "65",
)

TERMS = {
    Programme.GREEN_FACTORY: ProgrammeTerms(
        programme=Programme.GREEN_FACTORY,
        name="绿色工厂",
        certificate_prefix="GF",
        industry_sections="BCD",
        source="常州市2023年市级绿色工厂申报通知 (decisions §51)",
        level_names=LEVEL_PREFIXES,
        labels={
            (TargetLevel.CITY, ""): _("City-level green factory"),
            (TargetLevel.PROVINCIAL, ""): _("Provincial-level green factory"),
            (TargetLevel.NATIONAL, ""): _("National-level green factory"),
        },
    ),
    Programme.ZERO_CARBON: ProgrammeTerms(
        programme=Programme.ZERO_CARBON,
        name="零碳工厂",
        certificate_prefix="LT",
        # Computing facilities (算力设施) are in section I, so no section limit: the divisions
        # decide.
        industry_sections="",
        industry_divisions=ZERO_CARBON_DIVISIONS_2027,
        source="工信部联节〔2026〕13号《关于开展零碳工厂建设工作的指导意见》, 2026-01-19",
        level_names=LEVEL_PREFIXES,
        # 浙经信绿色〔2023〕257号《浙江省零碳（近零碳）工厂建设评价导则》; 苏州市“近零碳”工厂名单
        # (decisions §78).
        grade_names={TitleGrade.ZERO: "零碳工厂", TitleGrade.NEAR_ZERO: "近零碳工厂"},
        collective_name="零碳（近零碳）工厂",
        labels={
            (TargetLevel.CITY, ""): _("City-level zero-carbon factory"),
            (TargetLevel.PROVINCIAL, ""): _("Provincial-level zero-carbon factory"),
            (TargetLevel.NATIONAL, ""): _("National-level zero-carbon factory"),
            (TargetLevel.CITY, TitleGrade.ZERO): _("City-level zero-carbon factory"),
            (TargetLevel.PROVINCIAL, TitleGrade.ZERO): _("Provincial-level zero-carbon factory"),
            (TargetLevel.NATIONAL, TitleGrade.ZERO): _("National-level zero-carbon factory"),
            (TargetLevel.CITY, TitleGrade.NEAR_ZERO): _("City-level near-zero-carbon factory"),
            (TargetLevel.PROVINCIAL, TitleGrade.NEAR_ZERO): _(
                "Provincial-level near-zero-carbon factory"
            ),
            (TargetLevel.NATIONAL, TitleGrade.NEAR_ZERO): _(
                "National-level near-zero-carbon factory"
            ),
        },
    ),
}


def terms(programme: str) -> ProgrammeTerms:
    return TERMS[Programme(programme)]


def batch_defaults(programme: str) -> dict:
    """The eligibility settings a new batch of ``programme`` starts from."""
    found = terms(programme)
    return {
        "industry_sections": found.industry_sections,
        "industry_divisions": ",".join(found.industry_divisions),
    }


def grade_name(grade: str) -> str:
    """零碳工厂 / 近零碳工厂: the name of a grade, whichever programme grades by it."""
    for found in TERMS.values():
        if grade in found.grade_names:
            return found.grade_names[grade]
    return ""
