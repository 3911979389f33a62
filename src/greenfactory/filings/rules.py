"""Who may do what with the yearly filings (年度动态管理表). The enterprise's own users fill and
submit its filing; the district officers of its district review it (accept or return); city
officers read every district's, set the deadline and export. Visibility is
``domain/queries.py``; the object of the filing permissions is the ``AnnualFiling``."""

import rules

from greenfactory.accounts.rules import is_city_officer, is_district_officer, is_enterprise_user
from greenfactory.accounts.scope import in_officer_region


@rules.predicate
def is_own_filing(user, filing):
    return filing is not None and filing.enterprise_id == user.enterprise_id


is_filing_in_officer_region = in_officer_region(
    lambda filing: filing.enterprise.district, name="is_filing_in_officer_region"
)


rules.add_perm("filings.file", is_enterprise_user)
# Who fills it; when (a draft or a returned filing) is the workflow's ``edits``.
rules.add_perm("filings.change_filing", is_enterprise_user & is_own_filing)
# Who submits and reviews; when is the workflow table's.
rules.add_perm("filings.submit_filing", is_enterprise_user & is_own_filing)
rules.add_perm("filings.review_filing", is_district_officer & is_filing_in_officer_region)
rules.add_perm("filings.decide_filing", is_district_officer & is_filing_in_officer_region)
rules.add_perm("filings.city_review_filing", is_city_officer & is_filing_in_officer_region)
rules.add_perm("filings.view_district_filings", is_district_officer)
rules.add_perm("filings.view_city_filings", is_city_officer)
rules.add_perm("filings.set_deadline", is_city_officer)
rules.add_perm("filings.export_filings", is_city_officer)

# 重大事项变更: the enterprise reports, its district then the city acknowledge.
is_change_in_officer_region = in_officer_region(
    lambda change: change.enterprise.district, name="is_change_in_officer_region"
)


@rules.predicate
def is_own_change(user, change):
    return change is not None and change.enterprise_id == user.enterprise_id


rules.add_perm("filings.report_major_change", is_enterprise_user)
rules.add_perm(
    "filings.district_acknowledge_change", is_district_officer & is_change_in_officer_region
)
rules.add_perm("filings.city_acknowledge_change", is_city_officer & is_change_in_officer_region)

# 现场评估: an officer of the factory's district or city calls it, records it or cancels it.
is_assessment_in_officer_region = in_officer_region(
    lambda assessment: assessment.filing.enterprise.district,
    name="is_assessment_in_officer_region",
)
rules.add_perm(
    "filings.call_site_assessment",
    (is_district_officer | is_city_officer) & is_filing_in_officer_region,
)
rules.add_perm(
    "filings.record_site_assessment",
    (is_district_officer | is_city_officer) & is_assessment_in_officer_region,
)
