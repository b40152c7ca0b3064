"""Speech and loudspeaker audio: the engine interface, loudness, files and error messages."""

from __future__ import annotations

import math
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from loa.bulletins.audio import AudioSettings, render_audio, render_many
from loa.bulletins.loudness import (
    integrated_loudness,
    limit_peaks,
    normalise_loudness,
    peak_dbfs,
)
from loa.bulletins.speech import (
    EspeakEngine,
    ToneEngine,
    check_speakable,
    unspeakable_characters,
)
from loa.errors import ConfigError, InputError

SENTENCE = "Xã Tân Dĩnh ghi nhận ba ca mắc mới, đều đã được cách ly."
needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None or shutil.which("lame") is None,
    reason="Debian packages espeak-ng and lame are not installed",
)
needs_lame = pytest.mark.skipif(shutil.which("lame") is None, reason="lame is not installed")


def _sine(frequency: float, seconds: float, rate: int, amplitude: float = 1.0) -> np.ndarray:
    return amplitude * np.sin(2 * np.pi * frequency * np.arange(round(seconds * rate)) / rate)


def _bursty_tone(burst: float, seconds: float = 20.0, rate: int = 22050) -> np.ndarray:
    """A quiet wavering tone with short loud bursts: peaks far above its loudness, as in speech."""
    t = np.arange(round(seconds * rate)) / rate
    tone = 0.1 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    bursts = (t % 0.5) < 0.02
    tone[bursts] += burst * np.sin(2 * np.pi * 1500 * t[bursts])
    return tone


def _wav_info(path: Path) -> tuple[int, int, int]:
    with wave.open(str(path), "rb") as src:
        return src.getnchannels(), src.getsampwidth(), src.getframerate()


# Loudness: BS.1770-4 defines a full-scale 997 Hz sine in one channel as -3.01 LUFS.


@pytest.mark.parametrize("rate", [22050, 44100, 48000])
def test_full_scale_997_hz_sine_measures_minus_3_lufs(rate: int) -> None:
    assert integrated_loudness(_sine(997, 3.0, rate), rate) == pytest.approx(-3.01, abs=0.05)


def test_halving_amplitude_lowers_loudness_by_6_db() -> None:
    loud = integrated_loudness(_sine(1000, 3.0, 22050), 22050)
    quiet = integrated_loudness(_sine(1000, 3.0, 22050, 0.5), 22050)
    assert loud - quiet == pytest.approx(20 * math.log10(2), abs=0.01)


def test_longer_silence_between_phrases_does_not_lower_loudness() -> None:
    tone = _sine(1000, 2.0, 22050, 0.5)
    short_gap = np.concatenate((tone, np.zeros(2 * 22050), tone))
    long_gap = np.concatenate((tone, np.zeros(20 * 22050), tone))
    assert integrated_loudness(long_gap, 22050) == pytest.approx(
        integrated_loudness(short_gap, 22050), abs=0.01
    )


def test_silence_has_no_loudness() -> None:
    assert integrated_loudness(np.zeros(22050), 22050) == -math.inf


def test_limiter_keeps_every_sample_under_the_ceiling_and_leaves_quiet_parts_alone() -> None:
    quiet = _sine(300, 1.0, 22050, 0.1)
    burst = _sine(300, 0.2, 22050, 2.0)
    limited = limit_peaks(np.concatenate((quiet, burst, quiet)), -1.0, 221)
    assert peak_dbfs(limited) <= -1.0 + 1e-9
    assert np.allclose(limited[:15000], quiet[:15000])
    # A smooth gain, not clipping: hardly any sample sits flat on the ceiling.
    assert np.sum(np.abs(limited) > 10 ** (-1.0 / 20) - 1e-6) < 0.02 * burst.size


