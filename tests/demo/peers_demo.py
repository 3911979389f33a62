"""The demo's peer comparison (decisions §67): 常州恒泰精密机械 (enterprise2, division 34) sees
where its figures stand among the ten other factories of its industry that applied this year.
Checked by ``test_demo`` on its load of this year's applications."""

from django.urls import reverse
from django.utils import timezone

from greenfactory.accounts.models import User
from greenfactory.applications.models import Application
from greenfactory.filings.domain.peers import Band, compare_application
from greenfactory.programme.enums import Formula


def check_the_peer_comparison_of_enterprise2(client):
    user = User.objects.get(username="enterprise2")
    application = Application.objects.get(
        batch__year=timezone.localdate().year, enterprise=user.enterprise
    )
    comparison = compare_application(application)
    energy = next(f for f in comparison.figures if f.key == Formula.UNIT_PRODUCT_ENERGY)
    city, _platform = energy.standings
    assert (city.peers, city.group_code) == (10, "34")
    # Four of the ten use less energy per t: fifth of eleven.
    assert city.band == Band.TOP_50
    assert city.median is not None
    assert energy.benchmark.industry_code == "34"
    client.force_login(user)
    response = client.get(
        reverse("applications:peers", args=[application.code]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "top 50 %" in body and "among 10 peers" in body
    client.logout()
