import rules

from greenfactory.accounts.rules import is_city_officer, is_district_officer

rules.add_perm("reviews.view_district_queue", is_district_officer | is_city_officer)
rules.add_perm("reviews.rank_recommendations", is_district_officer)
