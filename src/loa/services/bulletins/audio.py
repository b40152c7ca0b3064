"""Loudspeaker audio: the speech engine the settings ask for, a draft's audio, one commune's on demand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from loa.bulletins import workflow
from loa.bulletins.audio import AudioSettings, render_many
from loa.bulletins.speech import EspeakEngine
from loa.errors import InputError, NotFoundError
from loa.events import DomainEvent
from loa.services.bulletins.common import MadeFile, bulletin_row, sha256_of
from loa.services.events import record
from loa.settings import Settings, get_settings


def speech_setup(
    settings: Settings | None = None,
) -> tuple[EspeakEngine, AudioSettings, int | None]:
    """Return the speech engine, audio shaping and worker count the LOA_SPEECH/AUDIO settings ask for."""
    s = settings or get_settings()
    engine = EspeakEngine(
        executable=s.espeak_path,
        voice=s.speech_voice,
        rate=s.speech_rate,
        pitch=s.speech_pitch,
        word_gap=s.speech_word_gap,
        amplitude=s.speech_amplitude,
        paragraph_pause_ms=s.speech_paragraph_pause_ms,
    )
    shaping = AudioSettings(
        sample_rate=s.audio_sample_rate,
        loudness_lufs=s.audio_loudness_lufs,
        peak_dbfs=s.audio_peak_dbfs,
        mp3_kbps=s.audio_mp3_kbps,
        lame=s.audio_lame_path,
    )
    return engine, shaping, (s.audio_workers or None)


def with_audio(
    files: list[MadeFile], scripts: dict[str, str], out_dir: Path, stem: str, engine: Any
) -> list[MadeFile]:
    """Return the radio files with the audio of each script, rendered by a process pool."""
    configured, shaping, workers = speech_setup()
    results = render_many(
        [(f"{stem}-{code}", text) for code, text in scripts.items()],
        out_dir,
        engine=engine or configured,
        settings=shaping,
        workers=workers,
    )
    return [
        replace(made, audio_path=result.mp3_path, duration_s=round(result.duration_s, 2))
        for made, result in zip(files, results, strict=True)
    ]


def render_commune_audio(
    session: Session, bulletin_id: int, unit_code: str, *, actor: str, engine: Any = None
) -> float:
    """Return the duration of a commune's audio after speaking its stored, unchanged script.

    Refused for a published version (it takes no new files) and for a script changed on disk
    since drafting (its digest no longer matches): what is spoken is what was checked.
    """
    row = bulletin_row(session, bulletin_id)
    if row.state == workflow.PUBLISHED:
        raise InputError(
            "Bản tin đã phát hành không được thêm tệp; hãy làm bản đính chính.",
            "A published bulletin takes no new files; make a correction instead.",
        )
    files = [dict(f) for f in row.texts.get("files", [])]
    entry = next((f for f in files if f.get("unit_code") == unit_code), None)
    script = Path(entry["path"]) if entry else None
    if entry is None or script is None or not script.is_file():
        raise NotFoundError(
            f"Bản tin {bulletin_id} không có bài phát thanh cho xã {unit_code}.",
            f"Bulletin {bulletin_id} has no loudspeaker script for commune {unit_code}.",
        )
    if sha256_of(script) != entry["sha256"]:
        raise InputError(
            f"Tệp {script.name} đã bị sửa sau khi soạn; không đọc thành âm thanh. Hãy soạn lại.",
            f"File {script.name} changed after drafting; it is not spoken. Draft it again.",
        )
    configured, shaping, _workers = speech_setup()
    [result] = render_many(
        [(script.stem, script.read_text(encoding="utf-8"))],
        script.parent,
        engine=engine or configured,
        settings=shaping,
        workers=1,
    )
    entry["audio_path"] = str(result.mp3_path)
    entry["duration_s"] = round(result.duration_s, 2)
    entry["audio_sha256"] = sha256_of(result.mp3_path)
    row.texts = dict(row.texts) | {
        "files": [entry if f.get("unit_code") == unit_code else f for f in files]
    }
    record_audio(session, row.id, unit_code, entry["duration_s"], actor=actor)
    session.flush()
    return float(entry["duration_s"])


def record_audio(
    session: Session, bulletin_id: int, unit_code: str, duration_s: float, *, actor: str
) -> None:
    """Record that a commune's audio was made, whether with the draft or on request later."""
    record(
        session,
        DomainEvent(
            "bulletin.audio_made", "bulletin", str(bulletin_id), actor,
            after={"unit_code": unit_code, "duration_s": duration_s},
        ),
    )  # fmt: skip
