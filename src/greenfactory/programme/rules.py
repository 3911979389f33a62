import rules

from greenfactory.accounts.rules import (
    is_agency_user,
    is_city_officer,
    is_district_officer,
    is_enterprise_user,
    is_expert,
)


@rules.predicate
def is_batch_in_officer_region(user, batch):
    if batch is None or user.region_id is None:
        return False
    return batch.region.path.startswith(user.region.path)


rules.add_perm("programme.view_indicatorsystem", is_city_officer | is_district_officer | is_expert)
rules.add_perm("programme.change_indicatorsystem", is_city_officer)
rules.add_perm("programme.add_batch", is_city_officer)


@rules.predicate
def is_region_within_officer_region(user, region):
    """No region (a new target's region not chosen yet) or one inside the officer's region."""
    if user.region_id is None:
        return False
    return region is None or region.path.startswith(user.region.path)


rules.add_perm("programme.manage_target", is_city_officer & is_region_within_officer_region)
rules.add_perm("programme.view_target", is_city_officer | is_district_officer)
rules.add_perm("programme.manage_batch", is_city_officer & is_batch_in_officer_region)
rules.add_perm(
    "programme.view_batch",
    is_city_officer | is_district_officer | is_enterprise_user | is_agency_user | is_expert,
)
