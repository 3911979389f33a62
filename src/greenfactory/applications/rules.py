"""Who may act on an application they can see."""

import rules

from greenfactory.accounts.rules import (
    is_agency_user,
    is_city_officer,
    is_district_officer,
    is_enterprise_user,
)
from greenfactory.accounts.scope import in_officer_region


@rules.predicate
def is_own_application(user, application):
    return application is not None and application.enterprise_id == user.enterprise_id


@rules.predicate
def is_authorised_agency(user, application):
    if application is None or user.agency_id is None:
        return False
    return application.enterprise.agencyauthorisation_set.filter(
        agency_id=user.agency_id, revoked_at__isnull=True
    ).exists()


can_prepare = (is_enterprise_user & is_own_application) | (is_agency_user & is_authorised_agency)

# Who prepares it; when (a draft or a returned application) is the workflow's ``edits``.
rules.add_perm("applications.change_application", can_prepare)
# Submission is the enterprise's own act, never the agency's.
rules.add_perm("applications.submit_application", is_enterprise_user & is_own_application)
rules.add_perm("applications.start_application", is_enterprise_user)


is_in_officer_district = in_officer_region(
    lambda application: application.enterprise.district, name="is_in_officer_district"
)


# Who decides; when (a submitted application) is the workflow table's.
rules.add_perm("applications.review_application", is_district_officer & is_in_officer_district)
rules.add_perm("applications.withdraw_application", is_enterprise_user & is_own_application)
# Where the application's figures stand among its peers (decisions §67): the enterprise and the
# agency it authorises, the district officers of its district and the city; not experts or
# evaluation bodies, whose sheets judge the application on its own evidence.
rules.add_perm(
    "applications.view_peers",
    can_prepare | (is_district_officer & is_in_officer_district) | is_city_officer,
)


@rules.predicate
def is_own_inventory(user, inventory):
    return inventory is not None and inventory.enterprise_id == user.enterprise_id


# The carbon accounts (decisions §73): the enterprise keeps its own; officers read them.
rules.add_perm("applications.add_carbon_inventory", is_enterprise_user)
rules.add_perm("applications.change_carbon_inventory", is_enterprise_user & is_own_inventory)
