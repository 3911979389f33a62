"""Personas shared by every test: one account per role, plus the outsiders that must be refused."""

import itertools

import pytest

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import AgencyAuthorisation, User
from greenfactory.core.models import AuditChainHead
from tests.clients import Client, log_in_once
from tests.database import (  # noqa: F401
    _migrated_template,
    clear_committed_caches,
    django_db_keepdb,
    django_db_setup,
    give_back_reference_rows,
    module_rows,
    restore_reference_snapshot,
)
from tests.factories import (
    AgencyFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    OfficerFactory,
    UserFactory,
    region,
)
from tests.ordering import costly_first, first_chunk, is_transactional

PASSWORD = "Correct-Horse-9"


def pytest_configure(config):
    # Beside the marks of pyproject.toml: a mark read only by the order of the run.
    config.addinivalue_line(
        "markers",
        "subprocess: starts manage.py in a process of its own: costly, run first",
    )


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """(pytest-xdist, on the controller.) Tell each worker how the tests are handed out: a
    worker's own options say it distributes nothing."""
    node.workerinput["dist"] = node.config.getoption("dist")
    node.workerinput["maxschedchunk"] = node.config.getoption("maxschedchunk")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The costly tests first, dealt to the workers by cost (tests/ordering.py): after
    pytest-django's order and the deselections, so every worker orders the same items alike."""
    workerinput = getattr(config, "workerinput", None) or {}
    dist = workerinput.get("dist")
    if dist not in {"load", "worksteal"}:
        items[:] = costly_first(items)
        return
    workers = workerinput["workercount"]
    chunk = first_chunk(len(items), workers, dist, workerinput.get("maxschedchunk"))
    items[:] = costly_first(items, workers, chunk)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with Django's flush, which empties the reference data the
    migrations seeded: it is copied back once the test's fixtures are torn down, so that the
    next test, plain or transactional, finds it whatever the order (decisions §82, §95)."""
    result = yield
    if is_transactional(item):
        give_back_reference_rows(item.config)
        clear_committed_caches(item.config)
    return result


@pytest.fixture(autouse=True, scope="session")
def _static_files_listed_once():
    """Every test's client loads the middleware afresh, and WhiteNoise's middleware, serving
    the static files through the finders under test, lists and stats each of them (about a
    hundred) when it is made: 20–30 ms per test that makes a request. The files do not change
    during a run, so the list is made once per process, per static prefix, headers and apps,
    and handed to every later middleware; a request is answered as before (decisions §88)."""
    from django.conf import settings as django_settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    listed = {}
    original = WhiteNoiseMiddleware.add_files_from_finders

    def add_files_from_finders(self):
        key = (
            self.static_prefix,
            (self.max_age, self.allow_all_origins, self.charset),
            tuple(django_settings.INSTALLED_APPS),
            tuple(map(str, getattr(django_settings, "STATICFILES_DIRS", ()))),
        )
        if key not in listed:
            before = set(self.files)
            original(self)
            listed[key] = {url: self.files[url] for url in self.files.keys() - before}
        self.files.update(listed[key])

    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders
    yield
    WhiteNoiseMiddleware.add_files_from_finders = original


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """Each transactional test flushes every table at its end, emptying the reference data the
    migrations seeded (regions, industries, the audit chain's head, indicator systems …); it is
    copied back after the flush (``pytest_runtest_teardown``), and here again should a test
    find it gone (tests/database.py)."""
    marker = request.node.get_closest_marker("django_db")
    if (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or (marker is not None and marker.kwargs.get("transaction"))
    ):
        request.getfixturevalue("transactional_db")
        if not AuditChainHead.objects.exists():
            restore_reference_snapshot()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the platform's default language (zh-hans): a request served in
    another language must not leak into the next test's domain messages."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page cached by one test (the public list, the
    dashboard's figures) must not be served to the next, whose database differs."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _media_folders(tmp_path_factory):
    """Where the tests' media folders go (one base per test process), and their numbers."""
    return tmp_path_factory.mktemp("media"), itertools.count()


@pytest.fixture(autouse=True)
def private_media(settings, _media_folders):
    """Uploads and exports of each test go to a folder of its own, made by the storage when the
    test first writes a file: a ``tmp_path`` for every test cost a folder made and listed
    again at the end whether or not the test wrote a file (decisions §98)."""
    base, numbers = _media_folders
    settings.MEDIA_ROOT = base / str(next(numbers))


# How each persona is made: ``made(name)`` gives the persona it builds on. The function-scoped
# fixtures below make only what a test asks for; ``module_personas`` makes them all once for a
# module that shares its rows (``share_module_rows``).
PERSONA_MAKERS = {
    "enterprise": lambda made: EnterpriseFactory(
        name="常州绿源新材料有限公司", district=region("320412")
    ),
    "other_enterprise": lambda made: EnterpriseFactory(
        name="常州新北光伏材料有限公司", district=region("320411")
    ),
    "enterprise_user": lambda made: EnterpriseUserFactory(
        username="ent", enterprise=made("enterprise")
    ),
    "other_enterprise_user": lambda made: EnterpriseUserFactory(
        username="ent_other", enterprise=made("other_enterprise")
    ),
    "agency_user": lambda made: _agency_user(made("enterprise")),
    "district_officer": lambda made: OfficerFactory(username="wujin", region=region("320412")),
    "other_district_officer": lambda made: OfficerFactory(
        username="xinbei", region=region("320411")
    ),
    "city_officer": lambda made: UserFactory(
        username="city", role=Role.CITY_OFFICER, region=region("320400")
    ),
    "assigned_expert": lambda made: UserFactory(username="expert", role=Role.EXPERT),
    "unassigned_expert": lambda made: UserFactory(username="expert_other", role=Role.EXPERT),
    "system_admin": lambda made: UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN),
    "security_admin": lambda made: UserFactory(username="secadmin", role=Role.SECURITY_ADMIN),
    "audit_admin": lambda made: UserFactory(username="auditadmin", role=Role.AUDIT_ADMIN),
}


