"""What the API shows of each object, and what it takes in. Read serializers show the fields a
user who can see the object may read; the write serializers only check the shape of the body:
the rules stay in the domain functions and the forms they share with the pages."""

from rest_framework import serializers

from greenfactory.applications.enums import ApplicationState
from greenfactory.applications.forms import PerformanceYearForm
from greenfactory.applications.models import PerformanceYear
from greenfactory.programme.enums import Programme, TitleGrade
from greenfactory.programme.models import Batch, Indicator, IndicatorSystem
from greenfactory.recognition.enums import NoticeState
from greenfactory.reviews.enums import DecisionStep
from greenfactory.titles.enums import TitleLevel, TitleStatus

from ..fields import StrictBooleanField


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class EnterpriseSerializer(serializers.Serializer):
    code = serializers.CharField()
    uscc = serializers.CharField()
    name = serializers.CharField()
    district = RegionSerializer()
    industry = serializers.CharField(source="industry.code", allow_null=True, default=None)
    status = serializers.CharField()


class EnterpriseRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    uscc = serializers.CharField()


class BatchSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    indicator_system = serializers.CharField(source="indicator_system.slug")

    class Meta:
        model = Batch
        fields = [
            "code",
            "title",
            "year",
            "purpose",
            "state",
            "region",
            "programme",
            "opens_at",
            "closes_at",
            "indicator_system",
            "pass_threshold",
            "quota",
        ]


class IndicatorSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Indicator
        fields = [
            "code",
            "parent",
            "level",
            "name",
            "kind",
            "requirement",
            "weight",
            "max_points",
            "unit",
            "direction",
            "formula",
            "allow_na",
            "evidence",
        ]


class IndicatorSystemSerializer(serializers.ModelSerializer):
    slug = serializers.CharField()
    name = serializers.CharField(source="display_name")
    indicators = IndicatorSerializer(many=True, source="tree")

    class Meta:
        model = IndicatorSystem
        fields = [
            "slug",
            "code",
            "version",
            "programme",
            "name",
            "standard",
            "scoring",
            "indicators",
        ]


class ApplicationSerializer(serializers.Serializer):
    code = serializers.CharField()
    batch = serializers.CharField(source="batch.code")
    enterprise = EnterpriseRefSerializer()
    state = serializers.ChoiceField(choices=ApplicationState.choices)
    version = serializers.IntegerField()
    revision = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class AnswerSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    not_applicable = serializers.BooleanField()
    met = serializers.BooleanField(allow_null=True)
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    value_is_computed = serializers.BooleanField()
    explanation = serializers.CharField(allow_blank=True)


class ApplicationDetailSerializer(ApplicationSerializer):
    self_score = serializers.DecimalField(max_digits=7, decimal_places=2)
    expert_score = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        allow_null=True,
        help_text="Shown to the officers who may read the expert review; null otherwise.",
    )
    self_evaluation = AnswerSerializer(many=True)


class SelfEvaluationInputSerializer(serializers.Serializer):
    """One row of the 自评表, replaced whole (PUT): a field left out is emptied, as on the
    page. ``revision`` is the application's revision the client read: a save built on an
    older one is refused (409 ``stale``)."""

    revision = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    not_applicable = StrictBooleanField(required=False, default=False)
    met = StrictBooleanField(required=False, allow_null=True, default=None)
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, default=None
    )
    value = serializers.DecimalField(
        max_digits=20, decimal_places=6, required=False, allow_null=True, default=None
    )
    explanation = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, default=""
    )


class PerformanceYearSerializer(serializers.ModelSerializer):
    """One year of performance data: the page's fields, and the energy used per carrier of the
    batch's coefficient table (its keys), with the measured heat content (MJ per unit) of the
    carriers that take one."""

    energy = serializers.DictField(
        child=serializers.DecimalField(max_digits=18, decimal_places=4, min_value=0),
        required=False,
        default=dict,
    )
    heat_content = serializers.DictField(
        child=serializers.DecimalField(max_digits=14, decimal_places=4, min_value=0),
        required=False,
        default=dict,
    )

    class Meta:
        model = PerformanceYear
        fields = ["year", *PerformanceYearForm.Meta.fields, "energy", "heat_content"]
        read_only_fields = ["year"]


class PerformanceYearInputSerializer(PerformanceYearSerializer):
    """Replaced whole (PUT): a field left out is emptied, as on the page. ``revision`` as for
    a 自评表 row."""

    revision = serializers.IntegerField(min_value=0, max_value=2**31 - 1)

    class Meta(PerformanceYearSerializer.Meta):
        fields = ["revision", *PerformanceYearForm.Meta.fields, "energy", "heat_content"]
        read_only_fields = []


class DistrictDecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=DecisionStep.values)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class TitleSerializer(serializers.Serializer):
    code = serializers.CharField()
    enterprise = EnterpriseRefSerializer()
    district = serializers.CharField(source="enterprise.district.code")
    programme = serializers.ChoiceField(choices=Programme.choices)
    level = serializers.ChoiceField(choices=TitleLevel.choices)
    grade = serializers.ChoiceField(
        choices=TitleGrade.choices,
        allow_blank=True,
        help_text="zero or near_zero for a zero-carbon title; empty for a green factory's.",
    )
    name = serializers.CharField(
        source="proper_name", help_text="The title's name as printed: 常州市近零碳工厂, …"
    )
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=TitleStatus.choices)
    certificate_number = serializers.CharField(allow_null=True)
    issued_on = serializers.DateField()
    valid_until = serializers.DateField(
        allow_null=True, help_text="Due for re-evaluation by; null: stands until revoked."
    )


class VerificationSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["valid", "lapsed", "not_yet", "revoked"])
    in_force = serializers.BooleanField(source="standing.in_force")
    reason = serializers.CharField(source="standing.reason")
    number = serializers.CharField()
    title = TitleSerializer()


class LedgerEntrySerializer(serializers.Serializer):
    code = serializers.CharField()
    enterprise = EnterpriseRefSerializer()
    district = serializers.CharField(source="enterprise.district.code")
    level = serializers.ChoiceField(choices=TitleLevel.choices)
    year = serializers.IntegerField()
    certificate_number = serializers.CharField(source="title.certificate_number", allow_null=True)
    rate_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    deducted = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount_due = serializers.DecimalField(max_digits=12, decimal_places=2)
    status = serializers.CharField()


class NoticeSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    batch = serializers.CharField(source="batch.code")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    state = serializers.ChoiceField(choices=NoticeState.choices)
    open_for_objections = serializers.BooleanField()


class NoticeEntrySerializer(serializers.Serializer):
    position = serializers.IntegerField()
    enterprise_name = serializers.CharField()
    district_name = serializers.CharField()
    industry_name = serializers.CharField()
    score = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        allow_null=True,
        source="public_score",
        help_text="Null unless the notice publishes the scores.",
    )
    removed = serializers.BooleanField()
    removed_reason = serializers.CharField(allow_blank=True)


class NoticeDetailSerializer(NoticeSerializer):
    body = serializers.CharField()
    how_to_object = serializers.CharField()
    publish_scores = serializers.BooleanField(
        help_text="False: the list is by district and name, in no order of rank (排名不分先后)."
    )
    bureau_contact = serializers.CharField(
        allow_blank=True, help_text="The bureau's contact for objections."
    )
    discipline_contact = serializers.CharField(
        allow_blank=True, help_text="The discipline-inspection (纪检监察) contact."
    )
    entries = NoticeEntrySerializer(many=True, source="listed")
