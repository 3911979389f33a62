"""Accounts: enterprises, agencies, users in each role. Regions and industries come from the
migrations' reference data."""

import itertools
from datetime import date

import factory

from greenfactory.accounts.enums import EnterpriseStatus, Role
from greenfactory.accounts.models import (
    Agency,
    Enterprise,
    EvaluationBody,
    Industry,
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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "王"
    first_name = "测试"
    password = factory.PostGenerationMethodCall("set_password", "Correct-Horse-9")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


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
