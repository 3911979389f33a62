"""Who may hold API tokens. The administrators' work is done on the pages alone, and the API
offers them nothing, so they get no key that could outlive their session. The security
administrator sees and revokes anyone's tokens (never their keys)."""

import rules

from greenfactory.accounts.rules import is_administrator, is_security_admin


@rules.predicate
def is_active_user(user):
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_own_token(user, token):
    return token is not None and token.user_id == user.pk


rules.add_perm("api.issue_token", is_active_user & ~is_administrator)
rules.add_perm("api.revoke_token", is_active_user & (is_own_token | is_security_admin))
rules.add_perm("api.view_all_tokens", is_active_user & is_security_admin)
