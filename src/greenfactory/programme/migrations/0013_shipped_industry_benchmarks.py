"""GB/T 36132-2025 version 2: version 1 with benchmark rows for four industries, all platform
defaults to be replaced by checked values (docs/decisions.md §52)."""

from django.db import migrations

from greenfactory.programme.domain.benchmarks import load_shipped_industry_version


def load(apps, schema_editor):
    load_shipped_industry_version(
        system_model=apps.get_model("programme", "IndicatorSystem"),
        indicator_model=apps.get_model("programme", "Indicator"),
        benchmark_model=apps.get_model("programme", "IndustryBenchmark"),
    )


class Migration(migrations.Migration):
    dependencies = [("programme", "0012_industry_benchmarks")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
