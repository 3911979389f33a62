"""A replayed round from ranking to designation (认定), on its own dates.

The city officer ranks the reviewed batch, records the party group's decision (the proposal as
it stands), publishes the notice (公示) and releases its e-mails; a member of the public objects
to one factory, the bureau investigates and dismisses the objection; the notice is closed after
its period and the batch designated. The certificates are built by the task that designation
queues after commit (the worker ``make demo`` starts), not while the demo loads.
"""

from dataclasses import dataclass
from datetime import date

from greenfactory.accounts.models import User
from greenfactory.notifications.domain.notify import release_group
from greenfactory.recognition.domain.designation import designate_batch
from greenfactory.recognition.domain.notice import close_notice, outbox_group, publish_notice
from greenfactory.recognition.domain.objections import (
    decide_objection,
    investigate_objection,
    submit_objection,
)
from greenfactory.recognition.domain.ranking import compute_ranking, record_decision
from greenfactory.recognition.enums import ObjectionOutcome
from greenfactory.recognition.forms.notice import notice_defaults

from .history import on


@dataclass(frozen=True)
class DemoObjection:
    position: int  # the factory's place on the notice
    name: str
    contact: str
    reason: str
    submitted_on: date
    investigated_on: date
    note: str
    decided_on: date
    investigation: str
    outcome_reason: str


@dataclass(frozen=True)
class Designation:
    ranked_on: date
    meeting_on: date
    decision_recorded_on: date
    minutes_reference: str
    notice_starts_on: date
    objection: DemoObjection | None
    closed_on: date
    designated_on: date


DESIGNATIONS = {
    # The zero-carbon round of 2026 (decisions §72): the same steps, no objection.
    ("zero_carbon", 2026): Designation(
        ranked_on=date(2026, 7, 6),
        meeting_on=date(2026, 7, 14),
        decision_recorded_on=date(2026, 7, 15),
        minutes_reference="市工信局党组会议纪要〔2026〕第15期",
        notice_starts_on=date(2026, 7, 20),
        objection=None,
        closed_on=date(2026, 7, 27),
        designated_on=date(2026, 8, 3),
    ),
    2019: Designation(
        ranked_on=date(2019, 11, 4),
        meeting_on=date(2019, 11, 12),
        decision_recorded_on=date(2019, 11, 13),
        minutes_reference="市工信局党组会议纪要〔2019〕第21期",
        notice_starts_on=date(2019, 11, 18),
        objection=DemoObjection(
            position=4,
            name="陈先生",
            contact="13961120458",
            reason="该企业厂区夜间常有刺激性异味，怀疑废气处理设施未正常运行，不应认定为绿色工厂。",
            submitted_on=date(2019, 11, 19),
            investigated_on=date(2019, 11, 20),
            note="请属地生态环境局调阅该企业2019年废气在线监测数据和执法检查记录。",
            decided_on=date(2019, 11, 22),
            investigation=(
                "经属地生态环境局夜间现场检查并调阅2019年1—10月废气在线监测数据，该企业各项污染物"
                "均达标排放，无行政处罚记录；异味来自相邻地块的另一家企业，已移交属地处理。"
            ),
            outcome_reason="反映的问题经核查不属实，异议不成立，该企业保留在名单中。",
        ),
        closed_on=date(2019, 11, 25),
        designated_on=date(2019, 12, 5),
    ),
}


def designate_round(batch, *, year: int):
    """Take the reviewed ``batch`` through ranking, decision, notice and designation on the
    dates of ``DESIGNATIONS[year]``. Returns the titles."""
    steps = DESIGNATIONS[year if batch.programme == "green_factory" else (batch.programme, year)]
    city = User.objects.get(username="city")
    with on(steps.ranked_on, 10):
        compute_ranking(batch, actor=city)
    with on(steps.decision_recorded_on, 15):
        record_decision(
            batch,
            actor=city,
            meeting_on=steps.meeting_on,
            minutes_reference=steps.minutes_reference,
            decided={},
        )
    with on(steps.notice_starts_on, 9):
        texts = notice_defaults(batch)
        notice = publish_notice(
            batch,
            actor=city,
            title=texts["title"],
            body=texts["body"],
            how_to_object=texts["how_to_object"],
            starts_on=steps.notice_starts_on,
        )
        release_group(outbox_group(notice))

    told = steps.objection
    if told is None:
        with on(steps.closed_on, 9):
            close_notice(notice, actor=city)
        with on(steps.designated_on, 10):
            return designate_batch(batch, actor=city)
    with on(told.submitted_on, 16, 20):
        objection = submit_objection(
            notice,
            entry=notice.entries.get(position=told.position),
            name=told.name,
            contact=told.contact,
            reason=told.reason,
            client_ip="203.0.113.45",
        )
    with on(told.investigated_on, 9, 30):
        objection = investigate_objection(objection, actor=city, note=told.note)
    with on(told.decided_on, 15):
        decide_objection(
            objection,
            actor=city,
            outcome=ObjectionOutcome.DISMISS,
            investigation=told.investigation,
            outcome_reason=told.outcome_reason,
        )
    with on(steps.closed_on, 9):
        close_notice(notice, actor=city)
    with on(steps.designated_on, 10):
        return designate_batch(batch, actor=city)
