"""What the API's downloads share: a stored file is handed over as the page hands it over
(``core.downloads.attachment``), and every refusal before it is JSON whatever the client's
``Accept`` header asks for."""

from drf_spectacular.types import OpenApiTypes


class FileDownload:
    """An APIView mixin for an endpoint that answers with a file: content negotiation never
    refuses (the file is not rendered), so errors stay in the API's JSON shape."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


def file_responses(*content_types) -> dict:
    """The schema's 200 answers of a download: the file, in each of its possible types."""
    return {(200, content_type): OpenApiTypes.BINARY for content_type in content_types}
