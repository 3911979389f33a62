"""Opaque codes for URLs: objects are never addressed by their database id."""

import secrets

# Crockford-style alphabet: no I, L, O, U, so codes read aloud or retyped stay unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Each random byte read as one of the 32 characters: 256 is a multiple of 32, so every
# character is equally likely, as with one ``secrets.choice`` per character, at one read of the
# system's random source per code instead of one per character (decisions §109).
_BYTE_TO_CHARACTER = bytes(ord(ALPHABET[byte % len(ALPHABET)]) for byte in range(256))


def new_code(length: int = 10) -> str:
    return secrets.token_bytes(length).translate(_BYTE_TO_CHARACTER).decode("ascii")
