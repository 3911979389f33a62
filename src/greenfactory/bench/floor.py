"""What both floors share: the rows and cells asked for, bounded, and the rows printed (no model
imports, so that the bare project can use it without the platform's apps)."""

# Without parameters: the longest of the measured pages' tables (the district queue's 50).
FLOOR_ROWS = 50
FLOOR_CELLS = 3
MAX_ROWS = 500
MAX_CELLS = 40


def bounded(value: str | None, default: int, most: int) -> int:
    try:
        return max(1, min(int(value), most))
    except (TypeError, ValueError):
        return default


def spread(found: list, count: int, cells: int) -> list[list]:
    """As many rows as asked even from a small dataset; each cell one of the row's values."""
    if not found:
        return []
    return [[found[n % len(found)][cell % 3] for cell in range(cells)] for n in range(count)]
