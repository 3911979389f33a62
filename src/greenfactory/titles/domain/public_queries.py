"""What the public site reads: the list of green factories, one factory's titles, the
verification of a certificate number and the open data. No login needed, so
nothing here depends on a user.

Verification: ``verify_number`` trims and upper-cases the number and keeps 64 characters at
most. A number failing the pattern or its check character is *malformed*, answered without a
query; otherwise it is *unknown* (never issued), or answered by the title's standing
(``validity.title_standing``): *valid* (in force: also under spot check or rectifying, with
its status), *revoked*, *lapsed* (its level's re-evaluation was due and did not pass) or
*not_yet*. The list, the factory's page and the open data read the same rule.
The pages answer unknown and malformed numbers alike, with status 404.

A certificate PDF can be verified too (``verify_certificate_file``): its signature is checked
first (``certificate_signing.check_certificate_pdf``); only a genuine, unchanged file has its
certificate number, read from the signed file, looked up as above, so a revoked title shows
revoked whatever the file says. Nothing of the file is kept.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from greenfactory.accounts.enums import RegionLevel
from greenfactory.accounts.models import Enterprise, Region
from greenfactory.accounts.scope import inside

from ..certificates import normalise_number, parse_number
from ..models import Title
from .certificate_signing import SignatureCheck, check_certificate_pdf
from .validity import Standing, in_force_q, title_standing


def held_titles() -> QuerySet[Title]:
    """The titles in force today (``validity.in_force_q``)."""
    return Title.objects.filter(in_force_q())


def factories(
    *,
    year=None,
    district: str = "",
    industry: str = "",
    level: str = "",
    name: str = "",
    programme: str = "",
) -> QuerySet[Enterprise]:
    """Enterprises holding a title that matches the filters, each with its held titles in
    ``held`` (newest first; of ``programme`` only when that filter is given). ``district`` is a
    region code, ``industry`` a GB/T 4754 section letter or division number."""
    titles = held_titles()
    if programme:
        titles = titles.filter(programme=programme)
    if year:
        titles = titles.filter(year=year)
    if level:
        titles = titles.filter(level=level)
    enterprises = Enterprise.objects.filter(pk__in=titles.values("enterprise_id"))
    if district:
        enterprises = enterprises.filter(district__code=district)
    if industry:
        field = "industry__parent__code" if industry.isalpha() else "industry__code"
        enterprises = enterprises.filter(**{field: industry})
    if name:
        enterprises = enterprises.filter(name__icontains=name.strip())
    return (
        enterprises.select_related("district", "industry")
        .prefetch_related(
            Prefetch(
                "titles",
                queryset=(
                    held_titles().filter(programme=programme) if programme else held_titles()
                ).order_by("-year", "level", "pk"),
                to_attr="held",
            )
        )
        .order_by("name", "pk")
    )


def platform_districts() -> QuerySet[Region]:
    """The districts (辖市区) of the platform's own region, for the filters."""
    root = Region.objects.filter(code=settings.PLATFORM_REGION_CODE).first()
    districts = Region.objects.filter(level=RegionLevel.DISTRICT)
    if root is not None:
        districts = districts.filter(inside(root))
    return districts.order_by("code")


def title_years() -> list[int]:
    return list(held_titles().order_by("-year").values_list("year", flat=True).distinct())


def factory_with_titles(code: str) -> Enterprise | None:
    """An enterprise's public page: all its titles, revoked ones included (shown as revoked).
    None when the enterprise holds or held no title at all."""
    enterprise = (
        Enterprise.objects.select_related("district", "industry")
        .prefetch_related(
            Prefetch(
                "titles",
                queryset=Title.objects.select_related("batch").order_by("-year", "level", "pk"),
                to_attr="all_titles",
            )
        )
        .filter(code=code)
        .first()
    )
    if enterprise is None or not enterprise.all_titles:
        return None
    return enterprise


@dataclass(frozen=True)
class Verification:
    """The answer to "is this certificate genuine?"."""

    VALID = "valid"
    LAPSED = Standing.LAPSED
    NOT_YET = Standing.NOT_YET
    REVOKED = Standing.REVOKED
    UNKNOWN = "unknown"
    MALFORMED = "malformed"

    outcome: str
    number: str
    title: Title | None = None
    standing: Standing | None = None

    @property
    def found(self) -> bool:
        return self.title is not None


def verify_number(text: str, today=None) -> Verification:
    """Look a certificate number up. A malformed number (bad pattern or check character) is
    answered without touching the database."""
    number = normalise_number(text)[:64]
    if parse_number(number) is None:
        return Verification(Verification.MALFORMED, number)
    title = (
        Title.objects.select_related("enterprise__district", "batch__region")
        .filter(certificate_number=number)
        .first()
    )
    if title is None:
        return Verification(Verification.UNKNOWN, number)
    standing = title_standing(title, today)
    outcome = Verification.VALID if standing.in_force else standing.code
    return Verification(outcome, number, title, standing)


@dataclass(frozen=True)
class FileVerification:
    """The answer to "is this certificate PDF genuine, unchanged and in the registry?"."""

    signature: SignatureCheck
    verification: Verification | None = None
    same_file: bool = False  # byte for byte the copy the registry keeps

    @property
    def matches_registry(self) -> bool:
        return self.verification is not None and self.verification.found


def verify_certificate_file(data: bytes, today=None) -> FileVerification:
    """Check a certificate PDF's signature, then look its number up in the registry."""
    signature = check_certificate_pdf(data)
    if not signature.genuine:
        return FileVerification(signature)
    verification = verify_number(signature.number, today)
    same = verification.found and (
        hashlib.sha256(data).hexdigest() == verification.title.certificate_sha256
    )
    return FileVerification(signature, verification, same)


OPEN_DATA_FIELDS = (
    "enterprise",
    "uscc",
    "district",
    "industry",
    "level",
    "year",
    "certificate_number",
    "status",
    "in_force",
    "valid_until",
    "programme",
    "grade",
    "title_name",
)


def open_data_titles() -> Iterator[Title]:
    """Every title, revoked ones included (their status says so, and ``in_force`` is read
    per title from ``validity.title_standing``), streamed from the database in chunks."""
    return (
        Title.objects.select_related(
            "enterprise__district", "enterprise__industry", "batch__region"
        )
        .order_by("-year", "enterprise__name", "level", "pk")
        .iterator(chunk_size=500)
    )
