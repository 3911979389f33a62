"""The API's documentation page: Swagger UI from our own static files, its start script a
separate file, so the page holds under the platform's CSP (no inline script or style)."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocs(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    authentication_classes = []
