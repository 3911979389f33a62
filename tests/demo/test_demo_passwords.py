from django.contrib.auth.hashers import check_password

from greenfactory.accounts.models import User
from greenfactory.demo.passwords import one_hash_per_password, unknown_password


def test_each_password_is_hashed_once_inside_the_block_and_salted_anew_outside():
    first, second, third = (User(username=name) for name in ("a", "b", "c"))
    with one_hash_per_password():
        first.set_password("Demo-Password-2026")
        second.set_password("Demo-Password-2026")
        third.set_password(unknown_password())
    assert first.password == second.password
    assert third.password != first.password
    assert check_password("Demo-Password-2026", first.password)
    assert check_password(unknown_password(), third.password)
    assert first.password_changed_at is not None
    # Outside the block every hash has its own salt again.
    second.set_password("Demo-Password-2026")
    assert second.password != first.password
    assert check_password("Demo-Password-2026", second.password)
