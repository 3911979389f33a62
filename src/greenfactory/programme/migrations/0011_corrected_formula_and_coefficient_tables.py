"""The 2018 item 6.4.3 废水处理回用率 computed from the wastewater treated and reused (it was
computed as the industrial water reuse rate); the tables with steam, LNG, green electricity and
certificates and the 2023 and 2022 electricity CO₂ factors; the first table's grid factors named
as published, with year and source (docs/decisions.md §53)."""

from django.db import migrations

from greenfactory.programme.domain.coefficients import SHIPPED_TABLES_2, load_shipped_tables

MEE_2023 = "生态环境部、国家统计局《关于发布2023年电力二氧化碳排放因子的公告》"
MEE_2022 = "生态环境部、国家统计局公布的 2022 年电力二氧化碳排放因子"
FIRST_TABLE_GRID = {
    "national_2023": ("全国电力平均二氧化碳排放因子（2023年）", 2023, "national", "全国", MEE_2023),
    "national_2022": ("全国电力平均二氧化碳排放因子（2022年）", 2022, "national", "全国", MEE_2022),
    "east_china_2023": (
        "区域电力平均二氧化碳排放因子·华东（2023年）",
        2023,
        "regional",
        "华东",
        MEE_2023,
    ),
}


def forward(apps, schema_editor):
    indicator_model = apps.get_model("programme", "Indicator")
    indicator_model.objects.filter(
        system__code="GBT36132-2018", code="6.4.3", formula="water_reuse_rate"
    ).update(formula="wastewater_reuse_rate")
    grid_model = apps.get_model("programme", "GridFactor")
    carrier_model = apps.get_model("programme", "EnergyCarrier")
    for key, (name, year, scope, area, source) in FIRST_TABLE_GRID.items():
        grid_model.objects.filter(table__code="GBT2589-2020+GRID2023", key=key).update(
            name=name, year=year, scope=scope, area=area, basis="average", source=source
        )
    carrier_model.objects.filter(key="heat").update(is_heat=True)
    load_shipped_tables(
        table_model=apps.get_model("programme", "CoefficientTable"),
        carrier_model=carrier_model,
        grid_model=grid_model,
        names=SHIPPED_TABLES_2,
    )


def backward(apps, schema_editor):
    apps.get_model("programme", "Indicator").objects.filter(
        system__code="GBT36132-2018", code="6.4.3", formula="wastewater_reuse_rate"
    ).update(formula="water_reuse_rate")


class Migration(migrations.Migration):
    dependencies = [("programme", "0010_energy_carriers_and_grid_factors_as_published")]

    operations = [migrations.RunPython(forward, backward)]
