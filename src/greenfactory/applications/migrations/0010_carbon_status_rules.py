from decimal import Decimal

from django.db import migrations

ZERO_SOURCE = (
    "零碳：类别1和类别2（范围一、二）的排放在自主减排的基础上100%抵消，即净排放不大于0 "
    "（2026年3月一地零碳（近零碳）工厂申报通知的条件“碳抵消比例：在自主减排的基础上，实现类别1和"
    "类别2的碳排放量100%抵消”，quanweiyeya.com/szgyyq/jyns/202603）；减排比例未给数值，平台缺省0。"
    "常州市工信局规则发布前为平台缺省值。"
)
NEAR_ZERO_SOURCE = (
    "近零碳：平台缺省值，待主管部门规则：净排放不超过基准年的50%，较基准年减排至少20%，抵消不超过"
    "当年排放的30%。工信部联节〔2026〕13号要求“应减尽减”，未给数值。"
)


def load_status_rules(rule, ledger):
    """The shipped rules (platform defaults) and the ledger rows; also called by the tests after
    a transactional test flushed them."""
    rule.objects.get_or_create(
        status="zero",
        defaults={
            "max_net_share_pct": Decimal(0),
            "min_reduction_pct": Decimal(0),
            "max_offset_share_pct": Decimal(100),
            "source": ZERO_SOURCE,
            "is_platform_default": True,
        },
    )
    rule.objects.get_or_create(
        status="near_zero",
        defaults={
            "max_net_share_pct": Decimal(50),
            "min_reduction_pct": Decimal(20),
            "max_offset_share_pct": Decimal(30),
            "source": NEAR_ZERO_SOURCE,
            "is_platform_default": True,
        },
    )
    for kind in ("gec", "ccer", "other"):
        ledger.objects.get_or_create(kind=kind)


def forwards(apps, schema_editor):
    load_status_rules(
        apps.get_model("applications", "CarbonStatusRule"),
        apps.get_model("applications", "UnitLedger"),
    )


class Migration(migrations.Migration):
    dependencies = [("applications", "0009_carbon_accounts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
