"""Who may do what in the cultivation pipeline. District officers keep the list of their own
district; city officers read every district's. Visibility is ``domain/queries.py``."""

import rules

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.accounts.rules import is_city_officer, is_district_officer, is_officer


@rules.predicate
def is_candidate_in_officer_region(user, candidate):
    if candidate is None or user.region_id is None:
        return False
    return candidate.district.path.startswith(user.region.path)


@rules.predicate
def is_confirmed_enterprise_of_officer(user, enterprise):
    if enterprise is None or user.region_id is None:
        return False
    return enterprise.status == EnterpriseStatus.CONFIRMED and enterprise.district.path.startswith(
        user.region.path
    )


rules.add_perm("cultivation.view_pipeline", is_officer)
rules.add_perm("cultivation.view_city_overview", is_city_officer)
rules.add_perm(
    "cultivation.add_candidate", is_district_officer & is_confirmed_enterprise_of_officer
)
rules.add_perm("cultivation.change_candidate", is_district_officer & is_candidate_in_officer_region)
rules.add_perm("cultivation.keep_pipeline", is_district_officer)
