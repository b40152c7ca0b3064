"""Loa's settings: one class, read from `LOA_*` environment variables (see docs/settings.md)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


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

    def resolved_database_url(self) -> str:
        """Return the database URL, defaulting to SQLite in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'loa.db').as_posix()}"


def get_settings() -> Settings:
    """Return settings read from the environment now (never cached, so tests can vary them)."""
    return Settings()
