"""Accounts: enterprises, agencies, users in each role. Regions and industries come from the
migrations' reference data."""

import functools
import itertools
from datetime import date

import factory
from django.conf import settings
from django.contrib.auth.hashers import make_password

from greenfactory.accounts.enums import EnterpriseStatus, Role
from greenfactory.accounts.models import (
    Agency,
    Enterprise,
    EvaluationBody,
    Industry,
    PasswordHistory,
    Region,
    User,
)
from greenfactory.accounts.uscc import check_character

_serial = itertools.count(1)


def valid_uscc(district_code: str = "320412") -> str:
    body = f"91{district_code}{next(_serial):09d}"
    return body + check_character(body)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def industry(code: str = "26") -> Industry:
    return Industry.objects.get(code=code)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.LazyFunction(valid_uscc)
    name = factory.Sequence(lambda n: f"常州测试企业{n}有限公司")
    district = factory.LazyFunction(lambda: region("320412"))
    industry = factory.LazyFunction(industry)
    address = "常州市武进区测试路1号"
    contact_person = "张三"
    phone = "13905190000"
    established_on = date(2008, 6, 18)
    established_on_confirmed = True
    status = EnterpriseStatus.CONFIRMED


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    uscc = factory.LazyFunction(lambda: valid_uscc("320402"))
    name = factory.Sequence(lambda n: f"测试咨询机构{n}")
    legal_representative = factory.Sequence(lambda n: f"咨询法人{n}")


class EvaluationBodyFactory(factory.django.DjangoModelFactory):
    """A third-party evaluation body (第三方评价机构), active."""

    class Meta:
        model = EvaluationBody

    uscc = factory.LazyFunction(lambda: valid_uscc("320402"))
    name = factory.Sequence(lambda n: f"测试第三方评价机构{n}")
    legal_representative = factory.Sequence(lambda n: f"评价法人{n}")
    responsible_person = "周评价"


PASSWORD = "Correct-Horse-9"


@functools.cache
def _hashed(raw: str, hashers: tuple[str, ...]) -> str:
    return make_password(raw)


def hashed_password(raw: str = PASSWORD) -> str:
    """``raw`` hashed by the first of the settings' hashers, once per process and hashers."""
    return _hashed(raw, tuple(settings.PASSWORD_HASHERS))


class UserFactory(factory.django.DjangoModelFactory):
    """An account whose password is ``PASSWORD``. Written as the rows a new password leaves:
    the account with its hash, in one insert, and the hash in its password history (what
    ``PasswordHistoryValidator.password_changed`` keeps). Hashing each account's password
    afresh, saving the account a second time and trimming an empty history cost more than
    the rows (decisions §109)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "王"
    first_name = "测试"
    password = factory.LazyFunction(hashed_password)

    @factory.post_generation
    def password_history(obj, create, extracted, **kwargs):
        if create:
            PasswordHistory.objects.create(user=obj, password=obj.password)


class EnterpriseUserFactory(UserFactory):
    role = Role.ENTERPRISE
    enterprise = factory.SubFactory(EnterpriseFactory)


class OfficerFactory(UserFactory):
    role = Role.DISTRICT_OFFICER
    region = factory.LazyFunction(lambda: region("320412"))


class CityOfficerFactory(UserFactory):
    role = Role.CITY_OFFICER
    region = factory.LazyFunction(lambda: region("320400"))


class ExpertFactory(UserFactory):
    role = Role.EXPERT


class EvaluatorFactory(UserFactory):
    """An account of a third-party evaluation body."""

    role = Role.EVALUATOR
    evaluation_body = factory.SubFactory(EvaluationBodyFactory)
