import rules

from greenfactory.accounts.rules import (
    is_agency_user,
    is_city_officer,
    is_district_officer,
    is_enterprise_user,
    is_expert,
)
from greenfactory.accounts.scope import in_officer_region

is_batch_in_officer_region = in_officer_region(
    lambda batch: batch.region, name="is_batch_in_officer_region"
)


rules.add_perm("programme.view_indicatorsystem", is_city_officer | is_district_officer | is_expert)
rules.add_perm("programme.change_indicatorsystem", is_city_officer)
rules.add_perm("programme.add_batch", is_city_officer)


@rules.predicate
def is_no_region(user, region):
    """A new target's region not chosen yet."""
    return region is None


is_region_within_officer_region = is_no_region | in_officer_region(
    lambda region: region, name="is_region_in_officer_region"
)


rules.add_perm("programme.manage_target", is_city_officer & is_region_within_officer_region)
rules.add_perm("programme.view_target", is_city_officer | is_district_officer)
rules.add_perm("programme.manage_batch", is_city_officer & is_batch_in_officer_region)
rules.add_perm(
    "programme.view_batch",
    is_city_officer | is_district_officer | is_enterprise_user | is_agency_user | is_expert,
)
