"""Who may act on the title registry: city officers on the titles of their region; district
officers may list their district's titles (queries decide the rows)."""

import rules

from greenfactory.accounts.rules import is_city_officer, is_district_officer, is_enterprise_user
from greenfactory.accounts.scope import in_officer_region

is_title_in_officer_region = in_officer_region(
    lambda title: title.enterprise.district, name="is_title_in_officer_region"
)


rules.add_perm("titles.export_upward", is_city_officer)
rules.add_perm("titles.view_titles", is_city_officer | is_district_officer)
rules.add_perm("titles.change_title_status", is_city_officer & is_title_in_officer_region)
rules.add_perm("titles.import_titles", is_city_officer)
rules.add_perm("titles.set_validity_policy", is_city_officer)


# Recommending upward to the province (decisions §64): the city officers of the candidate's
# region select, send and record the province's outcome; the candidate's own enterprise confirms.
is_candidate_in_officer_region = in_officer_region(
    lambda candidate: candidate.title.enterprise.district,
    name="is_candidate_in_officer_region",
)


@rules.predicate
def is_candidates_enterprise(user, candidate):
    return (
        candidate is not None
        and user.enterprise_id is not None
        and user.enterprise_id == candidate.title.enterprise_id
    )


rules.add_perm("titles.manage_candidate", is_city_officer & is_candidate_in_officer_region)
rules.add_perm("titles.confirm_candidate", is_enterprise_user & is_candidates_enterprise)
