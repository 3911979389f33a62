"""Who may act on the title registry: city officers on the titles of their region; district
officers may list their district's titles (queries decide the rows)."""

import rules

from greenfactory.accounts.rules import is_city_officer, is_district_officer
from greenfactory.accounts.scope import in_officer_region

is_title_in_officer_region = in_officer_region(
    lambda title: title.enterprise.district, name="is_title_in_officer_region"
)


rules.add_perm("titles.export_upward", is_city_officer)
rules.add_perm("titles.view_titles", is_city_officer | is_district_officer)
rules.add_perm("titles.change_title_status", is_city_officer & is_title_in_officer_region)
rules.add_perm("titles.import_titles", is_city_officer)
rules.add_perm("titles.set_validity_policy", is_city_officer)
