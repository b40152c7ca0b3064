"""Static files with a content hash in their names, kept by browsers for a year.

`static_url("loa.css")` (the `static_url` of templates) gives `/static/loa.<hash>.css`; that
name changes whenever the file does, so it can be cached as immutable. The plain name
(`/static/loa.css`) still works, with the default short caching, for older pages and links.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

__all__ = ["STATIC_DIR", "HashedStaticFiles", "assets_version", "static_url"]

STATIC_DIR = Path(__file__).parent / "static"
YEAR = 365 * 24 * 3600
_HASHED = re.compile(r"(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)")


@functools.cache
def _digest(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def static_url(name: str) -> str:
    """Return the hashed URL of a static file (`loa.css` -> `/static/loa.<hash>.css`)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return f"/static/{name}"
    return f"/static/{stem}.{_digest(name)}.{suffix}"


@functools.cache
def assets_version() -> str:
    """Return one hash of every static file (pages that link them change with it)."""
    names = sorted(p.name for p in STATIC_DIR.iterdir() if p.is_file())
    return hashlib.sha256("".join(n + _digest(n) for n in names).encode()).hexdigest()[:12]


class HashedStaticFiles(StaticFiles):
    """Serves `name.<hash>.ext` as `name.ext` for a year (immutable), plain names as usual."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """Return the file; a hashed name whose hash is the file's is cached for a year."""
        found = _HASHED.fullmatch(path)
        if found is not None:
            plain = found["stem"] + found["suffix"]
            if (STATIC_DIR / plain).is_file() and _digest(plain) == found["digest"]:
                response = await super().get_response(plain, scope)
                response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
                return response
        return await super().get_response(path, scope)
