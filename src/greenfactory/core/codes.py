"""Opaque codes for URLs: objects are never addressed by their database id."""

import secrets

# Crockford-style alphabet: no I, L, O, U, so codes read aloud or retyped stay unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_code(length: int = 10) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
