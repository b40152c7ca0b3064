"""A dispatch whose issuer and number are already stored: found, refused, or kept as a new version."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from loa.services.directives import (
    DuplicateDirectiveError,
    find_same_directive,
    import_directive,
)


def test_same_issuer_and_number_is_found_whatever_the_spacing(
    session: Session, seed_path: Path
) -> None:
    first = import_directive(session, seed_path.read_bytes(), "427.txt", actor="t")
    same = find_same_directive(session, "Ban Tuyên giáo", "427 - cv/btgtu")
    assert same is not None and same.directive_id == first.directive_id and same.versions == 1
    assert find_same_directive(session, "SỞ Y TẾ", "427-CV/BTGTU") is None
    assert find_same_directive(session, "BAN TUYÊN GIÁO", None) is None


def test_duplicate_is_refused_then_kept_as_a_numbered_version(
    session: Session, seed_path: Path
) -> None:
    first = import_directive(session, seed_path.read_bytes(), "427.txt", actor="t")
    retyped = seed_path.read_bytes().replace(b"\n", b"\r\n")
    with pytest.raises(DuplicateDirectiveError) as err:
        import_directive(session, retyped, "427-lan-2.txt", actor="t")
    assert err.value.existing.directive_id == first.directive_id
    assert "--as-new-version" in err.value.vi and "new version" in err.value.en
    second = import_directive(session, retyped, "427-lan-2.txt", actor="t", as_new_version=True)
    assert second.created and second.previous_version_id == first.directive_id
    same = find_same_directive(session, "BAN TUYÊN GIÁO", "427-CV/BTGTU")
    assert same is not None and (same.directive_id, same.versions) == (second.directive_id, 2)
    # The very same bytes again are still no import at all, not a duplicate warning.
    again = import_directive(session, seed_path.read_bytes(), "427.txt", actor="t")
    assert not again.created
