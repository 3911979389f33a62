import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from greenfactory.accounts.domain.enterprises import (
    STATUS_MOVES,
    StepRefused,
    confirm_enterprise,
    reject_enterprise,
    set_enterprise_status,
    update_enterprise_profile,
)
from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.core.models import AuditEvent
from tests.factories import EnterpriseFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(enterprise):
    enterprise.status = EnterpriseStatus.PENDING
    enterprise.save()
    return enterprise


def test_district_officer_confirms_own_district(pending, district_officer):
    confirm_enterprise(pending, actor=district_officer)
    pending.refresh_from_db()
    assert pending.status == EnterpriseStatus.CONFIRMED
    assert pending.confirmed_at is not None
    event = AuditEvent.objects.get(action="accounts.enterprise.confirmed")
    # The confirmation covers the date of establishment the registration shows (§51).
    assert event.changes == {"status": ["pending", "confirmed"], "established_on": "2008-06-18"}
    assert pending.established_on_confirmed
    assert event.actor_username == "wujin"


@pytest.mark.parametrize("persona", ["other_district_officer", "city_officer", "enterprise_user"])
def test_others_cannot_confirm(request, pending, persona):
    with pytest.raises(PermissionDenied):
        confirm_enterprise(pending, actor=request.getfixturevalue(persona))
    pending.refresh_from_db()
    assert pending.status == EnterpriseStatus.PENDING


def test_reject_needs_a_reason(pending, district_officer):
    with pytest.raises(StepRefused):
        reject_enterprise(pending, actor=district_officer, reason="   ")
    reject_enterprise(pending, actor=district_officer, reason="地址不在本区")
    pending.refresh_from_db()
    assert (pending.status, pending.status_reason) == (EnterpriseStatus.REJECTED, "地址不在本区")


def test_every_status_pair_outside_the_table_is_refused(enterprise, district_officer):
    for before in EnterpriseStatus.values:
        for after in EnterpriseStatus.values:
            if (before, after) in STATUS_MOVES:
                continue
            enterprise.status = before
            enterprise.save()
            with pytest.raises(StepRefused):
                set_enterprise_status(enterprise, after, actor=district_officer, reason="r")


def test_second_decision_is_told_the_status_changed(pending, district_officer):
    confirm_enterprise(pending, actor=district_officer)
    with pytest.raises(StepRefused, match="已确认"):
        reject_enterprise(pending, actor=district_officer, reason="late")


def test_second_officer_in_the_browser_gets_a_clear_message(client, pending, district_officer):
    client.force_login(district_officer)
    url = reverse("accounts:enterprise_confirm", args=[pending.code])
    assert client.post(url).status_code == 302
    response = client.post(
        reverse("accounts:enterprise_reject", args=[pending.code]), {"reason": "x"}, follow=True
    )
    # The table's own refusal (the view no longer words "already decided" itself).
    assert "该企业注册当前状态为“已确认”，无法执行此操作。" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == EnterpriseStatus.CONFIRMED


def test_reject_without_reason_in_the_browser_is_refused(client, pending, district_officer):
    client.force_login(district_officer)
    response = client.post(reverse("accounts:enterprise_reject", args=[pending.code]), {})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == EnterpriseStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_two_officers_at_once_only_one_decides():
    """Two district officers press confirm and reject at the same moment: exactly one wins."""
    from django.db import connection

    from tests.factories import OfficerFactory

    enterprise = EnterpriseFactory(status=EnterpriseStatus.PENDING)
    officers = [OfficerFactory(), OfficerFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def act(index):
        try:
            barrier.wait()
            if index == 0:
                confirm_enterprise(enterprise, actor=officers[0])
            else:
                reject_enterprise(enterprise, actor=officers[1], reason="重复")
            outcomes.append("done")
        except StepRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    assert AuditEvent.objects.filter(action__startswith="accounts.enterprise.").count() == 1


def test_profile_update_keeps_name_history_and_audits(enterprise_user):
    enterprise = enterprise_user.enterprise
    update_enterprise_profile(
        enterprise, actor=enterprise_user, data={"name": "常州绿源新材料股份有限公司"}
    )
    enterprise.refresh_from_db()
    assert enterprise.name == "常州绿源新材料股份有限公司"
    change = enterprise.names.get()
    assert (change.old_name, change.new_name) == ("常州绿源新材料有限公司", enterprise.name)
    event = AuditEvent.objects.get(action="accounts.enterprise.updated")
    assert event.changes == {"name": ["常州绿源新材料有限公司", "常州绿源新材料股份有限公司"]}


def test_profile_correction_after_rejection_goes_back_to_district(enterprise_user):
    enterprise = enterprise_user.enterprise
    enterprise.status = EnterpriseStatus.REJECTED
    enterprise.save()
    update_enterprise_profile(enterprise, actor=enterprise_user, data={"address": "新地址1号"})
    enterprise.refresh_from_db()
    assert enterprise.status == EnterpriseStatus.PENDING


def test_other_enterprise_cannot_update_profile(enterprise, other_enterprise_user):
    with pytest.raises(PermissionDenied):
        update_enterprise_profile(enterprise, actor=other_enterprise_user, data={"name": "x"})


def test_profile_page_saves_and_refuses_bad_phone(client, enterprise_user):
    client.force_login(enterprise_user)
    url = reverse("accounts:profile")
    data = {
        "name": "新名称有限公司",
        "industry": enterprise_user.enterprise.industry_id,
        "established_on": "2008-06-18",
        "address": "常州市武进区1号",
        "contact_person": "王五",
        "phone": "abc",
        "email": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    enterprise_user.enterprise.refresh_from_db()
    assert enterprise_user.enterprise.name == "常州绿源新材料有限公司"
    data["phone"] = "0519-86981234"
    assert client.post(url, data).status_code == 302
    enterprise_user.enterprise.refresh_from_db()
    assert enterprise_user.enterprise.name == "新名称有限公司"


def test_district_cannot_be_changed_by_posting_it(client, enterprise_user):
    client.force_login(enterprise_user)
    enterprise = enterprise_user.enterprise
    client.post(
        reverse("accounts:profile"),
        {
            "name": enterprise.name,
            "industry": enterprise.industry_id,
            "address": enterprise.address,
            "contact_person": "王五",
            "phone": "13905190000",
            "district": region("320411").pk,
            "uscc": "91110108551385082Q",
        },
    )
    enterprise.refresh_from_db()
    assert enterprise.district.code == "320412"
    assert enterprise.uscc != "91110108551385082Q"
