"""The addresses a page loads its scripts, styles and links from."""

import re

ADDRESS = re.compile(r'(?:src|href)="([^"]*)"')


def foreign_addresses(html: str) -> list[str]:
    """Addresses outside the platform (another host, or a CDN by name). Only the ``src`` and
    ``href`` attributes are read: a page's CSRF tokens are random text, which may contain any
    word."""
    return [
        address
        for address in ADDRESS.findall(html)
        if "cdn" in address.lower() or address.startswith(("http:", "https:", "//"))
    ]
