"""Checks before approval: a commune with more cases than its province, resolved conflicts,
provisional levels in the wording, and numbers read back from the text (words included)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests.support.situation import import_two_sources

from loa.bulletins.read_back import numbers_in, words_to_numbers
from loa.bulletins.verbalise import number_words, verbalise
from loa.directory.units import PopulationFigure
from loa.errors import ChecksFailed
from loa.services import bulletins as svc
from loa.services.directory import import_population
from loa.services.situation_conflicts import conflicts_on, resolve_conflicts
from loa.services.situation_report import indicators_on

DATA = Path(__file__).resolve().parents[1] / "data" / "situation"
DAY = date(2021, 12, 14)
TAM_DI = "07456"


@pytest.mark.parametrize(
    "n", [0, 1, 4, 5, 10, 11, 14, 15, 21, 24, 25, 44, 100, 105, 110, 245, 1005, 1250, 12_345]
)
def test_a_number_in_words_reads_back_as_itself(n: int) -> None:
    assert words_to_numbers(f"xã có {number_words(n)} ca") == [float(n)]


def test_the_script_as_read_aloud_gives_back_its_numbers() -> None:
    spoken = verbalise("Trong ngày, xã có 44 ca. Toàn tỉnh có 11 ca. Bảy ngày qua có 1.250 ca.")
    assert "bốn mươi tư" in spoken
    assert numbers_in(spoken) == [44.0, 11.0, 7.0, 1250.0]
    assert numbers_in("1,250.5 cases and 12", "en") == [1250.5, 12.0]


@pytest.fixture
def scenario(session: Session) -> Session:
    """The portal's province series for 1–14/12/2021 and a commune file for Xã Tam Dị."""
    import_population(
        session,
        [PopulationFigure(TAM_DI, 9_800, 2019, False, 2)],
        filename="population.csv",
        source="test",
        actor="test",
    )
    import_two_sources(session)
    session.flush()
    return session


def _make(session: Session, tmp_path: Path, kind: str, **kw: Any) -> svc.MadeBulletin:
    return svc.make_bulletin(
        session, day=DAY, kind=kind, out_dir=tmp_path / kind, actor="lan", **kw
    )


def _codes(made: svc.MadeBulletin) -> list[tuple[str, str]]:
    return [(p["code"], p["severity"]) for p in made.problems]


def test_a_commune_above_its_province_blocks_approval_until_the_conflict_is_resolved(
    scenario: Session, tmp_path: Path
) -> None:
    session = scenario
    press = _make(session, tmp_path, "press")
    errors = [p for p in press.problems if p["severity"] == "error"]
    assert {p["code"] for p in errors} == {"figures_conflict"}
    assert any(p["unit_code"] == TAM_DI and p["figures"]["unit"] == 245 for p in errors)
    assert all(p["label"] and p["label_en"] for p in press.problems)
    with pytest.raises(ChecksFailed) as refused:
        svc.approve_bulletin(
            session, press.bulletin_id, actor="minh", role="comms_officer", acknowledgement="ok"
        )
    assert "Số liệu mâu thuẫn" in refused.value.message("vi")

    done = resolve_conflicts(
        session,
        province_code="24",
        unit_code="24",
        first=date(2021, 12, 7),
        last=DAY,
        measure="total",
        source="commune_reports",
        actor="data",
        reason="Báo cáo của xã mới hơn số cổng quốc gia",
    )
    assert len(done) == 8 and all(c.resolved for c in done)
    assert not [c for c in conflicts_on(session, "24", DAY, days=7) if not c.resolved]
    _, found = indicators_on(session, "24", "province", DAY)
    [province] = found
    assert (province.new_cases, province.window_cases) == (44, 245)

    # The old draft's text still says 11: checked again, it cannot be approved.
    with pytest.raises(ChecksFailed) as stale_text:
        svc.approve_bulletin(
            session, press.bulletin_id, actor="minh", role="comms_officer", acknowledgement="ok"
        )
    assert "text_figures_mismatch" in {p["code"] for p in stale_text.value.problems}

    fresh = _make(session, tmp_path, "press")
    assert [c for c in _codes(fresh) if c[1] == "error"] == []
    assert ("provisional_level", "warning") in _codes(fresh)
    with pytest.raises(ChecksFailed):  # warnings need a written acknowledgement
        svc.approve_bulletin(session, fresh.bulletin_id, actor="minh", role="comms_officer")
    svc.approve_bulletin(
        session,
        fresh.bulletin_id,
        actor="minh",
        role="comms_officer",
        acknowledgement="Cấp độ tạm tính: chưa có số liệu tiêm chủng",
    )
    shown = svc.show_bulletin(session, fresh.bulletin_id)
    assert shown["state"] == "approved"
    assert shown["acknowledgement"] == "Cấp độ tạm tính: chưa có số liệu tiêm chủng"
    today = shown["content"]["provenance"][0]["computation"]
    assert "tổng các huyện, nguồn: báo cáo của các xã" in today, today
    text = "\n".join(svc.stored_texts(session, fresh.bulletin_id)["paragraphs"])
    assert "ghi nhận 44 ca mắc mới trong ngày" in text and "Trong 7 ngày qua có 245 ca" in text
    assert "tạm tính, chưa có số liệu tiêm chủng" in text


