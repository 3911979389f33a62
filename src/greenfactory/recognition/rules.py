"""Who may take the recognition steps. Every step is the city bureau's, on batches of its own
region (the object passed is the batch)."""

import rules

from greenfactory.accounts.rules import is_city_officer
from greenfactory.programme.rules import is_batch_in_officer_region

city_of_batch = is_city_officer & is_batch_in_officer_region


rules.add_perm("recognition.view_ranking", city_of_batch)
rules.add_perm("recognition.rank_batch", city_of_batch)
rules.add_perm("recognition.propose_change", city_of_batch)
rules.add_perm("recognition.record_decision", city_of_batch)
rules.add_perm("recognition.publish_notice", city_of_batch)
rules.add_perm("recognition.handle_objection", city_of_batch)
rules.add_perm("recognition.close_notice", city_of_batch)
rules.add_perm("recognition.designate_batch", city_of_batch)
rules.add_perm("recognition.issue_certificates", city_of_batch)
