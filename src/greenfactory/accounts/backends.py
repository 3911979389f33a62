from django.contrib.auth.backends import ModelBackend

from .models import User
from .sessions import session_account


class AccountBackend(ModelBackend):
    """Password login, with the account's scope loaded in the same query.

    It grants no permission itself: every permission comes from the ``rules`` predicates, so a
    ``is_superuser`` flag confers nothing and the three administrators stay separated.
    """

    def get_user(self, user_id):
        """The account read with the request's session (``accounts.sessions``) when it is the
        one asked for, else read now; either way refused when inactive. Django's
        ``auth.get_user`` then checks the session's password hash against it."""
        user = session_account.get()
        if user is None or str(user.pk) != str(user_id):
            try:
                user = User.objects.select_related("region", "enterprise", "agency").get(pk=user_id)
            except User.DoesNotExist:
                return None
        return user if self.user_can_authenticate(user) else None

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_all_permissions(self, user_obj, obj=None):
        return set()
