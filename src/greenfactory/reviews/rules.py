import rules

from greenfactory.accounts.rules import (
    is_city_officer,
    is_district_officer,
    is_enterprise_user,
    is_evaluator,
    is_expert,
)
from greenfactory.accounts.scope import in_officer_region
from greenfactory.applications.rules import is_in_officer_district

rules.add_perm("reviews.view_district_queue", is_district_officer | is_city_officer)
rules.add_perm("reviews.rank_recommendations", is_district_officer)


# ---- site audit (现场审核) ------------------------------------------------------------------


@rules.predicate
def is_audit_member(user, audit):
    return audit is not None and audit.members.filter(user=user).exists()


@rules.predicate
def is_audit_lead(user, audit):
    return audit is not None and audit.members.filter(user=user, is_lead=True).exists()


@rules.predicate
def is_own_audit(user, audit):
    return audit is not None and audit.application.enterprise_id == user.enterprise_id


@rules.predicate
def may_finish_its_audit(user, application):
    """The application's move to "audited" is the finishing of its on-site audit, so it is the
    same decision as ``reviews.finish_site_audit``, asked of the application's latest audit
    (the one the move finishes): one rule, not two that could disagree."""
    if application is None:
        return False
    audit = application.site_audits.order_by("-pk").first()
    return audit is not None and user.has_perm("reviews.finish_site_audit", audit)


# Permissions named in the application's transition table take the application as object.
rules.add_perm("reviews.schedule_site_audit", is_city_officer & is_in_officer_district)
rules.add_perm("reviews.complete_site_audit", may_finish_its_audit)
# Who records findings; when (a scheduled audit) is the audit workflow's ``edits``.
rules.add_perm("reviews.record_finding", is_audit_member)
# Who finishes; when (a scheduled audit) is the audit's workflow table's (``AUDIT_MOVES``).
rules.add_perm("reviews.finish_site_audit", (is_audit_lead | is_city_officer) & is_audit_member)
rules.add_perm("reviews.acknowledge_site_audit", is_enterprise_user & is_own_audit)


# ---- expert review (专家评审) ---------------------------------------------------------------


@rules.predicate
def is_assigned_expert(user, assignment):
    return assignment is not None and assignment.expert_id == user.pk


@rules.predicate
def is_not_submitted(user, assignment):
    return assignment is not None and assignment.submitted_at is None


is_assignment_in_officer_region = in_officer_region(
    lambda assignment: assignment.application.enterprise.district,
    name="is_assignment_in_officer_region",
)


# The two named in the application's transition table take the application as object.
rules.add_perm("reviews.assign_experts", is_city_officer & is_in_officer_district)
rules.add_perm("reviews.complete_expert_review", is_city_officer & is_in_officer_district)
rules.add_perm(
    "reviews.unassign_expert",
    is_city_officer & is_assignment_in_officer_region & is_not_submitted,
)
rules.add_perm("reviews.view_expert_review", is_city_officer | is_district_officer)
rules.add_perm("reviews.manage_expert_pool", is_city_officer)
rules.add_perm("reviews.declare_conflict", is_expert)
rules.add_perm("reviews.score_assignment", is_expert & is_assigned_expert & is_not_submitted)
rules.add_perm("reviews.view_expert_assignments", is_expert)


# ---- third-party evaluation (第三方评价) ----------------------------------------------------


@rules.predicate
def is_own_body_evaluation(user, evaluation):
    return (
        evaluation is not None
        and user.evaluation_body_id is not None
        and evaluation.body_id == user.evaluation_body_id
    )


is_evaluation_in_officer_region = in_officer_region(
    lambda evaluation: evaluation.application.enterprise.district,
    name="is_evaluation_in_officer_region",
)

# Commissioning takes the application as object.
rules.add_perm("reviews.commission_evaluation", is_city_officer & is_in_officer_district)
rules.add_perm("reviews.withdraw_evaluation", is_city_officer & is_evaluation_in_officer_region)
rules.add_perm("reviews.write_evaluation", is_evaluator & is_own_body_evaluation)
rules.add_perm("reviews.view_evaluations", is_evaluator | is_city_officer | is_district_officer)
