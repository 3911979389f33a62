"""Who may read and act on the rewards ledger. City officers act on the entries of their
region; district officers read their district's (the queries decide the rows); the object passed
to the entry permissions is the ``LedgerEntry``."""

import rules

from greenfactory.accounts.rules import is_city_officer, is_district_officer
from greenfactory.accounts.scope import in_officer_region

is_entry_in_officer_region = in_officer_region(
    lambda entry: entry.enterprise.district, name="is_entry_in_officer_region"
)


city_of_entry = is_city_officer & is_entry_in_officer_region

rules.add_perm("rewards.view_ledger", is_city_officer | is_district_officer)
rules.add_perm("rewards.approve_entry", city_of_entry)
rules.add_perm("rewards.pay_entry", city_of_entry)
rules.add_perm("rewards.cancel_entry", city_of_entry)
rules.add_perm("rewards.recalculate_entry", city_of_entry)
rules.add_perm("rewards.export_ledger", is_city_officer)
rules.add_perm("rewards.set_rate", is_city_officer)
