from django.contrib.auth.backends import ModelBackend

from .models import User


class AccountBackend(ModelBackend):
    """Password login, with the account's scope loaded in the same query.

    It grants no permission itself: every permission comes from the ``rules`` predicates, so a
    ``is_superuser`` flag confers nothing and the three administrators stay separated.
    """

    def get_user(self, user_id):
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
