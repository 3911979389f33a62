from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from ..errors import error_body


@csrf_exempt
def not_found(request, path=""):
    """Any address under /api/v1/ that names no endpoint: a JSON 404, not the HTML page (nor
    the HTML 403 of Django's CSRF check for a write: nothing is changed here)."""
    return JsonResponse(error_body("not_found"), status=404)
