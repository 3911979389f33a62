"""Who may do what in the cultivation pipeline. District officers keep the list of their own
district; city officers read every district's. Visibility is ``domain/queries.py``."""

import rules

from greenfactory.accounts.rules import (
    is_city_officer,
    is_district_officer,
    is_in_officer_region,
    is_officer,
)
from greenfactory.accounts.scope import in_officer_region

is_candidate_in_officer_region = in_officer_region(
    lambda candidate: candidate.district, name="is_candidate_in_officer_region"
)

# Taking a dropped or graduated candidate back on is adding its enterprise again: the officer of
# the enterprise's district today (it may have moved). That the enterprise must be confirmed is
# a "when", checked by the steps (``domain/candidates.py`` ``_require_confirmed``).
is_candidates_enterprise_of_officer = in_officer_region(
    lambda candidate: candidate.enterprise.district, name="is_candidates_enterprise_of_officer"
)


rules.add_perm("cultivation.view_pipeline", is_officer)
rules.add_perm("cultivation.view_city_overview", is_city_officer)
# The three yearly tables for the province (培育计划 etc.): the city bureau reports upward.
rules.add_perm("cultivation.export_tables", is_city_officer)
rules.add_perm("cultivation.add_candidate", is_district_officer & is_in_officer_region)
rules.add_perm("cultivation.change_candidate", is_district_officer & is_candidate_in_officer_region)
rules.add_perm(
    "cultivation.resume_candidate",
    is_district_officer & is_candidates_enterprise_of_officer,
)
rules.add_perm("cultivation.keep_pipeline", is_district_officer)
