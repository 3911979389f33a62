"""Peers for the demo's peer comparison (同行对标, decisions §67): ten more factories of
通用设备制造业 (division 34), registered, confirmed and applying in this year's batch through
the same functions as an enterprise, so that 常州恒泰精密机械 (enterprise2, division 34) sees
where its figures stand among more than ten peers. Their energy and water per unit of output
differ (``efficiency``), so the bands mean something.

They are in the districts without a demo district officer's login, so the demo districts'
queues stay as they were."""

import random
from datetime import date
from decimal import Decimal

from greenfactory.accounts.domain.enterprises import confirm_enterprise, register_enterprise
from greenfactory.accounts.models import Industry, User
from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.domain.submission import submit_application

from .applications import fill_application
from .passwords import unknown_password

# (name, district code, energy and water per unit of output against the ordinary factory)
PEERS = [
    ("常州天宁通用机械有限公司", "320402", "0.78"),
    ("常州钟楼液压件有限公司", "320404", "0.86"),
    ("常州金坛阀门有限公司", "320413", "0.92"),
    ("溧阳市泵业有限公司", "320481", "0.97"),
    ("常州经开区传动设备有限公司", "320491", "1.04"),
    ("常州天宁风机制造有限公司", "320402", "1.09"),
    ("常州钟楼包装机械有限公司", "320404", "1.15"),
    ("常州金坛起重设备有限公司", "320413", "1.22"),
    ("溧阳市轴承有限公司", "320481", "1.31"),
    ("常州经开区压缩机有限公司", "320491", "1.42"),
]
DIVISION = "34"


def peer_applications(batch, regions, officers, *, rng: random.Random, uscc) -> None:
    """Register each peer and submit its application in ``batch``."""
    industry = Industry.objects.get(code=DIVISION)
    for index, (name, district_code, efficiency) in enumerate(PEERS, start=1):
        user = register_enterprise(
            uscc=uscc(rng, district_code),
            name=name,
            district=regions[district_code],
            industry=industry,
            established_on=date(2005 + index % 8, 1 + index % 12, 10),
            address=f"常州市{regions[district_code].name}装备路{index}号",
            contact_person="顾明",
            phone=f"1390520{index:04d}",
            email=f"peer{index:02d}@example.com",
            username=f"peer{index:02d}",
            password=unknown_password(),
            last_name="顾",
            first_name="明",
        )
        confirm_enterprise(user.enterprise, actor=officers[district_code])
        user = User.objects.select_related("enterprise").get(pk=user.pk)  # confirmed now
        application = start_application(batch, actor=user)
        fill_application(
            application,
            actor=user,
            quality=0.8,
            seed=100 + index,
            efficiency=Decimal(efficiency),
        )
        submit_application(application, actor=user)
