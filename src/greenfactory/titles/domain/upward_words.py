"""The words of a recommendation upward, as data per level (decisions §84): the province's list
(推荐省级绿色工厂, §64) or the national one (推荐国家级绿色工厂, §80). One place for the pages'
headings, the procedure's section titles and the names of its steps, the list page's section and
column of the titles to select from and its send button, the reason a listing is recorded with and
the enterprise's notice (§85), so a national candidacy never speaks of the province where the
ministry acts, and no page or step picks its words with an ``if`` on the level.

The steps are stored once (``ProvinceStage``); their names are the level's. For the province:
the city's check on its behalf, then the province's 形式审查, 专家评审 and 公示 (苏工信节能〔2020〕
80号, §64). For the nation, the procedure the ministry names when it publishes a list: "经申报单位
自评价、第三方评价、地方工业和信息化主管部门评估确认及专家论证、公示等程序" (工信厅节函〔2022〕7号):
the province's assessment and confirmation (评估确认), the ministry's expert review (专家论证)
and public notice (公示)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..enums import CandidateState, ProvinceStage, TitleLevel


@dataclass(frozen=True)
class UpwardWords:
    heading: Promise
    procedure: Promise
    listed: Promise
    not_listed: Promise
    confirm_listed: Promise
    confirm_not_listed: Promise
    selected_for: Promise
    none_selected: Promise
    list_date: Promise
    help: Promise
    source_heading: Promise
    held_label: Promise
    none_left: Promise
    send_label: Promise
    listed_reason: Promise
    notice_subject: Promise
    stages: dict
    states: dict

    def state(self, value: str) -> str:
        """The name of the candidacy's state ``value`` at this level."""
        return str(self.states.get(value) or CandidateState(value).label)

    def stage(self, value: str) -> str:
        """The name of the stored step ``value`` at this level."""
        return str(self.stages.get(value) or ProvinceStage(value).label)

    @property
    def stage_choices(self) -> list[tuple[str, str]]:
        return [(value, self.stages[value]) for value in ProvinceStage.values]


WORDS_OF_LEVEL = {
    TitleLevel.PROVINCIAL: UpwardWords(
        heading=_("Recommendation to the province"),
        procedure=_("Steps of the province's procedure"),
        listed=_("Listed by the province"),
        not_listed=_("Not listed by the province"),
        confirm_listed=_(
            "Record this factory as listed by the province? Its provincial title is granted."
        ),
        confirm_not_listed=_(
            "Record that the province did not list this factory? The candidacy closes."
        ),
        selected_for=_(
            "The city bureau selected your factory as a candidate for the provincial green "
            "factory list."
        ),
        none_selected=_("The city bureau has not selected your factory for a provincial call."),
        list_date=_("Date of the province's list"),
        help=_(
            "Select city titles in force as candidates; each enterprise confirms its data for "
            "the year; then send the confirmed candidates: the package holds the province's "
            "summary table, each factory's self-evaluation report and third-party evaluation "
            "report, and one signed PDF per factory combining them."
        ),
        source_heading=_("City titles in force to select"),
        held_label=_("City title"),
        none_left=_("No city title in force left to select."),
        send_label=_("Send to the province"),
        listed_reason=_("Listed by the province"),
        notice_subject=_("Recommendation to the province %(year)s: %(state)s"),
        states={
            CandidateState.EXPORTED: _("Sent to the province"),
            CandidateState.LISTED: _("Listed by the province"),
            CandidateState.NOT_LISTED: _("Not listed by the province"),
        },
        stages={
            ProvinceStage.CITY_AUDIT: _("City's check on the province's behalf"),
            ProvinceStage.FORMAL_REVIEW: _("Formal review (形式审查)"),
            ProvinceStage.EXPERT_REVIEW: _("Expert review (专家评审)"),
            ProvinceStage.PUBLICITY: _("Public notice (公示)"),
        },
    ),
    TitleLevel.NATIONAL: UpwardWords(
        heading=_("Recommendation to the national list"),
        procedure=_("Steps of the national procedure"),
        listed=_("Listed by the ministry"),
        not_listed=_("Not listed by the ministry"),
        confirm_listed=_(
            "Record this factory as listed by the ministry? Its national title is granted."
        ),
        confirm_not_listed=_(
            "Record that the ministry did not list this factory? The candidacy closes."
        ),
        selected_for=_(
            "The city bureau selected your factory as a candidate for the national green "
            "factory list."
        ),
        none_selected=_("The city bureau has not selected your factory for a national call."),
        list_date=_("Date of the ministry's list"),
        help=_(
            "Select provincial titles in force as candidates; each enterprise confirms its data "
            "for the year; then send the confirmed candidates: the package holds the national "
            "list's summary table, each factory's self-evaluation report and third-party "
            "evaluation report, and one signed PDF per factory combining them."
        ),
        source_heading=_("Provincial titles in force to select"),
        held_label=_("Provincial title"),
        none_left=_("No provincial title in force left to select."),
        send_label=_("Send to the national list"),
        listed_reason=_("Listed by the Ministry of Industry and Information Technology"),
        notice_subject=_("Recommendation to the national list %(year)s: %(state)s"),
        states={
            CandidateState.EXPORTED: _("Sent upward for the national list"),
            CandidateState.LISTED: _("Listed by the ministry"),
            CandidateState.NOT_LISTED: _("Not listed by the ministry"),
        },
        stages={
            ProvinceStage.CITY_AUDIT: _("City's check before the recommendation"),
            ProvinceStage.FORMAL_REVIEW: _("Province's assessment and confirmation (评估确认)"),
            ProvinceStage.EXPERT_REVIEW: _("Ministry's expert review (专家论证)"),
            ProvinceStage.PUBLICITY: _("Ministry's public notice (公示)"),
        },
    ),
}


def words_of(level: str) -> UpwardWords:
    """The words of the recommendation to ``level``'s list (provincial or national)."""
    return WORDS_OF_LEVEL[level]


def heading_of(level: str) -> str:
    """The name of the recommendation to ``level``'s list, for the pages' headings."""
    return str(words_of(level).heading)
