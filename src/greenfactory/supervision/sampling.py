"""The spot-check draw (抽检抽样): a procedure anyone can repeat from what is published.

Method ``sha256-v1``, stated in full so that it can be redone with any SHA-256 tool or a
spreadsheet:

1. Each title in the cohort has a ticket: its certificate number (the title's code when it has
   none) and a stratum (its district's code when the draw is stratified, otherwise one stratum).
2. Each ticket's digest is the SHA-256 of the UTF-8 text ``<seed>:<ticket>``, in lower-case hex.
3. Without strata, the sample is the ``n`` tickets with the smallest digests.
4. With strata, each stratum first gets ``floor(n × size / cohort)`` places; the places left
   over go one each to the strata with the largest remainders (ties: the smaller stratum code
   first). Within each stratum the tickets with the smallest digests are taken.

Nothing here touches the database: the rule is pure, and the round stores its cohort with every
digest, so the published list can be checked line by line.
"""

import hashlib
from dataclasses import dataclass
from fractions import Fraction

METHOD = "sha256-v1"


@dataclass(frozen=True)
class Ticket:
    key: str
    stratum: str = ""


def digest(seed: str, key: str) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Places per stratum: proportional to the stratum's size, largest remainders first."""
    total = sum(sizes.values())
    if n > total:
        raise ValueError("sample larger than cohort")
    if total == 0:
        return dict.fromkeys(sizes, 0)
    shares = {stratum: Fraction(n * size, total) for stratum, size in sizes.items()}
    places = {stratum: int(share) for stratum, share in shares.items()}
    left = n - sum(places.values())
    by_remainder = sorted(shares, key=lambda s: (-(shares[s] - places[s]), s))
    for stratum in by_remainder[:left]:
        places[stratum] += 1
    return places


def draw(tickets: list[Ticket], *, seed: str, n: int, stratified: bool) -> list[Ticket]:
    """The sample of ``n`` tickets, ordered by stratum then digest. Raises ValueError when
    ``n`` exceeds the cohort or a ticket appears twice."""
    keys = [ticket.key for ticket in tickets]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate ticket")
    if n > len(tickets):
        raise ValueError("sample larger than cohort")
    ordered = sorted(tickets, key=lambda t: (digest(seed, t.key), t.key))
    if not stratified:
        return ordered[:n]
    strata: dict[str, list[Ticket]] = {}
    for ticket in ordered:
        strata.setdefault(ticket.stratum, []).append(ticket)
    places = allocate({stratum: len(members) for stratum, members in strata.items()}, n)
    sample = []
    for stratum in sorted(strata):
        sample.extend(strata[stratum][: places[stratum]])
    return sample


def sample_size(cohort: int, *, count: int | None, ratio) -> int:
    """The number to draw: a count, or a ratio of the cohort rounded up (at least one when the
    cohort is not empty)."""
    if count is not None:
        return count
    if cohort == 0:
        return 0
    exact = Fraction(str(ratio)) * cohort
    whole = int(exact)
    return max(1, whole + (1 if exact > whole else 0))
