"""What the desk's bulletin pages and API share: roles, visibility, files served, lines to compare.

The web roles map onto the bulletin workflow's roles (`comms` drafts, approves and publishes
as `comms_officer`; `admin` as `admin`); the workflow itself refuses an author approving their
own draft. Files are served only from the folder the bulletin was written to, found through
the file list stored with the version, never from a path the request names.
"""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from sqlalchemy.orm import Session

from loa.bulletins import workflow
from loa.errors import NotFoundError
from loa.services import bulletins as svc
from loa.services.accounts import Principal
from loa.settings import Settings

__all__ = [
    "DRAFT_READERS",
    "WORKFLOW_ROLES",
    "audio_in_request",
    "bulletin_file",
    "check_visible",
    "new_out_dir",
    "readable_lines",
    "visible_bulletins",
    "workflow_role",
]

WORKFLOW_ROLES = {"admin": "admin", "comms": "comms_officer"}
# Roles that follow the work in progress; reporters and viewers see what was published.
DRAFT_READERS = ("comms", "data", "rapid")


def workflow_role(principal: Principal) -> str:
    """Return the workflow role of a web principal (others keep their name, which it refuses)."""
    return WORKFLOW_ROLES.get(principal.role, principal.role)


def _not_found(bulletin_id: int) -> NotFoundError:
    return NotFoundError(
        f"Không có bản tin số {bulletin_id}.", f"There is no bulletin {bulletin_id}."
    )


def check_visible(principal: Principal, shown: dict[str, Any]) -> None:
    """Return nothing if the principal may see this version; NotFoundError if not (no leak)."""
    if shown["state"] != workflow.PUBLISHED and not principal.can("bulletins.drafts"):
        raise _not_found(int(shown["id"]))


def visible_bulletins(
    session: Session,
    principal: Principal,
    *,
    day: date | None = None,
    kind: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    """Return the versions this principal may see, newest first."""
    if not principal.can("bulletins.drafts"):
        if state not in (None, workflow.PUBLISHED):
            return []
        state = workflow.PUBLISHED
    return svc.list_bulletins(session, day=day, kind=kind, state=state)


def readable_lines(texts: dict[str, Any], names: dict[str, str]) -> list[str]:
    """Return a version's wording as lines to compare: paragraphs, or each commune's script."""
    if texts.get("paragraphs"):
        return [str(p) for p in texts["paragraphs"]]
    lines: list[str] = []
    for code, script in sorted(texts.get("scripts", {}).items()):
        lines.append(f"— {names.get(code, code)} ({code}) —")
        lines += [line for line in str(script).splitlines() if line.strip()]
    return lines


def new_out_dir(settings: Settings, day: date, kind: str) -> Path:
    """Return a fresh folder for one bulletin's files, so no later bulletin overwrites them."""
    return settings.data_dir / "bulletins" / f"{day.isoformat()}-{kind}-{secrets.token_hex(4)}"


def _files(texts: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(f) for f in texts.get("files", [])]


def _out_dir(files: list[dict[str, Any]]) -> Path | None:
    folders = {Path(f["path"]).resolve().parent for f in files}
    return folders.pop() if len(folders) == 1 else None


def public_file(bulletin_id: int, entry: dict[str, Any]) -> dict[str, Any]:
    """Return a file entry as the API gives it: names and download URLs, never server paths."""
    shown = {k: v for k, v in entry.items() if k not in ("path", "audio_path")}
    name = PurePath(str(entry.get("path", ""))).name
    shown["name"] = name
    shown["url"] = f"/api/v1/bulletins/{bulletin_id}/files/{quote(name)}"
    if entry.get("audio_path"):
        shown["audio_name"] = PurePath(str(entry["audio_path"])).name
        shown["audio_url"] = f"/api/v1/bulletins/{bulletin_id}/audio/{entry.get('unit_code')}"
    return shown


def public_bulletin(shown: dict[str, Any]) -> dict[str, Any]:
    """Return a shown bulletin for the API: its files by name and URL (see `public_file`)."""
    files = [public_file(int(shown["id"]), f) for f in shown.get("files", [])]
    return {**shown, "files": files}


def bulletin_file(texts: dict[str, Any], name: str) -> Path:
    """Return the file called `name` that this version wrote, inside its own folder."""
    files = _files(texts)
    folder = _out_dir(files)
    recorded = [Path(f["path"]) for f in files]
    recorded += [Path(f["audio_path"]) for f in files if f.get("audio_path")]
    for path in recorded:
        resolved = path.resolve()
        if (
            path.name == name
            and folder is not None
            and resolved.is_relative_to(folder)
            and resolved.is_file()
        ):
            return resolved
    raise NotFoundError(
        f"Bản tin này không có tệp '{name}'.", f"This bulletin has no file '{name}'."
    )


def audio_in_request(made: svc.MadeBulletin) -> bool:
    """Return True when the audio of a new draft is made in the request: one commune only."""
    return len(made.files) == 1 and made.files[0].kind == "radio"