def test_a_script_whose_spoken_number_differs_from_the_data_is_an_error(
    scenario: Session, tmp_path: Path
) -> None:
    honest = _make(scenario, tmp_path, "radio", unit_code=TAM_DI)
    assert "text_figures_mismatch" not in {c for c, _ in _codes(honest)}
    script = Path(honest.files[0].path).read_text(encoding="utf-8")
    assert "bốn mươi tư ca" in script and "mười một ca" in script
    assert "tạm tính, chưa có số liệu tiêm chủng" in script

    def slip(text: str) -> str:  # a verbaliser that reads 44 as "bốn mươi"
        return verbalise(text.replace("44", "40"))

    wrong = _make(scenario, tmp_path, "radio", unit_code=TAM_DI, verbalise=slip)
    [mismatch] = [p for p in wrong.problems if p["code"] == "text_figures_mismatch"]
    assert mismatch["severity"] == "error" and mismatch["figures"]["value"] == 44


def test_stale_data_and_missing_days_are_reported(scenario: Session, tmp_path: Path) -> None:
    made = svc.make_bulletin(
        scenario, day=date(2021, 12, 24), kind="press", out_dir=tmp_path, actor="lan"
    )
    stale = [p for p in made.problems if p["code"] == "stale_data"]
    assert [(p["severity"], p["figures"]["age_days"]) for p in stale] == [("error", 10)]
    assert any(p["code"] == "missing_data" for p in made.problems)


def test_make_json_prints_the_id_and_problems(loa: Any, tmp_path: Path) -> None:
    loa(
        "situation",
        "import",
        str(DATA / "portal_2021-12-01_14.csv"),
        "--source",
        "national_portal",
        "--today",
        "2021-12-31",
    )
    loa("situation", "import", str(DATA / "tam_di_2021-12-07_14.csv"), "--today", "2021-12-31")
    listed = json.loads(
        loa("situation", "conflicts", "--date", "2021-12-14", "--format", "json").output
    )
    assert [(c["unit_code"], c["kind"], c["values"]) for c in listed] == [
        ("24", "below_children", {"commune_reports": 44.0, "national_portal": 11.0})
    ]
    made = json.loads(
        loa(
            "bulletin",
            "make",
            "--date",
            "2021-12-14",
            "--kind",
            "radio",
            "--unit",
            TAM_DI,
            "--out",
            str(tmp_path / "out"),
            "--format",
            "json",
            "--actor",
            "lan",
        ).output
    )
    assert made[0]["id"] == 1
    assert "figures_conflict" in {p["code"] for p in made[0]["problems"]}
    refused = loa("bulletin", "approve", "1", "--actor", "minh", "--acknowledge", "x", ok=False)
    assert refused.exit_code == 2 and "Số liệu mâu thuẫn" in refused.output
    shown = loa("bulletin", "show", "1").output
    assert "[Lỗi] Số liệu mâu thuẫn" in shown and "figures_conflict" not in shown
    loa(
        "situation",
        "resolve",
        "--unit",
        "24",
        "--date",
        "2021-12-14",
        "--source",
        "commune_reports",
        "--actor",
        "data",
        "--reason",
        "Báo cáo xã",
    )
    listed = json.loads(
        loa("situation", "conflicts", "--date", "2021-12-14", "--format", "json").output
    )
    assert listed[0]["resolution"]["actor"] == "data" and listed[0]["chosen"] == "commune_reports"
