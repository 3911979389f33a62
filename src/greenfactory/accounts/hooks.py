"""What the apps above ``accounts`` may hook into.

``credentials_changed`` is sent inside the transaction of every event after which a credential
issued before it must no longer work: a password reset by the system administrator, the user's
own password change, a deactivation, a change of role or scope. Sessions are ended by
``accounts`` itself; the API's tokens by the receiver ``api`` connects, so a token never
outlives the password, the role or the account it was issued under. Arguments: ``user``,
``actor``, ``reason`` (``password_reset``, ``password_changed``, ``deactivated``,
``role_changed``).
"""

from django.dispatch import Signal

credentials_changed = Signal()
