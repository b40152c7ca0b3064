"""Jinja2 templates of the bulletin forms, in Vietnamese and English, editable by the office.

Templates are looked up first in `$LOA_BULLETIN_DIR/templates/`, then in Loa's own
`loa/bulletins/templates/`, so an office overrides one file by copying it and editing the copy.
Names are `<form>.<lang>.<ext>.j2`: press.vi.txt.j2, portal.en.html.j2, radio.vi.txt.j2.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)

from loa.errors import ConfigError, Where
from loa.formatting import format_date, format_number

__all__ = ["LANGS", "LEVEL_NAMES", "change_words", "render", "template_env"]

LANGS = ("vi", "en")
LEVEL_NAMES = {
    "vi": {1: "cấp 1 (nguy cơ thấp, vùng xanh)", 2: "cấp 2 (nguy cơ trung bình, vùng vàng)",
           3: "cấp 3 (nguy cơ cao, vùng cam)", 4: "cấp 4 (nguy cơ rất cao, vùng đỏ)"},
    "en": {1: "level 1 (low risk, green)", 2: "level 2 (medium risk, yellow)",
           3: "level 3 (high risk, orange)", 4: "level 4 (very high risk, red)"},
}  # fmt: skip


def change_words(delta: float | None, lang: str = "vi", decimals: int = 0) -> str:
    """Return a change as words: 'tăng 3', 'giảm 2', 'không đổi' (or 'up 3', 'down 2')."""
    if delta is None:
        return "chưa so sánh được" if lang == "vi" else "no comparison"
    if round(delta, decimals) == 0:
        return "không đổi" if lang == "vi" else "unchanged"
    amount = format_number(abs(delta), decimals, lang)
    if lang == "vi":
        return f"{'tăng' if delta > 0 else 'giảm'} {amount}"
    return f"{'up' if delta > 0 else 'down'} {amount}"


def _level_name(level: int | None, lang: str = "vi") -> str:
    if not level:
        return "chưa xác định cấp độ" if lang == "vi" else "no level assessed"
    return LEVEL_NAMES["vi" if lang == "vi" else "en"].get(level, str(level))


def _date(day: date, lang: str = "vi") -> str:
    return format_date(day, lang)


def template_env(office_dir: Path | None = None) -> Environment:
    """Return the template environment (office folder first), with Loa's filters."""
    loaders: list[Any] = []
    if office_dir is not None and (office_dir / "templates").is_dir():
        loaders.append(FileSystemLoader(office_dir / "templates"))
    loaders.append(PackageLoader("loa.bulletins", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "html.j2", "xml"]),
        undefined=StrictUndefined,
        # Block tags keep their newline, so a blank line always ends a paragraph even after
        # an {% endif %}; empty lines are dropped by the forms that split paragraphs.
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = lambda v, lang="vi", d=0: format_number(v, d, lang)
    env.filters["change"] = change_words
    env.filters["level_name"] = _level_name
    env.filters["vdate"] = _date
    return env


def render(env: Environment, form: str, lang: str, ext: str, **context: Any) -> str:
    """Return the rendering of `<form>.<lang>.<ext>.j2`; ConfigError naming the template if it fails."""
    if lang not in LANGS:
        raise ConfigError(
            f"Ngôn ngữ '{lang}' chưa có mẫu; chọn vi hoặc en.",
            f"There are no templates in '{lang}'; choose vi or en.",
        )
    name = f"{form}.{lang}.{ext}.j2"
    try:
        return env.get_template(name).render(lang=lang, **context)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(
            f"Mẫu {name} lỗi: {exc}. Sửa mẫu trong thư mục mẫu của văn phòng.",
            f"Template {name} failed: {exc}. Fix the template in the office's template folder.",
            where=Where(file=name, line=line),
        ) from None