def test_loudness_reported_after_limiting_matches_a_fresh_measurement() -> None:
    audio = _bursty_tone(0.35)
    plain_gain = 10 ** ((-16.0 - integrated_loudness(audio, 22050)) / 20)
    assert peak_dbfs(audio * plain_gain) > -1.0  # so the limiter has work to do
    result, reported = normalise_loudness(audio, 22050, target_lufs=-16.0, ceiling_dbfs=-1.0)
    measured = integrated_loudness(result, 22050)
    assert reported == pytest.approx(measured, abs=0.01)
    assert measured == pytest.approx(-16.0, abs=0.05)
    assert peak_dbfs(result) <= -1.0 + 1e-9


def test_clip_shorter_than_one_block_is_normalised_under_the_ceiling() -> None:
    audio = _bursty_tone(0.5, seconds=0.3)
    result, reported = normalise_loudness(audio, 22050, target_lufs=-16.0, ceiling_dbfs=-1.0)
    assert integrated_loudness(result, 22050) == pytest.approx(reported, abs=0.01)
    assert reported == pytest.approx(-16.0, abs=0.3)
    assert peak_dbfs(result) <= -1.0 + 1e-9


def test_target_out_of_reach_under_the_ceiling_reports_the_loudness_reached() -> None:
    audio = _bursty_tone(0.5)
    result, reported = normalise_loudness(audio, 22050, target_lufs=-6.0, ceiling_dbfs=-1.0)
    assert reported == pytest.approx(integrated_loudness(result, 22050), abs=1e-9)
    assert reported < -6.3
    assert peak_dbfs(result) <= -1.0 + 1e-9


def test_normalising_leaves_the_caller_s_samples_unchanged() -> None:
    audio = _bursty_tone(0.35, seconds=3.0)
    before = audio.copy()
    normalise_loudness(audio, 22050, target_lufs=-16.0, ceiling_dbfs=-1.0)
    limit_peaks(audio * 4, -1.0, 221)
    assert np.array_equal(audio, before)


# Text reaching the voice


def test_digits_and_symbols_are_unspeakable_but_vietnamese_punctuation_is_fine() -> None:
    assert unspeakable_characters("Ngày 4/11, tăng 12%: “Cô-vít” (vùng vàng)!") == [
        "4",
        "/",
        "1",
        "2",
        "%",
    ]


def test_unverbalised_text_is_refused_in_both_languages() -> None:
    with pytest.raises(InputError) as caught:
        check_speakable("Có 3 ca mắc mới")
    assert "'3'" in caught.value.vi and "verbalise" in caught.value.vi
    assert "'3'" in caught.value.en and "digits" in caught.value.en


def test_empty_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        render_audio(" ... ", tmp_path, "empty", engine=ToneEngine())
    assert "trống" in caught.value.vi and "empty" in caught.value.en
    assert list(tmp_path.iterdir()) == []


# Pipeline logic with the tone engine


@needs_lame
def test_audio_duration_is_speech_plus_head_and_tail_silence(tmp_path: Path) -> None:
    settings = AudioSettings(head_silence_s=0.5, tail_silence_s=1.0)
    text = "bà con " * 20  # 140 characters of 0.05 s
    result = render_audio(text, tmp_path, "x", engine=ToneEngine(), settings=settings)
    assert result.duration_s == pytest.approx(len(text.strip()) * 0.05 + 1.5, abs=0.01)
    with wave.open(str(result.wav_path), "rb") as src:
        first = np.frombuffer(src.readframes(int(0.5 * 22050)), dtype="<i2")
    assert not first.any()


@needs_lame
def test_quiet_speech_is_brought_to_the_target_loudness(tmp_path: Path) -> None:
    quiet = ToneEngine(amplitude=0.01)
    result = render_audio("bà con " * 10, tmp_path, "q", engine=quiet)
    with wave.open(str(result.wav_path), "rb") as src:
        pcm = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2") / 32768.0
    assert integrated_loudness(pcm, 22050) == pytest.approx(-16.0, abs=0.3)
    assert result.loudness_lufs == pytest.approx(-16.0, abs=0.3)


