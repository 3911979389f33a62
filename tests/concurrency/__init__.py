"""Races where exactly one may win, with real threads on separate database connections, started
together by a barrier; on SQLite writers queue (BEGIN IMMEDIATE), on PostgreSQL the row locks
of the domain functions decide.

Here: two district officers recommending and returning the same application, two experts
submitting while two officers complete the expert review, two officers closing the same public
notice, two officers deciding the same objection.

Elsewhere, next to the feature they test:
``applications/test_application_flow.py::test_two_tabs_submitting_at_once_submit_once``,
``reviews/test_district.py::test_two_officers_deciding_at_once_only_one_wins`` (recommend against
reject), ``outreach/test_training.py`` (many users registering for the last seats),
``rewards/test_concurrency.py::test_two_officers_approving_at_once_approve_once``,
``recognition/test_designation.py::test_two_officers_designating_at_once_designate_once``,
``titles/test_certificate_numbers.py::test_concurrent_draws_give_distinct_consecutive_numbers``,
``accounts/test_enterprise_status.py`` (two officers confirming and rejecting one enterprise).
"""
