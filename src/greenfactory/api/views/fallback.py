from django.http import JsonResponse

from ..errors import error_body


def not_found(request, path=""):
    """Any address under /api/v1/ that names no endpoint: a JSON 404, not the HTML page."""
    return JsonResponse(error_body("not_found"), status=404)
