"""Applications: read what the role may see; the enterprise saves 自评表 rows and submits; the
district bureau decides. Every write goes through the domain function the pages call, after
the same permission check and the same form."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.applications.domain.answers import answer_fields
from greenfactory.applications.domain.drafts import save_performance_year, save_self_evaluation
from greenfactory.applications.domain.figures import self_score
from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.applications.domain.submission import submit_application
from greenfactory.applications.forms import PerformanceYearForm, SelfEvaluationForm
from greenfactory.applications.models import PerformanceYear
from greenfactory.core.domain.workflow import check_move
from greenfactory.programme.enums import IndicatorKind
from greenfactory.reviews.domain.district import (
    decide_application,
    decision_target,
)
from greenfactory.reviews.models import ExpertResult

from ..errors import ApiError
from ..pagination import CodeCursorPagination
from ..serializers import (
    AnswerSerializer,
    ApplicationDetailSerializer,
    ApplicationSerializer,
    DistrictDecisionInputSerializer,
    PerformanceYearInputSerializer,
    PerformanceYearSerializer,
    SelfEvaluationInputSerializer,
)
from .common import form_invalid, read_body

# The API's names of a 自评表 row's fields, and the names the page's form gives them.
FORM_NAMES = {
    "not_applicable": "na",
    "met": "met",
    "score": "score",
    "value": "value",
    "explanation": "explanation",
}


def _load(request, code):
    return get_object_or_404(applications_visible_to(request.user), code=code)


@extend_schema(tags=["applications"], summary="Applications the user can see")
class ApplicationList(generics.ListAPIView):
    serializer_class = ApplicationSerializer
    pagination_class = CodeCursorPagination

    def get_queryset(self):
        return applications_visible_to(self.request.user)


def _detail(request, application) -> dict:
    answers = list(application.self_evaluations.select_related("indicator"))
    answers.sort(key=lambda row: (row.indicator.position, row.indicator.pk))
    application.self_evaluation = answers
    application.self_score = self_score(application).total
    application.expert_score = None
    if request.user.has_perm("reviews.view_expert_review"):
        result = ExpertResult.objects.filter(application=application).first()
        application.expert_score = result.score if result else None
    return ApplicationDetailSerializer(application).data


@extend_schema(tags=["applications"], summary="One application with its 自评表 and scores")
class ApplicationDetail(APIView):
    serializer_class = ApplicationDetailSerializer

    def get(self, request, code):
        return Response(_detail(request, _load(request, code)))


class SelfEvaluationRow(APIView):
    """PUT one row of the 自评表, as the page's autosave does (``save_self_evaluation``)."""

    @extend_schema(
        tags=["applications"],
        summary="Save one row of the 自评表",
        request=SelfEvaluationInputSerializer,
        responses=inline_serializer(
            "SelfEvaluationSaved",
            {"revision": serializers.IntegerField(), "answer": AnswerSerializer()},
        ),
    )
    def put(self, request, code, indicator):
        application = _load(request, code)
        if not request.user.has_perm("applications.change_application", application):
            raise PermissionDenied
        row = get_object_or_404(
            application.batch.indicator_system.indicators.exclude(kind=IndicatorKind.GROUP),
            code=indicator,
        )
        data = read_body(request, SelfEvaluationInputSerializer)
        fields = answer_fields(row)
        foreign = sorted(name for name in FORM_NAMES if name in request.data and name not in fields)
        if foreign:
            raise ApiError("unknown_field", {"fields": foreign})
        form = SelfEvaluationForm(_form_data(row, data), indicators=[row], answers={}, initial={})
        if not form.is_valid():
            names = {f"{web}_{row.pk}": api for api, web in FORM_NAMES.items()}
            raise form_invalid(form, lambda name: names.get(name, name))
        saved = save_self_evaluation(
            application,
            actor=request.user,
            answers=form.answers(),
            revision=form.cleaned_data["revision"],
        )
        answer = saved.self_evaluations.select_related("indicator").get(indicator=row)
        return Response({"revision": saved.revision, "answer": AnswerSerializer(answer).data})


