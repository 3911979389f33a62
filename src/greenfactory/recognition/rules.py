"""Who may take the recognition steps. Every step is the city bureau's, on batches of its own
region (the object passed is the batch), or on titles of its region (the object is the title)."""

import rules

from greenfactory.accounts.rules import is_city_officer, is_district_officer, is_enterprise_user
from greenfactory.accounts.scope import in_officer_region
from greenfactory.programme.rules import is_batch_in_officer_region

city_of_batch = is_city_officer & is_batch_in_officer_region


is_title_in_officer_region = in_officer_region(
    lambda title: title.enterprise.district, name="is_title_in_officer_region"
)


rules.add_perm("recognition.view_ranking", city_of_batch)
rules.add_perm("recognition.rank_batch", city_of_batch)
rules.add_perm("recognition.propose_change", city_of_batch)
rules.add_perm("recognition.record_decision", city_of_batch)
rules.add_perm("recognition.publish_notice", city_of_batch)
rules.add_perm("recognition.handle_objection", city_of_batch)
rules.add_perm("recognition.close_notice", city_of_batch)
rules.add_perm("recognition.designate_batch", city_of_batch)
rules.add_perm("recognition.issue_certificates", city_of_batch)
rules.add_perm("recognition.export_upward", is_city_officer)
rules.add_perm("recognition.manage_announcements", is_city_officer)
# Titles are listed for officers of the region; districts see their own (queries decide rows).
rules.add_perm("recognition.view_titles", is_city_officer | is_district_officer)
rules.add_perm("recognition.change_title_status", is_city_officer & is_title_in_officer_region)
rules.add_perm("recognition.import_titles", is_city_officer)
rules.add_perm("recognition.manage_training", is_city_officer)
rules.add_perm("recognition.register_training", is_enterprise_user)
