"""Objections (异议) to a public notice: anyone sends one, as on the notice's objection form
(its fields, limits, attachment checks and rate limit per address); the city officers of the
batch's region list a notice's objections and take the objection page's steps — start the
investigation, decide — through ``recognition.domain.objections``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from django_ratelimit.core import is_ratelimited
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.core.context import client_ip
from greenfactory.programme.domain.queries import batches_visible_to
from greenfactory.recognition.domain.notice_queries import (
    notices_for_public,
    objections_visible_to,
)
from greenfactory.recognition.domain.objections import (
    decide_objection,
    investigate_objection,
    submit_objection,
)
from greenfactory.recognition.forms.notice import DecideForm, InvestigateForm
from greenfactory.recognition.models import Objection, PublicNotice
from greenfactory.recognition.views.public import OBJECTION_RATE

from ..errors import ApiError
from ..forms import ApiObjectionForm
from ..pagination import CodeCursorPagination
from ..parsers import LimitedJSONParser
from ..serializers.objections import (
    InvestigateInputSerializer,
    ObjectionDecisionInputSerializer,
    ObjectionInputSerializer,
    ObjectionReceiptSerializer,
    ObjectionSerializer,
    ObjectionUploadSerializer,
)
from .common import form_invalid, read_body


def _objections(user):
    return objections_visible_to(user).prefetch_related("attachments")


class NoticeObjections(generics.ListAPIView):
    serializer_class = ObjectionSerializer
    pagination_class = CodeCursorPagination
    parser_classes = [LimitedJSONParser, MultiPartParser]

    def get_authenticators(self):
        if getattr(self.request, "method", None) == "POST":
            return []
        return super().get_authenticators()

    def get_permissions(self):
        if getattr(self.request, "method", None) == "POST":
            return [AllowAny()]
        return super().get_permissions()

    @extend_schema(
        tags=["recognition"],
        summary="The objections to a notice",
        description="The city officers of the batch's region, as on the notice's page.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        notice = get_object_or_404(
            PublicNotice.objects.filter(batch__in=batches_visible_to(user)),
            code=self.kwargs["code"],
        )
        if not user.has_perm("recognition.handle_objection", notice.batch):
            raise PermissionDenied
        return _objections(user).filter(notice=notice)

    @extend_schema(
        tags=["public"],
        summary="Send an objection to a factory on the notice (no login)",
        description=(
            "The objection form's fields and checks, as JSON or, with files, as "
            "multipart/form-data: at most 3 attachments, PDF, PNG or JPEG by their content, "
            "10 MB each (400 ``invalid`` under ``attachments``). Refused with 409 while the "
            "notice is not open or the factory is no longer listed. At most 5 objections an "
            "hour from one address, the form's and the API's together (429). The form's "
            "hidden trap field and time stamp do not apply (decisions §42)."
        ),
        auth=[],
        request={
            "application/json": ObjectionInputSerializer,
            "multipart/form-data": ObjectionUploadSerializer,
        },
        responses={201: ObjectionReceiptSerializer},
    )
    def post(self, request, code):
        notice = get_object_or_404(notices_for_public(), code=code)
        if is_ratelimited(
            request._request,
            group="objection",
            key="ip",
            rate=OBJECTION_RATE,
            increment=True,
        ):
            raise ApiError("rate_limited")
        multipart = request.content_type.startswith("multipart/")
        data = read_body(
            request, ObjectionUploadSerializer if multipart else ObjectionInputSerializer
        )
        form = ApiObjectionForm(
            {name: str(data[name]) for name in ("entry", "name", "contact", "reason")},
            MultiValueDict({"attachments": list(data.get("attachments", []))}),
            notice=notice,
        )
        if not form.is_valid():
            raise form_invalid(form)
        cleaned = form.cleaned_data
        try:
            objection = submit_objection(
                notice,
                entry=cleaned["entry"],
                name=cleaned["name"],
                contact=cleaned["contact"],
                reason=cleaned["reason"],
                attachments=cleaned["attachments"],
                client_ip=client_ip(request._request),
            )
        except ValidationError as error:
            raise ApiError("invalid", {"attachments": [str(m) for m in error.messages]}) from error
        return Response(ObjectionReceiptSerializer(objection).data, status=status.HTTP_201_CREATED)


def _handled(request, code):
    objection = get_object_or_404(objections_visible_to(request.user), code=code)
    if not request.user.has_perm("recognition.handle_objection", objection.notice.batch):
        raise PermissionDenied
    return objection


def _shown(objection) -> dict:
    fresh = (
        Objection.objects.select_related("notice", "entry")
        .prefetch_related("attachments")
        .get(pk=objection.pk)
    )
    return ObjectionSerializer(fresh).data


class ObjectionInvestigate(APIView):
    @extend_schema(
        tags=["recognition"],
        summary="Start investigating an objection, with what will be checked",
        description="The objection page's step; a step out of order is refused (409).",
        request=InvestigateInputSerializer,
        responses=ObjectionSerializer,
    )
    def post(self, request, code):
        objection = _handled(request, code)
        data = read_body(request, InvestigateInputSerializer)
        form = InvestigateForm({"note": data["note"]})
        if not form.is_valid():
            raise form_invalid(form)
        done = investigate_objection(objection, actor=request.user, note=form.cleaned_data["note"])
        return Response(_shown(done))


class ObjectionDecision(APIView):
    @extend_schema(
        tags=["recognition"],
        summary="Decide an objection under investigation: uphold or dismiss",
        description=(
            "The objection page's form and step (decide_objection): what the investigation "
            "found and the reason are required (400); upheld, the factory is struck from the "
            "notice's list. An objection not under investigation is refused (409)."
        ),
        request=ObjectionDecisionInputSerializer,
        responses=ObjectionSerializer,
    )
    def post(self, request, code):
        objection = _handled(request, code)
        data = read_body(request, ObjectionDecisionInputSerializer)
        form = DecideForm(dict(data), objection=objection)
        if not form.is_valid():
            raise form_invalid(form)
        done = decide_objection(objection, actor=request.user, **form.cleaned_data)
        return Response(_shown(done))
