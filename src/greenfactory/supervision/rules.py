"""Who may do what in spot checks (抽检). The city bureau runs rounds and decides outcomes for
titles of its region; district officers follow their district's checks (and pre-review the
applications as for any application); an enterprise writes its own three-year summary and
rectification report. Visibility is ``domain/queries.py``."""

import rules

from greenfactory.accounts.rules import is_city_officer, is_enterprise_user, is_officer
from greenfactory.accounts.scope import in_officer_region

is_round_in_officer_region = in_officer_region(
    lambda round_: round_.region, name="is_round_in_officer_region"
)
is_check_in_officer_region = in_officer_region(
    lambda check: check.title.enterprise.district, name="is_check_in_officer_region"
)


@rules.predicate
def is_own_check(user, check):
    return check is not None and user.enterprise_id == check.title.enterprise_id


rules.add_perm("supervision.view_rounds", is_officer)
rules.add_perm("supervision.create_round", is_city_officer)
rules.add_perm("supervision.run_round", is_city_officer & is_round_in_officer_region)
rules.add_perm("supervision.decide_check", is_city_officer & is_check_in_officer_region)
rules.add_perm("supervision.write_summary", is_enterprise_user & is_own_check)
rules.add_perm("supervision.report_rectification", is_enterprise_user & is_own_check)

# Integrity signals (decisions §66): an officer whose region holds the enterprise's district.
is_signal_in_officer_region = in_officer_region(
    lambda signal: signal.district, name="is_signal_in_officer_region"
)
rules.add_perm("supervision.dispose_signal", is_officer & is_signal_in_officer_region)
rules.add_perm("supervision.view_signal_list", is_city_officer)
