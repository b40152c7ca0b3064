"""Who issues the bulletins: header, signer, distribution list and the label on every output."""

from __future__ import annotations

from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from loa.errors import ConfigError, Where

__all__ = ["IssuerProfile", "load_issuer"]

ISSUER_FILE = "issuer.yaml"


@dataclass(frozen=True)
class IssuerProfile:
    """The issuing body of the province's bulletins, as Decree 30 and the channels show it."""

    issuer_parent: str
    issuer: str
    symbol: str
    type_code: str
    document_title: str
    subject_vi: str
    subject_en: str
    place: str
    signer_authority: str
    signer_position: str
    signer_name: str
    recipients: tuple[str, ...]
    label: str
    label_en: str
    speaker: str
    speaker_en: str
    portal_url: str

    def number_line(self, number: str | None = None) -> str:
        """Return 'Số: 12/TC-SYT', or 'Số:       /TC-SYT' with the number left for Văn thư."""
        return f"Số: {number or '      '}/{self.type_code}-{self.symbol}"


def load_issuer(office_dir: Path | None = None) -> IssuerProfile:
    """Return the issuer profile: the office's issuer.yaml if present, else Loa's own."""
    override = office_dir / ISSUER_FILE if office_dir else None
    if override is not None and override.exists():
        text, path = override.read_text(encoding="utf-8"), str(override)
    else:
        ref = resources.files("loa.bulletins") / "data" / ISSUER_FILE
        text, path = ref.read_text(encoding="utf-8"), ISSUER_FILE
    data = yaml.safe_load(text) or {}
    names = [f.name for f in fields(IssuerProfile)]
    missing = [n for n in names if n not in data]
    if missing:
        raise ConfigError(
            f"Hồ sơ cơ quan ban hành thiếu: {', '.join(missing)}. Bổ sung vào {ISSUER_FILE}.",
            f"The issuer profile lacks: {', '.join(missing)}. Add them to {ISSUER_FILE}.",
            where=Where(file=path),
        )
    values: dict[str, Any] = {n: str(data[n] or "") for n in names if n != "recipients"}
    return IssuerProfile(recipients=tuple(str(r) for r in data["recipients"]), **values)
