"""The city bureau's steps on a batch's public notice (公示), as the notice page takes them:
publishing the decided list through the page's ``PublishNoticeForm`` and ``publish_notice``,
closing it with ``close_notice``."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.recognition.domain.notice import close_notice, publish_notice
from greenfactory.recognition.forms.notice import PublishNoticeForm, notice_defaults
from greenfactory.recognition.models import PublicNotice
from greenfactory.recognition.views.city.common import city_batch

from ..serializers import NoticeDetailSerializer, NoticeSerializer
from ..serializers.objections import NoticePublishInputSerializer
from .common import form_invalid, read_body
from .public import notice_detail

REFUSALS = (
    "Who sees the batch but may not take the step: 403. A step the notice's rules refuse "
    "(no decision yet, already published, period not over, an objection still open): 409 "
    "``refused`` with the reason."
)


class NoticePublish(APIView):
    @extend_schema(
        tags=["recognition"],
        summary="Publish the public notice of the decided list",
        description=(
            "The notice page's form and step (publish_notice): the city officers of the "
            "batch's region, once the party group's decision is recorded. The period's length "
            "and kind are the batch's; a start in the past is refused (400). The listed "
            f"enterprises' e-mails are held in the outbox until released on the page. {REFUSALS}"
        ),
        request=NoticePublishInputSerializer,
        responses={201: NoticeDetailSerializer},
    )
    def post(self, request, code):
        batch = city_batch(request, code, "recognition.publish_notice")
        data = read_body(request, NoticePublishInputSerializer)
        texts = {**notice_defaults(batch), **data}
        form = PublishNoticeForm({**texts, "starts_on": data["starts_on"].isoformat()})
        if not form.is_valid():
            raise form_invalid(form)
        notice = publish_notice(batch, actor=request.user, **form.cleaned_data)
        return Response(notice_detail(notice), status=status.HTTP_201_CREATED)


class NoticeClose(APIView):
    @extend_schema(
        tags=["recognition"],
        summary="Close the public notice",
        description=(
            "The notice page's step (close_notice): the city officers of the batch's region, "
            f"after the period and once every objection is decided. {REFUSALS}"
        ),
        request=None,
        responses=NoticeSerializer,
    )
    def post(self, request, code):
        batch = city_batch(request, code, "recognition.close_notice")
        notice = close_notice(get_object_or_404(PublicNotice, batch=batch), actor=request.user)
        notice.open_for_objections = False
        return Response(NoticeSerializer(notice).data)
