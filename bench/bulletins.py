"""Bulletins for one day: a loudspeaker script and its audio for all 209 communes of Bắc Giang.

Run `.venv/bin/python bench/bulletins.py` (under a minute; needs Debian `espeak-ng` and
`lame`). It times, on this machine:

  (a) scripts: Loa's own script builder (`loa.bulletins.radio.radio_script` through
      `services.bulletins.build_day`) for every commune, on a demo store of Bắc Giang with the
      real 2021 case data (built before the clock starts), then `verbalise`;
  (b) audio: `render_many` over a process pool sized to the CPU count (eSpeak NG, BS.1770
      loudness to -16 LUFS, WAV and 64 kbps MP3), with the CPU time of each stage as every
      worker measured it.

The target is (a) + (b) under 60 s. The baseline, run in the same process, renders a
20-script subsample one after the other in this process (`workers=1`) and is extrapolated to
all scripts; where `sox` is installed, the naive pipeline (eSpeak to a WAV, `sox` to pad and
peak-normalise, `lame` with its defaults) is timed on the same subsample too. Figures go to
docs/performance.md, section "Bulletins audio" (`--no-write` leaves it alone).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy import Engine

from loa.bulletins.audio import AudioResult, AudioSettings, render_many
from loa.bulletins.issuer import load_issuer
from loa.bulletins.loudness import integrated_loudness
from loa.bulletins.radio import radio_script
from loa.bulletins.rendering import template_env
from loa.bulletins.speech import EspeakEngine
from loa.bulletins.verbalise import verbalise
from loa.services.bulletins import build_day
from loa.services.demo import load_demo
from loa.services.directory import load_national_directory
from loa.store.db import make_engine, session_scope
from loa.store.migrate import upgrade

PROVINCE = "24"  # Bắc Giang
DAY = date(2021, 5, 25)  # in the 2021 outbreak: every commune has figures and a level
TARGET_SECONDS = 60.0
SAMPLE = 20
ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Bulletins audio"


def demo_store(folder: Path) -> Engine:
    """Return an engine on a new SQLite store holding the Bắc Giang demo (not timed)."""
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_national_directory(session)
        load_demo(session, province_code=PROVINCE)
    return engine


def build_scripts(engine: Engine, day: date) -> list[tuple[str, str]]:
    """Return (unit code, verbalised loudspeaker script) for every commune of Bắc Giang."""
    with session_scope(engine) as session:
        bulletin = build_day(session, province_code=PROVINCE, day=day)
    env, issuer = template_env(), load_issuer()
    return [
        (unit.code, radio_script(env, bulletin, unit, issuer, "vi", verbalise=verbalise))
        for unit in bulletin.communes
    ]


def _naive(scripts: list[tuple[str, str]], out: Path) -> float:
    """Return the seconds the naive three-program pipeline takes over `scripts`."""
    started = time.perf_counter()
    for stem, text in scripts:
        raw, wav = out / f"{stem}.raw.wav", out / f"{stem}.wav"
        subprocess.run(["espeak-ng", "-v", "vi", "-s", "130", "-w", str(raw), text], check=True)
        subprocess.run(
            ["sox", str(raw), str(wav), "pad", "0.5", "1.0", "gain", "-n", "-1"], check=True
        )
        subprocess.run(["lame", "--quiet", "-m", "m", "-b", "64", str(wav)], check=True)
    return time.perf_counter() - started


def _remeasured(result: AudioResult) -> float:
    """Return the loudness of the WAV file `result` wrote, measured afresh from the file."""
    with wave.open(str(result.wav_path), "rb") as src:
        pcm = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2")
    return integrated_loudness(pcm / 32768, result.sample_rate)


def _cpu_seconds() -> float:
    """Return CPU seconds used by this process and every child it has waited for."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def _write_section(lines: list[str]) -> Path:
    """Put `lines` under the "Bulletins audio" heading of docs/performance.md; return its path."""
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    section = "\n".join([SECTION, "", *lines]) + "\n"
    if SECTION in text:
        start = text.index(SECTION)
        following = text.find("\n## ", start + len(SECTION))
        end = len(text) if following < 0 else following + 1
        text = text[:start] + section + ("\n" + text[end:] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    """Run the bench, print the figures and record them in docs/performance.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the audio in this folder")
    parser.add_argument("--no-write", action="store_true", help="leave docs/performance.md")
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    engine, settings = EspeakEngine(), AudioSettings()

    with tempfile.TemporaryDirectory() as tmp:
        engine_store = demo_store(Path(tmp))
        out = args.out or Path(tmp)
        load = os.getloadavg()[0]
        cpu_started = _cpu_seconds()
        started = time.perf_counter()
        scripts = build_scripts(engine_store, DAY)
        scripts_s = time.perf_counter() - started
        results: list[AudioResult] = render_many(
            scripts, out / "all", engine=engine, settings=settings, workers=workers
        )
        total_s = time.perf_counter() - started
        cpu_s = _cpu_seconds() - cpu_started
        audio_s = total_s - scripts_s

        sample = random.Random(7).sample(scripts, SAMPLE)
        # The loudness reported is predicted from one measurement; check it against the files.
        drift = max(
            abs(_remeasured(r) - r.loudness_lufs) for r in random.Random(7).sample(results, SAMPLE)
        )
        t0 = time.perf_counter()
        render_many(sample, out / "sequential", engine=engine, settings=settings, workers=1)
        sequential_s = (time.perf_counter() - t0) / SAMPLE * len(scripts)
        naive_s = None
        if shutil.which("sox"):
            (out / "naive").mkdir(parents=True, exist_ok=True)
            naive_s = _naive(sample, out / "naive") / SAMPLE * len(scripts)

    minutes = sum(r.duration_s for r in results) / 60
    stage = {
        name: statistics.mean(getattr(r.cpu, name) for r in results)
        for name in ("speech", "loudness", "files", "mp3")
    }
    per_script_cpu = statistics.mean(r.cpu.total for r in results)
    per_script = [r.render_s for r in results]
    words = statistics.mean(len(text.split()) for _, text in scripts)
    loudness = [r.loudness_lufs for r in results]
    lines = [
        f"`bench/bulletins.py`, {platform.machine()}, {workers} CPUs, Python "
        f"{platform.python_version()}; scripts for {len(scripts)} communes of Bắc Giang on "
        f"{DAY:%d/%m/%Y}, {words:.0f} spoken words each on average (Loa's script builder on "
        "the demo store with the real 2021 case data).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| total wall time (scripts + audio) | {total_s:.1f} s (target {TARGET_SECONDS:.0f} s: "
        f"{'met' if total_s < TARGET_SECONDS else 'missed'}) |",
        f"| CPU time, all processes | {cpu_s:.1f} s, so about {cpu_s / workers:.0f} s of wall "
        f"time on {workers} otherwise idle cores (load average {load:.1f} at the start) |",
        f"| scripts / audio | {scripts_s:.2f} s / {audio_s:.1f} s ({workers} processes) |",
        f"| audio produced | {minutes:.1f} min in {len(results)} WAV + MP3 pairs |",
        f"| realtime factor | {minutes * 60 / total_s:.0f}x |",
        f"| per script p50 / p95 | {_percentile(per_script, 50):.2f} s / "
        f"{_percentile(per_script, 95):.2f} s (inside a worker) |",
        f"| loudness of the files | {min(loudness):.2f} to {max(loudness):.2f} LUFS "
        f"(target {settings.loudness_lufs:.0f}), peaks at most "
        f"{max(r.peak_dbfs for r in results):.2f} dBFS; measured again on {SAMPLE} written WAV "
        f"files, at most {drift:.3f} LU from the figure reported |",
        f"| baseline: one process, {SAMPLE} scripts extrapolated | {sequential_s:.1f} s "
        f"({sequential_s / audio_s:.1f}x the pooled audio time) |",
    ]
    if naive_s is not None:
        lines.append(
            f"| baseline: naive espeak-ng, sox, lame (one process, extrapolated) | "
            f"{naive_s:.1f} s ({naive_s / audio_s:.1f}x the pooled audio time) |"
        )
    lines += [
        f"| CPU per script, by stage | eSpeak NG {stage['speech']:.3f} s, loudness and limiter "
        f"{stage['loudness']:.3f} s, reading and writing {stage['files']:.3f} s, lame "
        f"{stage['mp3']:.3f} s: {per_script_cpu:.3f} s in all (budget for {TARGET_SECONDS:.0f} s "
        f"on {workers} cores: {TARGET_SECONDS * workers / len(scripts):.2f} s) |",
        "",
        f"CPU per script in all processes: {cpu_s / len(results):.2f} s for "
        f"{minutes * 60 / len(results):.0f} s of speech. When the load average is above the "
        "core count, other jobs share the cores: the wall figures are then inflated, pooling "
        "gains little, and the CPU line is the estimate for an idle machine; confirm the "
        "target on one before calling it met. Audio length drives the time: the slow "
        "loudspeaker rate gives about 145 syllables a minute, so spoken-out numbers and dates "
        "lengthen every script.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        print(f"written to {_write_section(lines)}", file=sys.stderr)


if __name__ == "__main__":
    main()
