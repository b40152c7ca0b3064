"""Loudspeaker scripts: short sentences, the commune's level and messages, verbalised."""

from __future__ import annotations

import re
import sys

import pytest

from loa.bulletins.content import Bulletin
from loa.bulletins.issuer import IssuerProfile
from loa.bulletins.radio import MAX_WORDS, long_sentences, radio_script, verbaliser
from loa.bulletins.rendering import template_env
from loa.errors import ConfigError

from .conftest import PARK, QUIET


def _fake_verbalise(text: str) -> str:
    return re.sub(r"\d+", lambda m: f"<{m.group()}>", text)


def test_script_states_the_level_and_the_commune_figures(
    bulletin: Bulletin, issuer: IssuerProfile
) -> None:
    script = radio_script(template_env(), bulletin, bulletin.commune(PARK), issuer, "vi")
    assert "Xã Quang Châu đang ở cấp độ 3." in script
    assert "Trong ngày, xã có 9 ca mắc mới." in script
    assert "Tuần trước, xã ở cấp độ 2." in script
    assert "Công nhân các khu công nghiệp" in script


def test_every_sentence_is_short_enough_to_follow_aloud(
    bulletin: Bulletin, issuer: IssuerProfile
) -> None:
    for code in (PARK, QUIET):
        script = radio_script(template_env(), bulletin, bulletin.commune(code), issuer, "vi")
        assert long_sentences(script) == [], MAX_WORDS


def test_script_is_verbalised_line_by_line(bulletin: Bulletin, issuer: IssuerProfile) -> None:
    script = radio_script(
        template_env(), bulletin, bulletin.commune(PARK), issuer, "vi", verbalise=_fake_verbalise
    )
    assert "cấp độ <3>." in script
    assert not re.search(r"(?<!<)\b\d+\b(?!>)", script)


def test_missing_verbaliser_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "loa.bulletins.verbalise", None)
    with pytest.raises(ConfigError) as err:
        verbaliser()
    assert "verbalise" in err.value.en