def _agency_user(enterprise):
    agency = AgencyFactory()
    AgencyAuthorisation.objects.create(enterprise=enterprise, agency=agency)
    return UserFactory(username="agency", role=Role.AGENCY, agency=agency)


def _persona_fixture(name):
    def persona(request, db):
        return PERSONA_MAKERS[name](request.getfixturevalue)

    persona.__doc__ = f"The persona ``{name}``, made for the test."
    return pytest.fixture(name=name)(persona)


for _name in PERSONA_MAKERS:
    globals()[f"_persona_{_name}"] = _persona_fixture(_name)


@pytest.fixture
def anon():
    return None


@pytest.fixture
def client():
    """Django's test client without the empty session its login writes and deletes
    (tests/clients.py)."""
    return Client()


@pytest.fixture(scope="module")
def module_sessions(module_personas):
    """A session for every persona, made once for the module (inside ``module_rows``'s
    transaction): ``share_module_rows`` hands them to the module's clients."""
    return log_in_once(made for made in module_personas.values() if isinstance(made, User))


@pytest.fixture(scope="module")
def module_personas(module_rows):  # noqa: F811 -- the fixture imported above
    """Every persona, made once for the module (inside ``module_rows``'s transaction)."""
    made = {"anon": None}

    def make(name):
        if name not in made:
            made[name] = PERSONA_MAKERS[name](make)
        return made[name]

    for name in PERSONA_MAKERS:
        make(name)
    return made


PERSONAS = [
    "anon",
    "enterprise_user",
    "other_enterprise_user",
    "agency_user",
    "district_officer",
    "other_district_officer",
    "city_officer",
    "assigned_expert",
    "unassigned_expert",
    "system_admin",
    "security_admin",
    "audit_admin",
]


@pytest.fixture
def as_persona(request, client):
    """Return a client logged in as the named persona (anonymous for ``anon``)."""

    def login(name):
        user = request.getfixturevalue(name)
        if user is not None:
            client.force_login(user)
        return client

    return login