def _form_data(row, data) -> dict:
    """The body as the page's form would post it."""
    key = row.pk
    post = {"revision": str(data["revision"])}
    if data["not_applicable"]:
        post[f"na_{key}"] = "on"
    if data["met"] is not None:
        post[f"met_{key}"] = "yes" if data["met"] else "no"
    for name in ("score", "value"):
        if data[name] is not None:
            post[f"{name}_{key}"] = str(data[name])
    post[f"explanation_{key}"] = data["explanation"]
    return post


class PerformanceYearData(APIView):
    """PUT one year of performance data, as the page does (``save_performance_year``, which
    also refills the computed values of the 自评表)."""

    @extend_schema(
        tags=["applications"],
        summary="Save one year of performance data",
        request=PerformanceYearInputSerializer,
        responses=inline_serializer(
            "PerformanceYearSaved",
            {"revision": serializers.IntegerField(), "performance": PerformanceYearSerializer()},
        ),
    )
    def put(self, request, code, year):
        application = _load(request, code)
        if not request.user.has_perm("applications.change_application", application):
            raise PermissionDenied
        batch = application.batch
        if year not in range(batch.year - 3, batch.year):
            raise Http404
        data = read_body(request, PerformanceYearInputSerializer)
        carriers = list(batch.coefficient_table.carriers.all())
        foreign = sorted(set(data["energy"]) - {carrier.key for carrier in carriers})
        if foreign:
            raise ApiError("unknown_field", {"energy": foreign})
        measurable = {carrier.key for carrier in carriers if carrier.heat_content_measurable}
        foreign = sorted(set(data["heat_content"]) - measurable)
        if foreign:
            raise ApiError("unknown_field", {"heat_content": foreign})
        post = {"revision": str(data["revision"])}
        for name in PerformanceYearForm.Meta.fields:
            value = data.get(name)
            post[name] = "" if value is None else str(value)
        for key, value in data["energy"].items():
            post[f"energy_{key}"] = str(value)
        for key, value in data["heat_content"].items():
            post[f"heat_content_{key}"] = str(value)
        record = PerformanceYear(application=application, year=year)
        form = PerformanceYearForm(post, instance=record, carriers=carriers)
        if not form.is_valid():
            raise form_invalid(
                form,
                lambda name: name.replace("energy_", "energy.", 1).replace(
                    "heat_content_", "heat_content.", 1
                ),
            )
        saved = save_performance_year(
            application,
            actor=request.user,
            year=year,
            data=form.data_dict(),
            revision=form.cleaned_data["revision"],
        )
        stored = saved.performance_years.get(year=year)
        return Response(
            {"revision": saved.revision, "performance": PerformanceYearSerializer(stored).data}
        )


class ApplicationSubmit(APIView):
    @extend_schema(
        tags=["applications"],
        summary="Submit the application (submit_application)",
        description="Refused with 409 ``refused`` and every problem in ``detail.problems``.",
        request=None,
        responses=ApplicationSerializer,
    )
    def post(self, request, code):
        application = _load(request, code)
        if not request.user.has_perm("applications.submit_application", application):
            raise PermissionDenied
        read_body(request, serializers.Serializer)
        submitted = submit_application(application, actor=request.user)
        return Response(ApplicationSerializer(submitted).data)


class DistrictDecision(APIView):
    @extend_schema(
        tags=["reviews"],
        summary="The district bureau's decision: recommend, return or reject",
        description=(
            "The same transitions as the pre-review page. Return and reject need a reason; "
            "an incomplete checklist is refused with 409 and every problem."
        ),
        request=DistrictDecisionInputSerializer,
        responses=ApplicationSerializer,
    )
    def post(self, request, code):
        application = _load(request, code)
        asked = request.data.get("decision") if isinstance(request.data, dict) else None
        check_move(request.user, application, decision_target(asked))
        data = read_body(request, DistrictDecisionInputSerializer)
        decided = decide_application(
            application, actor=request.user, decision=data["decision"], reason=data["reason"]
        )
        return Response(ApplicationSerializer(decided).data)
