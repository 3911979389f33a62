"""What the city bureau's recognition pages share."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from greenfactory.programme.domain.queries import batches_visible_to


def city_batch(request, batch_code, permission="recognition.view_ranking"):
    """The batch of a recognition step: 404 for who cannot see it, 403 for who may not act."""
    batch = get_object_or_404(batches_visible_to(request.user), code=batch_code)
    if not request.user.has_perm(permission, batch):
        raise PermissionDenied
    return batch
