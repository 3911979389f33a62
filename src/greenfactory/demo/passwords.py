"""The demo's passwords: each distinct password hashed once per load.

The demo sets its one printed password on about thirty logins (and again on the demo logins at
the end of every load), and gives the other accounts a password nobody is told. With the
platform's hasher (Argon2 at Django's cost, about 0.3 s of CPU a hash here) the hundred hashes
were most of ``make demo``'s load (decisions §113). Every account still has a usable, salted
Argon2 hash of its password, made by Django's own ``make_password``; accounts with the same
password share the hash made for it in that load.
"""

from contextlib import contextmanager
from functools import cache

from django.contrib.auth import base_user

from greenfactory.accounts.domain.accounts import issue_password


@cache
def unknown_password() -> str:
    """The password of the demo's accounts that have no printed login (the other enterprises,
    the districts' extra officers, the pool experts): random, never shown, one per process."""
    return issue_password()


@contextmanager
def one_hash_per_password():
    """Within the block, ``set_password`` hashes each distinct password once and gives every
    account with that password the same hash. The demo loads in one thread; the hasher, its
    cost and the hash's form are unchanged."""
    original = base_user.make_password
    made = {}

    def make_password(password, salt=None, hasher="default"):
        if not isinstance(password, str) or salt is not None or hasher != "default":
            return original(password, salt, hasher)
        if password not in made:
            made[password] = original(password)
        return made[password]

    base_user.make_password = make_password
    try:
        yield
    finally:
        base_user.make_password = original
