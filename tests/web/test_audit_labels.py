"""The audit log speaks a person's words: every event, subject and field Loa records has a label.

The events are found where the code records them (`DomainEvent(...)` and the `before`/`after`
states next to it), so an event added without its label fails here before anyone sees
"duration s" or "listen item" on the audit page.
"""

from __future__ import annotations

import re
from pathlib import Path

from loa.web.i18n import load_translations
from loa.web.labels import FIELDS, LABELS, label

SRC = Path(__file__).resolve().parents[2] / "src" / "loa"
CONSTANT = re.compile(r'^([A-Z_]+)\s*=\s*"([a-z_]+(?:\.[a-z_]+)+)"', re.M)
EVENT = re.compile(r'DomainEvent\(\s*(?:kind=)?("[\w.]+"|[A-Z_]+)\s*,\s*(?:subject_type=)?"(\w+)"')
KEYWORD_KIND = re.compile(r'\bkind="(\w+(?:\.\w+)+)"')
KEYWORD_SUBJECT = re.compile(r'\bsubject_type="(\w+)"')
STATE = re.compile(r"\b(?:after|before)\s*=\s*\{([^{}]*)\}")
STATE_ITEM = re.compile(r'\b(?:after|before)\["(\w+)"\]\s*=')
KEY = re.compile(r'"(\w+)"\s*:')


def _recorded() -> tuple[set[str], set[str], set[str]]:
    kinds: set[str] = set()
    subjects: set[str] = set()
    fields: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        constants = dict(CONSTANT.findall(text))
        for kind, subject in EVENT.findall(text):
            kinds.add(kind.strip('"') if kind.startswith('"') else constants[kind])
            subjects.add(subject)
        kinds.update(KEYWORD_KIND.findall(text))
        subjects.update(KEYWORD_SUBJECT.findall(text))
        for state in STATE.findall(text):
            fields.update(KEY.findall(state))
        fields.update(STATE_ITEM.findall(text))
    return kinds, subjects, fields


def test_the_scan_finds_what_the_code_records() -> None:
    kinds, subjects, fields = _recorded()
    assert {"task.split", "bulletin.audio_made", "listen.item.reclassified"} <= kinds
    assert {"task", "figure", "listen_item"} <= subjects
    assert {"status", "duration_s", "previous_version_id", "user"} <= fields


def test_every_recorded_event_subject_and_field_has_a_label_in_both_languages() -> None:
    kinds, subjects, fields = _recorded()
    english = load_translations().gettext("en")
    missing = (
        [f"event {k}" for k in sorted(kinds) if k not in LABELS["event"]]
        + [f"subject {s}" for s in sorted(subjects) if s not in LABELS["subject"]]
        + [f"field {f}" for f in sorted(fields) if f not in FIELDS]
    )
    assert missing == []
    shown = (
        [LABELS["event"][k] for k in kinds]
        + [LABELS["subject"][s] for s in subjects]
        + [FIELDS[f] for f in fields]
    )
    untranslated = sorted({v for v in shown if english(v) == v})
    assert untranslated == []


def test_an_audio_event_reads_as_words_on_both_languages() -> None:
    assert label("event", "bulletin.audio_made") == "làm âm thanh cho xã"
    assert label("event", "bulletin.audio_made", load_translations().gettext("en")) == (
        "commune audio made"
    )
