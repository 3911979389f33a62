"""What differs between programmes, as data (decisions §72): the name of the title each level
grants, the certificate number's prefix, and the eligibility defaults a new batch of the
programme starts from. Everything else (the workflow, review, ranking, notice, designation,
registry, filings, spot checks, rewards) is the same code for every programme.

Pure: no database. The names are the proper names printed on certificates and notices (Chinese,
as the bureau issues them); the English labels of ``Programme`` are for the pages.
"""

from dataclasses import dataclass, field

from .enums import Programme, TargetLevel


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

    def title_name(self, level: str, region_name: str = "") -> str:
        """常州市绿色工厂, 省级零碳工厂, …: a city title carries its region's name."""
        if level == TargetLevel.CITY and region_name:
            return f"{region_name}{self.name}"
        return f"{self.level_names.get(level, '')}{self.name}"


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