@needs_lame
def test_other_sample_rates_are_converted_to_the_broadcast_rate(tmp_path: Path) -> None:
    engine = ToneEngine(sample_rate=16000)
    result = render_audio("bà con", tmp_path, "r", engine=engine)
    assert _wav_info(result.wav_path) == (1, 2, 22050)
    assert result.duration_s == pytest.approx(6 * 0.05 + 1.5, abs=0.01)


@needs_lame
def test_many_scripts_keep_their_order_across_processes(tmp_path: Path) -> None:
    scripts = [(f"xa-{n}", "bà con " * n) for n in (1, 5, 2, 8)]
    results = render_many(scripts, tmp_path, engine=ToneEngine(), workers=2)
    assert [r.wav_path.name for r in results] == ["xa-1.wav", "xa-5.wav", "xa-2.wav", "xa-8.wav"]
    durations = [r.duration_s for r in results]
    assert durations[1] > durations[2] > durations[0] and durations[3] == max(durations)


def test_one_unverbalised_script_fails_the_batch_before_any_audio(tmp_path: Path) -> None:
    scripts = [("a", "bà con"), ("b", "có 5 ca")]
    with pytest.raises(InputError) as caught:
        render_many(scripts, tmp_path, engine=ToneEngine(), workers=1)
    assert caught.value.where.file == "b"
    assert list(tmp_path.iterdir()) == []


# Missing programs


def test_missing_espeak_says_which_package_to_install(tmp_path: Path) -> None:
    engine = EspeakEngine(executable=str(tmp_path / "no-espeak-ng"))
    with pytest.raises(ConfigError) as caught:
        render_audio(SENTENCE, tmp_path, "x", engine=engine)
    assert "apt-get install espeak-ng" in caught.value.vi
    assert "apt-get install espeak-ng" in caught.value.en
    assert "LOA_ESPEAK_PATH" in caught.value.en


def test_missing_lame_says_which_package_to_install(tmp_path: Path) -> None:
    settings = AudioSettings(lame=str(tmp_path / "no-lame"))
    with pytest.raises(ConfigError) as caught:
        render_audio("bà con", tmp_path, "x", engine=ToneEngine(), settings=settings)
    assert "apt-get install lame" in caught.value.vi
    assert "LOA_AUDIO_LAME_PATH" in caught.value.en
    assert not any(tmp_path.glob("*.wav"))


# The real voice


@needs_espeak
def test_espeak_reads_a_sentence_into_normalised_wav_and_mp3(tmp_path: Path) -> None:
    result = render_audio(SENTENCE, tmp_path, "tan-dinh", engine=EspeakEngine())
    assert 2.0 < result.duration_s < 15.0
    assert _wav_info(result.wav_path) == (1, 2, 22050)
    assert result.mp3_path.read_bytes()[:2] in (b"ID", b"\xff\xf3", b"\xff\xfb", b"\xff\xf2")
    assert result.mp3_path.stat().st_size > 1000
    assert -17.0 <= result.loudness_lufs <= -15.0
    assert result.peak_dbfs <= -1.0 + 1e-6
    assert set(tmp_path.iterdir()) == {result.mp3_path, result.wav_path}


@needs_espeak
def test_slower_rate_gives_longer_audio(tmp_path: Path) -> None:
    slow = render_audio(SENTENCE, tmp_path, "slow", engine=EspeakEngine(rate=110))
    fast = render_audio(SENTENCE, tmp_path, "fast", engine=EspeakEngine(rate=175))
    assert slow.duration_s > fast.duration_s * 1.2


@needs_espeak
def test_paragraph_break_adds_a_pause(tmp_path: Path) -> None:
    joined = render_audio("Thông báo. Bà con chú ý.", tmp_path, "a")
    split = render_audio("Thông báo.\n\nBà con chú ý.", tmp_path, "b")
    assert split.duration_s - joined.duration_s > 0.3


@needs_espeak
def test_unknown_voice_is_reported_with_the_setting_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        render_audio(SENTENCE, tmp_path, "x", engine=EspeakEngine(voice="xx-nowhere"))
    assert "LOA_SPEECH_VOICE" in caught.value.vi and "LOA_SPEECH_VOICE" in caught.value.en
