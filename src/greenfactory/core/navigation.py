"""The site's navigation: the same groups for every role, by the programme's stages, each role
seeing only its own entries, and the page's own entry marked.

Who sees an entry is said by its roles (the pages themselves check permissions); where it leads
may depend on the role (the city's spot checks are its rounds, a district's are its checks).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ENTERPRISE = "enterprise"
AGENCY = "agency"
DISTRICT = "district_officer"
CITY = "city_officer"
EXPERT = "expert"
EVALUATOR = "evaluator"
OFFICERS = {DISTRICT, CITY}


@dataclass(frozen=True)
class Entry:
    label: Promise
    url_name: str | dict  # a URL name, or {role: URL name}
    roles: frozenset

    def url_for(self, role: str) -> str:
        name = self.url_name if isinstance(self.url_name, str) else self.url_name[role]
        return reverse(name)


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise
    entries: tuple


def entry(label, url_name, *roles) -> Entry:
    return Entry(label, url_name, frozenset(roles))


GROUPS = (
    Group(
        "apply",
        pgettext_lazy("navigation", "Applications and review"),
        (
            entry(
                _("Applications"), "applications:application_list", ENTERPRISE, AGENCY, *OFFICERS
            ),
            entry(_("Pre-review"), "reviews:district_queue", *OFFICERS),
            entry(_("On-site audits"), "reviews:audit_list", *OFFICERS, EXPERT),
            entry(_("My reviews"), "reviews:expert_assignments", EXPERT),
            entry(_("Third-party evaluations"), "reviews:evaluation_list", CITY, EVALUATOR),
            entry(_("Experts"), "reviews:expert_pool", CITY),
            entry(_("Enterprises"), "accounts:enterprise_list", *OFFICERS),
        ),
    ),
    Group(
        "designate",
        pgettext_lazy("navigation", "Designation"),
        (
            entry(_("Titles"), "titles:titles", *OFFICERS),
            entry(_("Recommendation upward"), "titles:province_candidates", CITY),
            entry(_("Recommendation upward"), "titles:province_candidacies", ENTERPRISE),
            entry(_("Public notices"), "recognition:notice_list", *OFFICERS),
        ),
    ),
    Group(
        "manage",
        pgettext_lazy("navigation", "Dynamic management"),
        (
            entry(
                _("Yearly filings"),
                {
                    ENTERPRISE: "filings:enterprise_list",
                    DISTRICT: "filings:district_list",
                    CITY: "filings:city_list",
                },
                ENTERPRISE,
                *OFFICERS,
            ),
            entry(
                _("Spot checks"),
                {
                    ENTERPRISE: "supervision:checks",
                    DISTRICT: "supervision:checks",
                    CITY: "supervision:rounds",
                },
                ENTERPRISE,
                *OFFICERS,
            ),
            entry(_("Carbon accounts"), "applications:carbon_inventories", ENTERPRISE, *OFFICERS),
            entry(_("Carbon disclosures"), "filings:enterprise_disclosures", ENTERPRISE),
            entry(
                _("Cultivation pipeline"),
                {DISTRICT: "cultivation:pipeline", CITY: "cultivation:city_overview"},
                *OFFICERS,
            ),
        ),
    ),
    Group(
        "reward",
        pgettext_lazy("navigation", "Rewards"),
        (entry(_("Rewards ledger"), "rewards:ledger", *OFFICERS),),
    ),
    Group(
        "outreach",
        pgettext_lazy("navigation", "Publicity and training"),
        (
            entry(_("Announcements"), "outreach:announcements", CITY),
            entry(_("Training events"), "outreach:city_training", CITY),
            entry(_("Training"), "outreach:training_list", ENTERPRISE),
        ),
    ),
    Group(
        "settings",
        pgettext_lazy("navigation", "Settings"),
        (
            entry(_("Programme dashboard"), "dashboards:figures", *OFFICERS),
            entry(_("Peer benchmarks"), "dashboards:peers", CITY),
            entry(_("Programme targets"), "programme:target_list", CITY),
            entry(_("Batches"), "programme:batch_list", *OFFICERS, EXPERT),
            entry(_("Indicator systems"), "programme:system_list", *OFFICERS),
            entry(_("Outbox"), "notifications:outbox", CITY),
            entry(_("Enterprise profile"), "accounts:profile", ENTERPRISE),
            entry(_("Accounts"), "accounts:account_list", "system_admin"),
            entry(_("New account"), "accounts:account_create", "system_admin"),
            entry(_("Consulting agencies"), "accounts:agency_list", "system_admin"),
            entry(
                _("Third-party evaluation bodies"), "accounts:evaluation_body_list", "system_admin"
            ),
            entry(_("Roles"), "accounts:account_list", "security_admin"),
            entry(_("Lockouts"), "accounts:lockouts", "security_admin"),
            entry(_("Audit trail"), "core:audit_list", "audit_admin"),
        ),
    ),
)

PUBLIC = (
    (_("Announcements"), "outreach:announcement_list"),
    (_("Public notices"), "recognition:notice_list"),
    (_("Green factories"), "titles:factories"),
    (_("Carbon disclosures"), "filings:carbon_disclosures"),
    (_("Verify a certificate"), "titles:verify"),
    (_("Spot checks"), "supervision:public_rounds"),
    (_("Training"), "outreach:training_list"),
    (_("Consulting agencies"), "outreach:agencies"),
)


@dataclass
class Link:
    label: str
    url: str
    current: bool = False


@dataclass
class MenuGroup:
    key: str
    label: str
    links: list = field(default_factory=list)

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


class Navigation:
    """What the header shows for one request. ``current`` (the address of the page's own entry)
    is cheap and keys the header's cache; ``groups`` is built only when the cache misses."""

    def __init__(self, user, path: str):
        self.user = user
        self.path = path

    @cached_property
    def current(self) -> str:
        if self.path == "/":
            return "/"
        role = self.user.role if self.user.is_authenticated else None
        return _longest_beginning(_addresses(role), self.path)

    @cached_property
    def groups(self) -> list[MenuGroup]:
        """The groups the user sees, each with its links, the current one marked. Account links
        (API tokens, password) go under Settings for everyone signed in."""
        groups = []
        for group in GROUPS:
            links = [
                Link(str(item.label), item.url_for(self.user.role))
                for item in group.entries
                if self.user.role in item.roles
            ]
            if group.key == "settings":
                if self.user.has_perm("api.issue_token"):
                    links.append(Link(str(_("API tokens")), reverse("api:tokens")))
                links.append(Link(str(_("Change password")), reverse("accounts:password_change")))
            if links:
                groups.append(MenuGroup(group.key, str(group.label), links))
        for link in (link for group in groups for link in group.links):
            link.current = link.url == self.current
        return groups

    @cached_property
    def public_links(self) -> list[Link]:
        return [
            Link(str(label), reverse(name), current=reverse(name) == self.current)
            for label, name in PUBLIC
        ]


# The addresses each role's entries lead to, per URL configuration and script prefix: reversed
# once per process, as they cannot change while it runs (every request needs them to key the
# header's cache).
_ADDRESSES: dict[tuple, tuple[str, ...]] = {}


def _addresses(role: str | None) -> tuple[str, ...]:
    """The addresses of the entries ``role`` sees (``None``: the public's), and of the account
    pages for everyone signed in."""
    key = (role, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    found = _ADDRESSES.get(key)
    if found is None:
        if role is None:
            found = tuple(reverse(name) for _label, name in PUBLIC)
        else:
            found = (
                *(
                    item.url_for(role)
                    for group in GROUPS
                    for item in group.entries
                    if role in item.roles
                ),
                reverse("api:tokens"),
                reverse("accounts:password_change"),
            )
        _ADDRESSES[key] = found
    return found


# The header's own links, outside its kept fragments: by the name the layout uses.
HEADER_LINKS = {
    "set_language": "set_language",
    "inbox": "notifications:inbox",
    "logout": "accounts:logout",
    "login": "accounts:login",
    "register": "accounts:register",
}
_HEADER_ADDRESSES: dict[tuple, str] = {}


class HeaderLinks:
    """The addresses of the header's own links (``HEADER_LINKS``), each reversed at its first
    use per URL configuration and script prefix and then kept for the process: the layout needs
    them on every page, and they cannot change while the process runs."""

    def __getitem__(self, name: str) -> str:
        url_name = HEADER_LINKS[name]
        key = (url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
        found = _HEADER_ADDRESSES.get(key)
        if found is None:
            found = _HEADER_ADDRESSES[key] = reverse(url_name)
        return found


def _longest_beginning(urls, path: str) -> str:
    matching = [url for url in urls if path.startswith(url) and url != "/"]
    return max(matching, key=len) if matching else ""
