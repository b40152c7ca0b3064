"""`loa bulletin ...` and `loa channels list` from the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DAY = date(2021, 5, 25)


def _cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    rows = [f"{DAY - timedelta(days=d)},07807,{d % 4},0,0,0,10\n" for d in range(14, -1, -1)]
    path.write_text(
        "date,unit_code,new_cases_community,new_cases_quarantined,deaths,severe,tests\n"
        + "".join(rows),
        encoding="utf-8",
    )
    return path


def test_make_radio_prints_the_files_and_publish_drops_them_per_district(
    loa: Any, tmp_path: Path
) -> None:
    loa("situation", "import", str(_cases(tmp_path)), "--today", "2021-12-31")
    out = tmp_path / "out"
    result = loa(
        "bulletin",
        "make",
        "--date",
        "2021-05-25",
        "--kind",
        "radio",
        "--unit",
        "07807",
        "--out",
        str(out),
        "--format",
        "json",
        "--no-verbalise",
        "--actor",
        "lan",
    )
    [made] = json.loads(result.output)
    assert set(made) == {"kind", "unit_code", "path", "audio_path", "duration_s", "id", "problems"}
    assert made["id"] == 1
    assert all(p["severity"] == "warning" for p in made["problems"]), made["problems"]
    assert (made["kind"], made["unit_code"], made["audio_path"]) == ("radio", "07807", None)
    assert Path(made["path"]).read_text(encoding="utf-8").startswith("Thông báo của")
    refused = loa("bulletin", "approve", "1", "--actor", "lan", ok=False)
    assert refused.exit_code == 2 and "second person" in refused.output
    loa(
        "bulletin",
        "approve",
        "1",
        "--actor",
        "minh",
        "--role",
        "admin",
        "--acknowledge",
        "Đã xem các cảnh báo",
    )
    env = loa.env | {"LOA_CHANNELS_DIR": str(tmp_path / "channels")}
    loa.env = env
    published = json.loads(
        loa(
            "bulletin",
            "publish",
            "1",
            "--actor",
            "minh",
            "--channel",
            "radio-drop",
            "--format",
            "json",
        ).output
    )
    assert [(d["channel"], d["status"]) for d in published] == [("radio-drop", "sent")]
    assert (tmp_path / "channels" / "radio" / "222" / "2021-05-25").is_dir()
    shown = json.loads(loa("bulletin", "show", "1", "--format", "json").output)
    assert shown["state"] == "published" and shown["deliveries"][0]["channel"] == "radio-drop"


def test_channels_list_names_loas_own_plugin(loa: Any) -> None:
    rows = json.loads(loa("channels", "list", "--format", "json").output)
    assert {r["name"] for r in rows} >= {"portal-feed", "press-folder", "radio-drop", "webhook"}
    assert {r["plugin"] for r in rows} == {"loa.channels.builtin:register"}


def test_unit_on_a_press_release_is_refused_in_both_languages(loa: Any, tmp_path: Path) -> None:
    loa("situation", "import", str(_cases(tmp_path)), "--today", "2021-12-31")
    result = loa(
        "bulletin",
        "make",
        "--date",
        "2021-05-25",
        "--kind",
        "press",
        "--unit",
        "07807",
        "--out",
        str(tmp_path),
        ok=False,
    )
    assert result.exit_code == 2 and "--unit" in result.output and "Lỗi" in result.output
