"""Who may publish announcements and training events (the city bureau) and who may register
for training (enterprise users)."""

import rules

from greenfactory.accounts.rules import is_city_officer, is_enterprise_user

rules.add_perm("outreach.manage_announcements", is_city_officer)
rules.add_perm("outreach.manage_training", is_city_officer)
rules.add_perm("outreach.register_training", is_enterprise_user)
