"""Loudspeaker audio for a bulletin script: WAV and MP3, loudness-normalised, with duration.

Pipeline: speech engine -> mono at the broadcast sample rate -> silence head and tail ->
BS.1770 loudness to the target with a peak ceiling (`loudness.py`, numpy, no ffmpeg) ->
16-bit WAV -> MP3 by Debian's `lame`. `render_many` spreads scripts over a process pool.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import os
import resource
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

__all__ = ["AudioResult", "AudioSettings", "StageCpu", "render_audio", "render_many"]


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
class StageCpu:
    """CPU seconds one script spent in each stage, its child programs included."""

    speech: float = 0.0  # the speech engine (eSpeak NG runs as a child process)
    loudness: float = 0.0  # measuring, gain and peak limiting
    files: float = 0.0  # reading the speech, writing the WAV, the levels reported
    mp3: float = 0.0  # the MP3 encoder (lame runs as a child process)

    @property
    def total(self) -> float:
        """Return the CPU seconds of all stages together."""
        return self.speech + self.loudness + self.files + self.mp3


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
    cpu: StageCpu = field(default_factory=StageCpu)


@dataclass(frozen=True)
class _Job:
    text: str
    stem: str
    out_dir: Path
    engine: SpeechEngine
    settings: AudioSettings = field(default_factory=AudioSettings)


def _read_wav(path: Path, head: float, tail: float, sample_rate: int) -> Samples:
    """Return a 16-bit PCM WAV file as mono floats at `sample_rate`, with `head` and `tail`
    seconds of silence around it."""
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
    pcm = np.frombuffer(raw, dtype="<i2")
    if channels > 1 or rate != sample_rate:
        speech = pcm.reshape(-1, channels).mean(axis=1) / 32768
        common = math.gcd(rate, sample_rate)
        speech = signal.resample_poly(speech, sample_rate // common, rate // common)
    else:
        speech = pcm
    # Converted straight into the framed array: one pass over the samples, not three.
    start = round(head * sample_rate)
    framed = np.zeros(start + speech.size + round(tail * sample_rate))
    np.multiply(
        speech, 1 / 32768 if speech is pcm else 1.0, out=framed[start : start + speech.size]
    )
    return framed


def _write_wav(path: Path, samples: Samples, sample_rate: int, peak: float) -> None:
    """Write `samples` (whose largest magnitude is `peak`) as a mono 16-bit WAV file."""
    scaled = samples * 32767
    np.rint(scaled, out=scaled)
    if peak > 1.0:  # never after limiting to a ceiling under full scale
        np.clip(scaled, -32768, 32767, out=scaled)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(scaled.astype("<i2").data)


def _cpu_seconds() -> float:
    """Return the CPU seconds used so far by this process and the child programs it waited for."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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
    clock = [_cpu_seconds()]
    try:
        engine.synthesise(text, speech_path)
        clock.append(_cpu_seconds())
        framed = _read_wav(
            speech_path, settings.head_silence_s, settings.tail_silence_s, settings.sample_rate
        )
    finally:
        speech_path.unlink(missing_ok=True)
    clock.append(_cpu_seconds())
    samples, loudness = normalise_loudness(
        framed,
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
    clock.append(_cpu_seconds())
    peak = peak_dbfs(samples)
    _write_wav(wav_path, samples, settings.sample_rate, 10 ** (peak / 20))
    rms = rms_dbfs(samples)
    clock.append(_cpu_seconds())
    _encode_mp3(lame, wav_path, mp3_path, settings)
    clock.append(_cpu_seconds())
    speech, read, level, write, mp3 = np.diff(clock)
    return AudioResult(
        wav_path=wav_path,
        mp3_path=mp3_path,
        duration_s=_wav_duration(wav_path),
        loudness_lufs=loudness,
        peak_dbfs=peak,
        rms_dbfs=rms,
        sample_rate=settings.sample_rate,
        render_s=time.perf_counter() - started,
        cpu=StageCpu(float(speech), float(level), float(read + write), float(mp3)),
    )


def _keep_freed_memory() -> None:
    """Ask glibc to keep freed memory for reuse in this (worker) process; return nothing.

    A script's audio passes through arrays of about 25 MB. glibc hands such blocks back to the
    kernel when they are freed, and every new one then costs thousands of page faults and a
    fresh zeroing: about a fifth of a worker's own CPU time on 130 s scripts. Elsewhere than
    glibc this does nothing.
    """
    trim_threshold, mmap_threshold = -1, -3  # mallopt parameters, from glibc's malloc.h
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt(trim_threshold, 1 << 30)
        libc.mallopt(mmap_threshold, 1 << 25)  # 32 MB, the largest glibc accepts
    except (OSError, AttributeError):
        return


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
    # One script per task: a task costs well under a millisecond against a third of a second
    # of audio work, and the cores then finish within one script of each other.
    with ProcessPoolExecutor(max_workers=workers, initializer=_keep_freed_memory) as pool:
        return list(pool.map(_render_job, jobs))
