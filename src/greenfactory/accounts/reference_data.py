"""Loading the shipped reference data: administrative regions and GB/T 4754-2017 industries.

Used by a data migration and by tests; idempotent, so it can be re-run after a data file grows.
"""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_regions(region_model) -> int:
    """Create or update regions from ``regions.json``; parents are listed before children."""
    rows = json.loads((DATA_DIR / "regions.json").read_text(encoding="utf-8"))
    by_code = {}
    for row in rows:
        parent = by_code.get(row["parent"]) if row["parent"] else None
        if row["parent"] and parent is None:
            parent = region_model.objects.get(code=row["parent"])
        region, _ = region_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row["name_en"],
                "level": row["level"],
                "parent": parent,
                "path": f"{parent.path if parent else ''}{row['code']}/",
            },
        )
        by_code[row["code"]] = region
    return len(rows)


def load_industries(industry_model) -> int:
    rows = json.loads((DATA_DIR / "industries_gbt4754_2017.json").read_text(encoding="utf-8"))
    by_code = {}
    for row in rows:
        industry, _ = industry_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name_zh"],
                "name_en": row["name_en"],
                "parent": by_code.get(row["parent"]) if row["parent"] else None,
            },
        )
        by_code[row["code"]] = industry
    return len(rows)
