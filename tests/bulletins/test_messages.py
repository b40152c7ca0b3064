"""Key messages picked by level and audience; the risk-group data behind them."""

from __future__ import annotations

from pathlib import Path

import pytest

from loa.bulletins.content import Bulletin
from loa.bulletins.messages import load_messages, select_messages
from loa.bulletins.risk_groups import load_risk_groups
from loa.errors import ConfigError

from .conftest import PARK, QUIET


def test_commune_with_an_industrial_park_gets_the_workers_messages(bulletin: Bulletin) -> None:
    park = {m.id for m in bulletin.commune(PARK).messages}
    quiet = {m.id for m in bulletin.commune(QUIET).messages}
    assert "workers-shift" in park and "workers-shift" not in quiet
    assert "workers" in bulletin.commune(PARK).audiences


def test_high_level_messages_only_reach_high_level_communes() -> None:
    library = load_messages()
    low = {m.id for m in select_messages(library, 1, ["general"])}
    high = {m.id for m in select_messages(library, 4, ["general"])}
    assert "level-3-4-stay-home" in high and "level-3-4-stay-home" not in low


def test_every_message_cites_a_source_and_speaks_both_languages() -> None:
    for message in load_messages():
        assert message.source and message.vi and message.en, message.id


def test_bundled_risk_groups_place_the_four_industrial_parks() -> None:
    groups = load_risk_groups()
    names = {s.name for s in groups.sites if s.audience == "workers"}
    assert {"KCN Quang Châu", "KCN Vân Trung", "KCN Đình Trám", "KCN Song Khê - Nội Hoàng"} <= names
    assert "workers" in groups.audiences_of("07705")  # Song Khê
    assert "workers" not in groups.audiences_of("07654")  # Lệ Viễn, Sơn Động


def test_unknown_audience_in_the_office_library_is_refused(tmp_path: Path) -> None:
    (tmp_path / "key_messages.yaml").write_text(
        "messages:\n  - {id: a, topic: 5k, audiences: [farmers], levels: [1], vi: x, en: y, source: z}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        load_messages(tmp_path)
    assert "farmers" in err.value.en and err.value.where.file
