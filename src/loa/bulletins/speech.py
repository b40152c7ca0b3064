"""Text-to-speech behind one small interface: eSpeak NG for real, a tone generator for tests.

The text must already be verbalised (`loa.bulletins.verbalise.verbalise`): eSpeak's Vietnamese
voice reads dates digit by digit and hands Latin acronyms ("UBND", "covid") to its English
voice, so `check_speakable` refuses digits and symbols instead of letting them reach a
loudspeaker misread. Blank lines between paragraphs become pauses.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape

import numpy as np

from loa.errors import ConfigError, InputError, Where
from loa.text import nfc

__all__ = [
    "EspeakEngine",
    "SpeechEngine",
    "ToneEngine",
    "check_speakable",
    "resolve_executable",
    "unspeakable_characters",
]

# Punctuation eSpeak turns into pauses or ignores; anything else that is not a letter would be
# read aloud as a symbol name, or in the English voice.
_SPOKEN_PUNCTUATION = frozenset(".,;:!?-–—'\"()…«»“”‘’")


class SpeechEngine(Protocol):
    """Something that reads Vietnamese text aloud into a WAV file."""

    def synthesise(self, text: str, wav_path: Path) -> None:
        """Write the spoken `text` as a PCM WAV file at `wav_path`; return nothing."""
        ...


def unspeakable_characters(text: str) -> list[str]:
    """Return the characters a speech engine would misread (digits, symbols), first seen first."""
    found: dict[str, None] = {}
    for char in nfc(text):
        if char.isspace() or char in _SPOKEN_PUNCTUATION:
            continue
        if unicodedata.category(char).startswith(("L", "M")):
            continue
        found[char] = None
    return list(found)


def check_speakable(text: str, *, where: Where | None = None) -> str:
    """Return `text` in NFC if it has words and nothing a speech engine would misread.

    Raises InputError (Vietnamese and English) for an empty text or for digits and symbols left
    in it, naming them, so the caller knows to run the verbaliser first.
    """
    text = nfc(text).strip()
    if not any(unicodedata.category(c).startswith("L") for c in text):
        raise InputError(
            "Văn bản cần đọc đang trống (không có chữ nào). Hãy soạn nội dung bản tin trước.",
            "The text to speak is empty (it has no words). Write the bulletin first.",
            where=where,
        )
    bad = unspeakable_characters(text)
    if bad:
        shown = " ".join(repr(c) for c in bad[:10])
        raise InputError(
            f"Văn bản còn chữ số hoặc ký hiệu máy đọc sẽ đọc sai: {shown}. "
            "Hãy chuyển số và ký hiệu thành chữ (loa.bulletins.verbalise) trước khi đọc.",
            f"The text still has digits or symbols the voice would misread: {shown}. "
            "Spell numbers and symbols out in words (loa.bulletins.verbalise) before speaking.",
            where=where,
        )
    return text


def resolve_executable(executable: str, *, package: str, setting: str) -> str:
    """Return the full path of `executable`, or raise ConfigError saying what to install."""
    path = shutil.which(executable)
    if path is None:
        raise ConfigError(
            f"Không tìm thấy chương trình '{executable}'. Hãy cài gói Debian '{package}' "
            f"(apt-get install {package}) hoặc đặt biến {setting} trỏ tới chương trình.",
            f"Program '{executable}' was not found. Install the Debian package '{package}' "
            f"(apt-get install {package}) or point {setting} at the program.",
        )
    return path


def _ssml(text: str, paragraph_pause_ms: int) -> str:
    """Return `text` as SSML, with a pause at each blank line between paragraphs."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    pause = f' <break time="{paragraph_pause_ms}ms"/> '
    return "<speak>" + pause.join(escape(p) for p in paragraphs) + "</speak>"


@dataclass(frozen=True)
class EspeakEngine:
    """eSpeak NG's Vietnamese voice, tuned slow and clear for outdoor loudspeakers.

    `rate` is eSpeak's words per minute (about 145 Vietnamese syllables a minute with
    `word_gap` 2, against 175 by default); `word_gap` is in units of 10 ms; `amplitude` 60
    leaves headroom because eSpeak's default 100 squashes its own peaks at full scale.
    """

    executable: str = "espeak-ng"
    voice: str = "vi"
    rate: int = 130
    pitch: int = 45
    word_gap: int = 2
    amplitude: int = 60
    paragraph_pause_ms: int = 1000

    def command(self, wav_path: Path) -> list[str]:
        """Return the eSpeak NG command line that reads SSML on stdin into `wav_path`."""
        exe = resolve_executable(self.executable, package="espeak-ng", setting="LOA_ESPEAK_PATH")
        return [
            exe,
            *("-v", self.voice, "-s", str(self.rate), "-p", str(self.pitch)),
            *("-g", str(self.word_gap), "-a", str(self.amplitude)),
            *("-m", "-b", "1", "--stdin", "-w", str(wav_path)),
        ]

    def synthesise(self, text: str, wav_path: Path) -> None:
        """Write `text` spoken by eSpeak NG to `wav_path` (mono 16-bit, 22,050 Hz); return None."""
        command = self.command(wav_path)
        done = subprocess.run(
            command,
            input=_ssml(text, self.paragraph_pause_ms).encode("utf-8"),
            capture_output=True,
            check=False,
        )
        # eSpeak NG reports an unknown voice on stderr but may still exit 0 with no file.
        problem = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0 or not wav_path.exists() or wav_path.stat().st_size <= 44:
            raise ConfigError(
                f"eSpeak NG không đọc được văn bản (giọng '{self.voice}'): {problem}. "
                "Kiểm tra giọng bằng 'espeak-ng --voices=vi' và biến LOA_SPEECH_VOICE.",
                f"eSpeak NG could not speak the text (voice '{self.voice}'): {problem}. "
                "Check the voice with 'espeak-ng --voices=vi' and LOA_SPEECH_VOICE.",
            )


@dataclass(frozen=True)
class ToneEngine:
    """A stand-in voice for tests: a 440 Hz tone whose length grows with the text."""

    seconds_per_character: float = 0.05
    frequency: float = 440.0
    sample_rate: int = 22050
    amplitude: float = 0.3

    def synthesise(self, text: str, wav_path: Path) -> None:
        """Write a tone of `seconds_per_character` per character of `text`; return None."""
        frames = round(len(text) * self.seconds_per_character * self.sample_rate)
        phase = 2 * np.pi * self.frequency / self.sample_rate * np.arange(frames)
        samples = np.round(self.amplitude * 32767 * np.sin(phase)).astype("<i2")
        with wave.open(str(wav_path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(self.sample_rate)
            out.writeframes(samples.tobytes())
