"""The other twelve cities of Jiangsu and their districts (GB/T 2260 codes, the Ministry of
Civil Affairs' list of 2023), added next to Changzhou, which the reference data ships."""

import json
from pathlib import Path

from greenfactory.accounts.enums import RegionLevel
from greenfactory.accounts.models import Region

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "jiangsu_regions.json"
PROVINCE_CODE = "320000"


def load_jiangsu_regions() -> int:
    """Create or update the Jiangsu cities and districts; idempotent. Returns the rows read."""
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    by_code = {PROVINCE_CODE: Region.objects.get(code=PROVINCE_CODE)}
    for row in rows:
        parent = by_code[row["parent"]]
        region, _created = Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row["name_en"],
                "level": row["level"],
                "parent": parent,
                "path": f"{parent.path}{row['code']}/",
            },
        )
        by_code[row["code"]] = region
    return len(rows)


def jiangsu_cities() -> list[Region]:
    return list(
        Region.objects.filter(level=RegionLevel.CITY, parent__code=PROVINCE_CODE).order_by("code")
    )


def districts_of(city: Region) -> list[Region]:
    return list(city.children.filter(level=RegionLevel.DISTRICT).order_by("code"))
