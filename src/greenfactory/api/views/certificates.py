"""A title's certificate PDF (证书), for whom the titles page hands it to."""

from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from greenfactory.titles.views.enterprise import certificate_file

from .files import FileDownload, file_responses


class TitleCertificate(FileDownload, APIView):
    @extend_schema(
        tags=["recognition"],
        summary="The certificate PDF of a title",
        description=(
            "As on the titles page: the city officers of the region and the title's own "
            "enterprise; 404 until the certificate has been generated. Anyone can check a "
            "certificate's number with ``/api/v1/verify/{number}/``."
        ),
        responses=file_responses("application/pdf"),
    )
    def get(self, request, code):
        return certificate_file(request.user, code)
