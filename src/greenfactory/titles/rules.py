"""Who may act on the title registry: city officers on the titles of their region; district
officers may list their district's titles (queries decide the rows)."""

import rules

from greenfactory.accounts.rules import is_city_officer, is_district_officer


@rules.predicate
def is_title_in_officer_region(user, title):
    """The title's enterprise lies within the officer's region."""
    if title is None or user.region_id is None:
        return False
    return title.enterprise.district.path.startswith(user.region.path)


rules.add_perm("titles.export_upward", is_city_officer)
rules.add_perm("titles.view_titles", is_city_officer | is_district_officer)
rules.add_perm("titles.change_title_status", is_city_officer & is_title_in_officer_region)
rules.add_perm("titles.import_titles", is_city_officer)
