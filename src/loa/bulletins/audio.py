"""Loudspeaker audio for a bulletin script: WAV and MP3, loudness-normalised, with duration.

Pipeline: speech engine -> mono at the broadcast sample rate -> silence head and tail ->
BS.1770 loudness to the target with a peak ceiling (`loudness.py`, numpy, no ffmpeg) ->
16-bit WAV -> MP3 by Debian's `lame`. `render_many` spreads scripts over a process pool.
"""

from __future__ import annotations

import math
import os
import subprocess
import time
import wave
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import signal  # type: ignore[import-untyped]

from loa.bulletins.loudness import Samples, normalise_loudness, peak_dbfs, rms_dbfs
from loa.bulletins.speech import (
    EspeakEngine,
    SpeechEngine,
    check_speakable,
    resolve_executable,
)
from loa.errors import ConfigError, InputError, Where

__all__ = ["AudioResult", "AudioSettings", "render_audio", "render_many"]


@dataclass(frozen=True)
class AudioSettings:
    """How loudspeaker audio is shaped and encoded (the LOA_AUDIO_* settings)."""

    sample_rate: int = 22050
    loudness_lufs: float = -16.0
    peak_dbfs: float = -1.0
    head_silence_s: float = 0.5
    tail_silence_s: float = 1.0
    mp3_kbps: int = 64
    lame: str = "lame"


@dataclass(frozen=True)
class AudioResult:
    """One rendered script: its files, duration and the levels measured on the WAV."""

    wav_path: Path
    mp3_path: Path
    duration_s: float
    loudness_lufs: float
    peak_dbfs: float
    rms_dbfs: float
    sample_rate: int
    render_s: float = 0.0  # wall time spent making both files


@dataclass(frozen=True)
class _Job:
    text: str
    stem: str
    out_dir: Path
    engine: SpeechEngine
    settings: AudioSettings = field(default_factory=AudioSettings)


def _read_wav(path: Path) -> tuple[Samples, int]:
    """Return the samples of a 16-bit PCM WAV file as mono floats, and its sample rate."""
    try:
        with wave.open(str(path), "rb") as src:
            channels, width, rate = src.getnchannels(), src.getsampwidth(), src.getframerate()
            raw = src.readframes(src.getnframes())
    except (wave.Error, EOFError) as exc:
        raise ConfigError(
            f"Bộ đọc giọng nói tạo ra tệp WAV hỏng ({exc}).",
            f"The speech engine wrote a broken WAV file ({exc}).",
            where=Where(file=str(path)),
        ) from exc
    if width != 2:
        raise ConfigError(
            f"Bộ đọc giọng nói phải tạo WAV 16 bit, nhưng tệp có {8 * width} bit.",
            f"The speech engine must write 16-bit WAV, but the file has {8 * width} bits.",
            where=Where(file=str(path)),
        )
    samples = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


def _write_wav(path: Path, samples: Samples, sample_rate: int) -> None:
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())


def _wav_duration(path: Path) -> float:
    """Return the playing time of a WAV file in seconds, read from its header."""
    with wave.open(str(path), "rb") as src:
        return src.getnframes() / src.getframerate()


def _encode_mp3(lame: str, wav_path: Path, mp3_path: Path, settings: AudioSettings) -> None:
    # ReplayGain analysis would triple lame's time and is useless: the level is already set.
    command = [lame, "--quiet", "--noreplaygain", "-m", "m", "-b", str(settings.mp3_kbps)]
    done = subprocess.run(
        [*command, "-q", "7", str(wav_path), str(mp3_path)], capture_output=True, check=False
    )
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip()
        raise ConfigError(
            f"lame không mã hoá được MP3: {problem}. Kiểm tra LOA_AUDIO_MP3_KBPS.",
            f"lame could not encode the MP3: {problem}. Check LOA_AUDIO_MP3_KBPS.",
            where=Where(file=str(mp3_path)),
        )


def render_audio(
    text: str,
    out_dir: Path,
    stem: str,
    *,
    engine: SpeechEngine | None = None,
    settings: AudioSettings | None = None,
) -> AudioResult:
    """Return the WAV and MP3 of `text` spoken, written as `out_dir/stem.wav` and `.mp3`.

    The text must be verbalised already (no digits or symbols). The audio is mono 16-bit at
    `settings.sample_rate`, framed by silence, brought to `settings.loudness_lufs` (BS.1770)
    with sample peaks under `settings.peak_dbfs`. Raises InputError for an empty or
    unverbalised text and ConfigError when the engine or `lame` is missing or fails.
    """
    started = time.perf_counter()
    engine = engine or EspeakEngine()
    settings = settings or AudioSettings()
    text = check_speakable(text, where=Where(file=stem))
    # Found before any audio is made, so a missing encoder costs nothing and leaves no files.
    lame = resolve_executable(settings.lame, package="lame", setting="LOA_AUDIO_LAME_PATH")
    out_dir.mkdir(parents=True, exist_ok=True)
    wav_path, mp3_path = out_dir / f"{stem}.wav", out_dir / f"{stem}.mp3"
    speech_path = out_dir / f".{stem}.speech.wav"
    try:
        engine.synthesise(text, speech_path)
        samples, rate = _read_wav(speech_path)
    finally:
        speech_path.unlink(missing_ok=True)
    if rate != settings.sample_rate:
        common = math.gcd(rate, settings.sample_rate)
        samples = signal.resample_poly(samples, settings.sample_rate // common, rate // common)
    head = np.zeros(round(settings.head_silence_s * settings.sample_rate))
    tail = np.zeros(round(settings.tail_silence_s * settings.sample_rate))
    samples, loudness = normalise_loudness(
        np.concatenate((head, samples, tail)),
        settings.sample_rate,
        target_lufs=settings.loudness_lufs,
        ceiling_dbfs=settings.peak_dbfs,
    )
    if not math.isfinite(loudness):
        raise InputError(
            "Bộ đọc giọng nói chỉ tạo ra khoảng lặng; kiểm tra nội dung và giọng đọc.",
            "The speech engine produced only silence; check the text and the voice.",
            where=Where(file=stem),
        )
    _write_wav(wav_path, samples, settings.sample_rate)
    _encode_mp3(lame, wav_path, mp3_path, settings)
    return AudioResult(
        wav_path=wav_path,
        mp3_path=mp3_path,
        duration_s=_wav_duration(wav_path),
        loudness_lufs=loudness,
        peak_dbfs=peak_dbfs(samples),
        rms_dbfs=rms_dbfs(samples),
        sample_rate=settings.sample_rate,
        render_s=time.perf_counter() - started,
    )


def _render_job(job: _Job) -> AudioResult:
    return render_audio(job.text, job.out_dir, job.stem, engine=job.engine, settings=job.settings)


def render_many(
    scripts: Sequence[tuple[str, str]],
    out_dir: Path,
    *,
    engine: SpeechEngine | None = None,
    settings: AudioSettings | None = None,
    workers: int | None = None,
) -> list[AudioResult]:
    """Return the audio of each `(stem, text)` script, in order, rendered by a process pool.

    `workers` defaults to the CPU count; 1 renders in this process. Every text is checked
    before any audio is made, so one unverbalised script fails the batch at once.
    """
    engine = engine or EspeakEngine()
    settings = settings or AudioSettings()
    for stem, text in scripts:
        check_speakable(text, where=Where(file=stem))
    jobs = [_Job(text, stem, out_dir, engine, settings) for stem, text in scripts]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) <= 1:
        return [_render_job(job) for job in jobs]
    # Several scripts per task amortise pickling; small enough that both cores end together.
    chunksize = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_render_job, jobs, chunksize=chunksize))
