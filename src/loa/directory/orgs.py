"""Organisations a province's dispatches address: the directory that matches names to them.

A row is an `Organisation` (loa.directory.organisation); `kind="group"` rows stand for several
others ("các huyện ủy, thành ủy" stands for the ten district party committees).
`OrgDirectory.resolve` turns a name written in a dispatch into an org_id, or None when it is
not sure. Lists are read by loa.directory.orgs_import; its functions are re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from loa.directory.names import name_key, similarity
from loa.directory.organisation import KINDS, LEVELS, Organisation
from loa.directory.orgs_import import COLUMNS, load_bundled_orgs, read_orgs_file
from loa.errors import NotFoundError

__all__ = [
    "COLUMNS",
    "KINDS",
    "LEVELS",
    "OrgDirectory",
    "OrgMatch",
    "Organisation",
    "load_bundled_orgs",
    "read_orgs_file",
]

How = Literal["exact", "alias", "fuzzy"]


@dataclass(frozen=True)
class OrgMatch:
    """One candidate for a name: which org, how sure (0..1), and how it was found."""

    org_id: str
    name: str
    score: float
    how: How


_HOW_RANK = {"exact": 0, "alias": 1, "fuzzy": 2}


class OrgDirectory:
    """A set of organisations, looked up by id, by parent, or by a name as written."""

    def __init__(
        self, orgs: Iterable[Organisation], *, threshold: float = 0.85, margin: float = 0.05
    ) -> None:
        self._orgs: dict[str, Organisation] = {}
        self._children: dict[str, list[Organisation]] = {}
        self.threshold = threshold
        self.margin = margin
        for org in orgs:
            if org.org_id in self._orgs:
                raise ValueError(f"duplicate org_id {org.org_id!r}")
            self._orgs[org.org_id] = org
            if org.parent_id:
                self._children.setdefault(org.parent_id, []).append(org)
        self._exact: dict[str, list[tuple[str, How]]] = {}
        self._keys: list[tuple[str, str]] = []
        self._by_token: dict[str, set[int]] = {}
        document_tokens: dict[str, set[str]] = {}
        for org in self._orgs.values():
            named: list[tuple[str, How]] = [(org.name, "exact"), (org.short_name, "exact")]
            named += [(alias, "alias") for alias in org.aliases]
            for text, how in named:
                key = name_key(text)
                if not key:
                    continue
                hits = self._exact.setdefault(key, [])
                if all(org_id != org.org_id for org_id, _ in hits):
                    hits.append((org.org_id, how))
                for token in key.split():
                    self._by_token.setdefault(token, set()).add(len(self._keys))
                    document_tokens.setdefault(token, set()).add(org.org_id)
                self._keys.append((key, org.org_id))
        # Tokens rare in the directory (place names, "tttt" words) decide a fuzzy match; common
        # ones ("ban", "tinh", "bac giang") barely count.
        total = max(len(self._orgs), 1)
        self._weights = {t: math.log(1 + total / len(o)) for t, o in document_tokens.items()}
        self._unknown_weight = math.log(1 + 2 * total)

    def __len__(self) -> int:
        return len(self._orgs)

    def __iter__(self) -> Iterator[Organisation]:
        return iter(self._orgs.values())

    def __contains__(self, org_id: object) -> bool:
        return org_id in self._orgs

    def get(self, org_id: str) -> Organisation:
        """Return the organisation with this id; raise NotFoundError if there is none."""
        try:
            return self._orgs[org_id]
        except KeyError:
            raise NotFoundError(
                f"Không có cơ quan mã '{org_id}' trong danh bạ. Hãy kiểm tra lại mã.",
                f"No organisation with id '{org_id}' in the directory. Check the id.",
            ) from None

    def children(self, org_id: str) -> list[Organisation]:
        """Return the organisations whose parent is `org_id`, in directory order."""
        self.get(org_id)
        return list(self._children.get(org_id, ()))

    def expand(self, org_id: str) -> list[str]:
        """Return the ids a group stands for, nested groups flattened; [org_id] for a non-group."""
        result: list[str] = []
        pending, seen = [org_id], set()
        while pending:
            current = pending.pop(0)
            if current in seen:
                continue
            seen.add(current)
            org = self.get(current)
            if org.kind == "group":
                pending[:0] = org.members
            else:
                result.append(current)
        return result

    def match(self, name: str, limit: int = 3) -> list[OrgMatch]:
        """Return up to `limit` candidates for a name, best first (exact, alias, fuzzy)."""
        key = name_key(name)
        if not key:
            return []
        best: dict[str, tuple[float, How]] = {
            org_id: (1.0, how) for org_id, how in self._exact.get(key, ())
        }
        candidates = set().union(*(self._by_token.get(t, set()) for t in key.split()))
        for index in candidates:
            other, org_id = self._keys[index]
            if org_id in best and best[org_id][1] != "fuzzy":
                continue
            score = similarity(key, other, self._weights, unknown_weight=self._unknown_weight)
            if score > best.get(org_id, (0.0, "fuzzy"))[0]:
                best[org_id] = (score, "fuzzy")
        ranked = sorted(
            best.items(), key=lambda item: (-item[1][0], _HOW_RANK[item[1][1]], item[0])
        )
        return [
            OrgMatch(org_id, self._orgs[org_id].name, round(score, 4), how)
            for org_id, (score, how) in ranked[:limit]
            if score > 0
        ]

    def resolve(self, name: str) -> str | None:
        """Return the id of the organisation a name clearly means, or None if unsure."""
        matches = self.match(name, limit=2)
        if not matches:
            return None
        best, runner_up = matches[0], matches[1] if len(matches) > 1 else None
        if best.how != "fuzzy":
            if runner_up is not None and runner_up.how != "fuzzy":
                return None  # two orgs share this exact name: the user must choose
            return best.org_id
        if best.score < self.threshold:
            return None
        if runner_up is not None and best.score - runner_up.score < self.margin:
            return None
        return best.org_id
