"""Which communes hold which at-risk groups (industrial parks, markets, hospitals, schools)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from loa.bulletins.messages import AUDIENCES
from loa.errors import ConfigError, Where

__all__ = ["RiskGroups", "RiskSite", "load_risk_groups"]

RISK_FILE = "risk_groups.yaml"


@dataclass(frozen=True)
class RiskSite:
    """A named place (an industrial park, a market) that brings an audience to some communes."""

    name: str
    audience: str
    communes: tuple[str, ...]
    status: str  # confirmed | to_verify
    communes_status: str


@dataclass(frozen=True)
class RiskGroups:
    """Audiences of every commune: those all communes have, plus those of the sites in it."""

    every_commune: tuple[str, ...]
    sites: tuple[RiskSite, ...] = field(default_factory=tuple)

    def audiences_of(self, commune_code: str) -> tuple[str, ...]:
        """Return the audiences present in a commune, in the library's order."""
        present = set(self.every_commune) | {
            s.audience for s in self.sites if commune_code in s.communes
        }
        return tuple(a for a in AUDIENCES if a in present)

    def sites_in(self, commune_code: str) -> list[RiskSite]:
        """Return the sites that lie in a commune."""
        return [s for s in self.sites if commune_code in s.communes]


def load_risk_groups(office_dir: Path | None = None) -> RiskGroups:
    """Return the risk groups: the office's risk_groups.yaml if present, else Loa's own."""
    override = office_dir / RISK_FILE if office_dir else None
    if override is not None and override.exists():
        text, path = override.read_text(encoding="utf-8"), str(override)
    else:
        text = (resources.files("loa.bulletins") / "data" / RISK_FILE).read_text(encoding="utf-8")
        path = RISK_FILE
    try:
        data = yaml.safe_load(text) or {}
        sites = tuple(
            RiskSite(
                name=str(s["name"]),
                audience=str(s["audience"]),
                communes=tuple(str(c) for c in s.get("communes", [])),
                status=str(s.get("status", "to_verify")),
                communes_status=str(s.get("communes_status", s.get("status", "to_verify"))),
            )
            for s in data.get("sites", [])
        )
        every = tuple(str(a) for a in data.get("every_commune", ["general"]))
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"Tệp nhóm nguy cơ không đọc được ({exc}). Mỗi địa điểm cần name, audience, communes.",
            f"The risk-group file cannot be read ({exc}). Each site needs name, audience, communes.",
            where=Where(file=path),
        ) from None
    unknown = sorted((set(every) | {s.audience for s in sites}) - set(AUDIENCES))
    if unknown:
        raise ConfigError(
            f"Đối tượng không có trong thư viện: {unknown}; dùng {', '.join(AUDIENCES)}.",
            f"Audiences unknown to the library: {unknown}; use {', '.join(AUDIENCES)}.",
            where=Where(file=path),
        )
    return RiskGroups(every, sites)
