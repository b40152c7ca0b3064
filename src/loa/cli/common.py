"""What every CLI command shares: settings, the engine, output in Vietnamese or English."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import click
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from loa.errors import InputError, LoaError
from loa.formatting import parse_number
from loa.services.level_rules import configured_rules, rules_named
from loa.settings import Settings, get_settings
from loa.situation.rules import LevelRules
from loa.store.db import make_engine, session_scope
from loa.store.migrate import is_current

__all__ = ["Context", "Number", "cli_actor", "echo_json", "fail", "pass_ctx", "t"]


@dataclass
class Context:
    """Per-invocation state: settings, language and a lazily made engine."""

    settings: Settings
    lang: str
    _engine: Engine | None = field(default=None, repr=False)

    @classmethod
    def create(cls, lang: str | None) -> Context:
        """Return a context from the environment, with `lang` overriding LOA_LANG."""
        settings = get_settings()
        return cls(settings=settings, lang=lang or settings.lang)

    @property
    def engine(self) -> Engine:
        """Return the engine of the configured store."""
        if self._engine is None:
            self._engine = make_engine(self.settings.resolved_database_url())
        return self._engine

    def store_exists(self) -> bool:
        """Return False when the embedded SQLite file has not been created yet (no `loa init`)."""
        url = self.settings.resolved_database_url()
        if url.startswith("sqlite:///"):
            return Path(url.removeprefix("sqlite:///")).exists()
        return True

    @contextmanager
    def session(self, *, migrate: bool = True) -> Iterator[Session]:
        """Yield a transaction on the store; it must be at the newest schema (`loa init`)."""
        if migrate and not is_current(self.engine):
            raise LoaError(
                "Cơ sở dữ liệu chưa được khởi tạo hoặc chưa nâng cấp. Hãy chạy `loa init` trước.",
                "The database is not initialised or not upgraded. Run `loa init` first.",
            )
        with session_scope(self.engine) as session:
            yield session

    def level_rules(self, given: str | None = None) -> LevelRules:
        """Return the rules of a `--rules` option, else those LOA_LEVEL_RULES names."""
        return rules_named(given) if given else configured_rules(self.settings)

    def say(self, vi: str, en: str) -> None:
        """Print a line in the chosen language."""
        click.echo(vi if self.lang == "vi" else en)


pass_ctx = click.make_pass_decorator(Context)


def cli_actor(given: str | None = None) -> str:
    """Return who a command acts as: `--actor` when given, else the login that runs it.

    Every command records its actor this one way, so the audit log names a person (the
    operating-system login, which `person_of` links to a desk account of the same login);
    "cli" only when the system knows no login (a container without a user name).
    """
    if given and given.strip():
        return given.strip()
    try:
        return getpass.getuser()
    except Exception:  # getpass raises OSError, or KeyError without a passwd entry
        return "cli"


def t(ctx: Context, vi: str, en: str) -> str:
    """Return the text in the context's language."""
    return vi if ctx.lang == "vi" else en


def echo_json(data: Any) -> None:
    """Print data as indented UTF-8 JSON (Vietnamese letters kept as they are)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(exc: LoaError) -> NoReturn:
    """Print a Loa error in both languages on stderr and exit with status 2."""
    click.echo(f"Lỗi: {exc.message('vi')}", err=True)
    click.echo(f"Error: {exc.message('en')}", err=True)
    sys.exit(2)


class Number(click.ParamType[float, Any]):
    """A number option read the way the chosen language writes it (`4,7`; `4.7` with --lang en)."""

    name = "number"

    def __init__(self, *, whole: bool = False, minimum: float | None = 0) -> None:
        self.whole = whole
        self.minimum = minimum

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        """Return the option's value as a float (int for a whole number); fail with vi+en."""
        if isinstance(value, int | float):
            return float(value)
        loa = ctx.find_object(Context) if ctx is not None else None
        try:
            number = parse_number(
                str(value),
                lang=loa.lang if loa is not None else "vi",
                whole=self.whole,
                minimum=self.minimum,
            )
        except InputError as exc:
            self.fail(f"{exc.message('vi')} / {exc.message('en')}", param, ctx)
        return number
