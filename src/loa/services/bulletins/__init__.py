"""Bulletin use cases, one module each, re-exported here for the desk, the CLI and the jobs.

drafting   gather the day, render press / portal / loudspeaker, check, store a draft
audio      the speech engine; a draft's audio; one commune's audio on demand
approval   a second person approves a draft with no errors and every warning acknowledged
release    publish an approved version to the channels; correct a published one
reading    the versions, one with its history, its stored texts, its loudspeaker schedule
"""

from __future__ import annotations

from loa.services.bulletins.approval import approve_bulletin
from loa.services.bulletins.audio import render_commune_audio, speech_setup
from loa.services.bulletins.common import MadeFile
from loa.services.bulletins.drafting import (
    KINDS,
    MadeBulletin,
    build_day,
    make_bulletin,
    recheck_bulletin,
)
from loa.services.bulletins.reading import (
    CommuneSchedule,
    list_bulletins,
    previous_version,
    schedule,
    show_bulletin,
    stored_texts,
)
from loa.services.bulletins.release import correct_bulletin, publish_bulletin

__all__ = [
    "KINDS",
    "CommuneSchedule",
    "MadeBulletin",
    "MadeFile",
    "approve_bulletin",
    "build_day",
    "correct_bulletin",
    "list_bulletins",
    "make_bulletin",
    "previous_version",
    "publish_bulletin",
    "recheck_bulletin",
    "render_commune_audio",
    "schedule",
    "show_bulletin",
    "speech_setup",
    "stored_texts",
]
