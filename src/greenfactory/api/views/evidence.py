"""Evidence files of an application (佐证材料): listed and downloaded by whoever sees the
application, uploaded and removed by the enterprise (and its authorised agency) while the
application is theirs to change — through the evidence page's form, its upload checks
(size, content, virus scan) and its domain functions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from greenfactory.applications.domain.drafts import add_evidence, remove_evidence
from greenfactory.applications.forms import EvidenceUploadForm
from greenfactory.core.downloads import stored_attachment
from greenfactory.core.uploads import EVIDENCE_TYPES
from greenfactory.programme.enums import IndicatorKind

from ..errors import ApiError
from ..pagination import CodeCursorPagination
from ..serializers.files import EvidenceSerializer, EvidenceUploadSerializer
from .applications import _load
from .common import form_invalid
from .files import FileDownload, file_responses

UPLOAD_FIELDS = {"file", "kind", "indicator"}


def _files(application):
    return application.evidence_files.select_related("indicator")


class EvidenceList(generics.ListAPIView):
    serializer_class = EvidenceSerializer
    pagination_class = CodeCursorPagination
    parser_classes = [MultiPartParser]

    @extend_schema(tags=["applications"], summary="The application's evidence files")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _files(_load(self.request, self.kwargs["code"]))

    @extend_schema(
        tags=["applications"],
        summary="Upload an evidence file (multipart/form-data)",
        description=(
            "The evidence page's form and checks: at most the file size limit, a PDF, image, "
            "Word or Excel file by its content, scanned for viruses (400 ``invalid`` with the "
            "reason under ``file``); the application's total is limited (409 ``refused``). "
            "``indicator`` is the code of one of the application's indicators."
        ),
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer},
    )
    def post(self, request, code):
        application = _load(request, code)
        if not request.user.has_perm("applications.change_application", application):
            raise PermissionDenied
        unknown = sorted((set(request.data) | set(request.FILES)) - UPLOAD_FIELDS)
        if unknown:
            raise ApiError("unknown_field", {"fields": unknown})
        indicators = application.batch.indicator_system.indicators.exclude(kind=IndicatorKind.GROUP)
        data = {"kind": request.data.get("kind", "")}
        chosen = request.data.get("indicator", "")
        if chosen:
            found = indicators.filter(code=chosen).first()
            if found is None:
                raise ApiError("invalid", {"indicator": [_no_indicator(chosen)]})
            data["indicator"] = str(found.pk)
        form = EvidenceUploadForm(data, request.FILES, indicators=indicators)
        if not form.is_valid():
            raise form_invalid(form)
        try:
            added = add_evidence(
                application,
                actor=request.user,
                upload=form.cleaned_data["file"],
                indicator=form.cleaned_data["indicator"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            raise ApiError("invalid", {"file": [str(m) for m in error.messages]}) from error
        added.indicator = form.cleaned_data["indicator"]
        return Response(EvidenceSerializer(added).data, status=status.HTTP_201_CREATED)


def _no_indicator(code) -> str:
    return _("The application's indicator system has no indicator “%(code)s”.") % {"code": code}


class EvidenceItem(FileDownload, APIView):
    @extend_schema(
        tags=["applications"],
        summary="Download an evidence file",
        description="As the evidence page: whoever sees the application.",
        responses=file_responses(*dict.fromkeys(t.content_type for t in EVIDENCE_TYPES)),
    )
    def get(self, request, code, file_code):
        return stored_attachment(
            _files(_load(request, code)),
            code=file_code,
            action="applications.evidence.downloaded",
            actor=request.user,
        )

    @extend_schema(
        tags=["applications"],
        summary="Remove an evidence file",
        description=(
            "As the evidence page's remove button: the enterprise, while the application is "
            "theirs to change; files of a submitted version stay (409 ``refused``)."
        ),
        request=None,
        responses={204: None},
    )
    def delete(self, request, code, file_code):
        application = _load(request, code)
        item = get_object_or_404(_files(application), code=file_code)
        if not request.user.has_perm("applications.change_application", application):
            raise PermissionDenied
        remove_evidence(item, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
