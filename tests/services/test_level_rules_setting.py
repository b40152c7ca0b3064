"""LOA_LEVEL_RULES: the province's own rules file makes the desk and the CLI give the same level."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.conftest import LoaCli
from tests.web.conftest import Desk

from loa.errors import ConfigError
from loa.services.accounts import create_token
from loa.services.level_rules import configured_rules
from loa.settings import Settings
from loa.situation.rules import load_rules
from loa.store.db import make_engine

DAY = date(2021, 5, 25)
COMMUNE = "07807"


def _cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    rows = [f"{DAY - timedelta(days=d)},{COMMUNE},{d % 4},0,0,0,10\n" for d in range(14, -1, -1)]
    path.write_text(
        "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"
        + "".join(rows),
        encoding="utf-8",
    )
    return path


def _province_rules(tmp_path: Path) -> Path:
    """A province's copy of the preset that assumes targets met when nothing is reported."""
    preset = load_rules("qd4800-2021")
    text = (Path(__file__).parents[2] / "src/loa/situation/rules/qd4800-2021.yaml").read_text(
        encoding="utf-8"
    )
    assert preset.name == "qd4800-2021"
    for old, new in [
        ("name: qd4800-2021", "name: tinh-thu-2021"),
        ("when_coverage_unknown: below", "when_coverage_unknown: above"),
        ("  when_unknown: missed", "  when_unknown: met"),
    ]:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "rules" / "tinh.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def _cli_level(loa: LoaCli, *extra: str) -> int:
    rows = json.loads(
        loa("situation", "levels", "--date", DAY.isoformat(), "--format", "json", *extra).output
    )
    [row] = [r for r in rows if r["unit_code"] == COMMUNE]
    return int(row["level"])


def test_the_provinces_rules_file_gives_the_desk_and_the_cli_the_same_level(
    store_url: str, tmp_path: Path
) -> None:
    rules = _province_rules(tmp_path)
    env = {"LOA_DATABASE_URL": store_url, "LOA_DATA_DIR": str(tmp_path / "var"), "LOA_LANG": "vi"}
    loa = LoaCli(env)
    people = tmp_path / "population.csv"
    people.write_text(f"unit_code,population,year\n{COMMUNE},20000,2021\n", encoding="utf-8")
    loa("units", "population", str(people))
    loa("situation", "import", str(_cases(tmp_path)), "--today", "2021-12-31")
    preset_level = _cli_level(loa)
    loa.env = env | {"LOA_LEVEL_RULES": str(rules)}
    cli_level = _cli_level(loa)

    settings = Settings(
        database_url=store_url, data_dir=tmp_path / "var", secret_key="s", level_rules=str(rules)
    )
    engine = make_engine(store_url)
    with Session(engine, expire_on_commit=False) as session:
        desk = Desk(session, settings)
        _i, token = create_token(session, "board", role="viewer", actor="test")
        session.commit()
        answer = desk.client.get(
            f"/api/v1/situation/levels?day={DAY.isoformat()}",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 200, answer.text[:500]
    engine.dispose()
    [desk_row] = [r for r in answer.json() if r["unit_code"] == COMMUNE]

    assert cli_level == desk_row["level"] == 2 < preset_level
    made = json.loads(
        loa(
            "bulletin", "make", "--date", DAY.isoformat(), "--kind", "portal",
            "--out", str(tmp_path / "out"), "--format", "json", "--actor", "lan",
        ).output
    )  # fmt: skip
    shown = json.loads(loa("bulletin", "show", str(made[0]["id"]), "--format", "json").output)
    assert "tinh-thu-2021" in json.dumps(shown, ensure_ascii=False)


def test_a_wrong_setting_names_it_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        configured_rules(Settings(data_dir=tmp_path, level_rules="qd9999"))
    assert "LOA_LEVEL_RULES" in caught.value.vi and "LOA_LEVEL_RULES" in caught.value.en
    assert "qd4800-2021" in caught.value.en  # the presets one may choose instead


def test_a_wrong_setting_stops_the_cli_with_its_name(loa: LoaCli) -> None:
    loa.env = loa.env | {"LOA_LEVEL_RULES": "rules/none.yaml"}
    result = loa("situation", "levels", "--date", DAY.isoformat(), ok=False)
    assert result.exit_code == 2
    assert "Lỗi: Thiết lập LOA_LEVEL_RULES" in result.output
    assert "Error: The setting LOA_LEVEL_RULES" in result.output
