"""Drafting a bulletin: gather the day, render each kind, check it, store the draft."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from loa.bulletins import workflow
from loa.bulletins.checks import check_bulletin
from loa.bulletins.content import Bulletin, build_bulletin
from loa.bulletins.issuer import IssuerProfile, load_issuer
from loa.bulletins.messages import load_messages
from loa.bulletins.portal import portal_page
from loa.bulletins.press import press_docx, press_html, press_paragraphs, press_pdf
from loa.bulletins.radio import radio_script, verbaliser
from loa.bulletins.rendering import template_env
from loa.bulletins.risk_groups import load_risk_groups
from loa.errors import InputError, NotFoundError
from loa.events import DomainEvent, utcnow
from loa.services.bulletin_snapshot import gather_snapshot
from loa.services.bulletins.audio import record_audio, with_audio
from loa.services.bulletins.common import MadeFile, bulletin_row, sha256_of
from loa.services.events import record
from loa.services.level_rules import configured_rules, rules_named
from loa.settings import get_settings
from loa.store.bulletin_tables import BulletinRow

__all__ = ["KINDS", "MadeBulletin", "build_day", "make_bulletin", "recheck_bulletin"]

KINDS = ("press", "portal", "radio")


@dataclass(frozen=True)
class MadeBulletin:
    """A drafted bulletin version and the files it wrote."""

    bulletin_id: int
    series: int
    version: int
    files: list[MadeFile]
    problems: list[dict[str, Any]] = field(default_factory=list)


def build_day(
    session: Session,
    *,
    province_code: str,
    day: date,
    rules_name: str | None = None,
    office_dir: Path | None = None,
) -> Bulletin:
    """Return the bulletin of a province on `day`, from the stored situation."""
    rules = rules_named(rules_name) if rules_name else configured_rules(get_settings())
    snapshot = gather_snapshot(session, province_code=province_code, day=day, rules=rules)
    return build_bulletin(snapshot, load_messages(office_dir), load_risk_groups(office_dir))


def _unit_filter(
    bulletin: Bulletin, kind: str, unit_code: str | None, parents: dict[str, str]
) -> list[str]:
    """Return the communes to script: all, one commune, or every commune of one district."""
    codes = [u.code for u in bulletin.communes]
    if unit_code is None:
        return codes
    if unit_code in codes:
        return [unit_code]
    district = [c for c in codes if parents.get(c) == unit_code]
    if district:
        return district
    raise NotFoundError(
        f"Mã '{unit_code}' không phải xã hay huyện của tỉnh {bulletin.province_code}. "
        "Xem mã bằng `loa units`.",
        f"Code '{unit_code}' is not a commune or district of province "
        f"{bulletin.province_code}. Look codes up with `loa units`.",
    )


def _render(
    session: Session,
    bulletin: Bulletin,
    *,
    kind: str,
    unit_code: str | None,
    out_dir: Path,
    lang: str,
    issuer: IssuerProfile,
    office_dir: Path | None,
    audio: bool,
    engine: Any,
    verbalise: Callable[[str], str] | None,
    stem: str,
) -> tuple[list[MadeFile], dict[str, Any]]:
    env = template_env(office_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if kind == "press":
        paragraphs = press_paragraphs(env, bulletin, issuer, lang)
        docx_path, pdf_path = out_dir / f"{stem}.docx", out_dir / f"{stem}.pdf"
        press_docx(bulletin, paragraphs, issuer, lang).save(str(docx_path))
        pdf_path.write_bytes(press_pdf(press_html(env, bulletin, paragraphs, issuer, lang)))
        made = [MadeFile("press", None, docx_path), MadeFile("press", None, pdf_path)]
        return made, {"paragraphs": paragraphs}
    if kind == "portal":
        paragraphs = press_paragraphs(env, bulletin, issuer, lang)
        page = portal_page(env, bulletin, paragraphs, issuer, lang)
        path = out_dir / f"{stem}.html"
        path.write_text(page, encoding="utf-8")
        return [MadeFile("portal", None, path)], {"paragraphs": paragraphs, "html": page}
    parents = {u.code: u.district_code or "" for u in bulletin.communes}
    codes = _unit_filter(bulletin, kind, unit_code, parents)
    if lang == "vi" and verbalise is None:
        verbalise = verbaliser()
    files: list[MadeFile] = []
    scripts: dict[str, str] = {}
    for code in codes:
        unit = bulletin.commune(code)
        script = radio_script(env, bulletin, unit, issuer, lang, verbalise=verbalise)
        scripts[code] = script
        path = out_dir / f"{stem}-{code}.txt"
        path.write_text(script, encoding="utf-8")
        files.append(MadeFile("radio", code, path, None, None, district_code=parents.get(code)))
    if audio:
        files = with_audio(files, scripts, out_dir, stem, engine)
    return files, {"scripts": scripts}


def _title(bulletin: Bulletin, kind: str, lang: str) -> str:
    if lang == "vi":
        names = {
            "press": "Thông cáo báo chí",
            "portal": "Bài cổng thông tin",
            "radio": "Bài phát thanh",
        }
        return (
            f"{names[kind]}: tình hình dịch tỉnh {bulletin.province_name} {bulletin.day:%d/%m/%Y}"
        )
    names = {"press": "Press release", "portal": "Portal article", "radio": "Loudspeaker scripts"}
    return f"{names[kind]}: COVID-19 in {bulletin.province_name}, {bulletin.day.isoformat()}"


def make_bulletin(
    session: Session,
    *,
    day: date,
    kind: str,
    out_dir: Path,
    actor: str,
    role: str = "comms_officer",
    author_user_id: int | None = None,
    province_code: str = "24",
    unit_code: str | None = None,
    lang: str = "vi",
    rules_name: str | None = None,
    audio: bool = False,
    office_dir: Path | None = None,
    engine: Any = None,
    verbalise: Callable[[str], str] | None = None,
    clock: Callable[[], datetime] = utcnow,
    _correcting: BulletinRow | None = None,
    _change: tuple[str, str] | None = None,
) -> MadeBulletin:
    """Return the drafted bulletin after writing its files (press, portal or radio) to `out_dir`."""
    if kind not in KINDS:
        raise InputError(
            f"Loại '{kind}' không có; chọn {', '.join(KINDS)}.",
            f"There is no kind '{kind}'; choose {', '.join(KINDS)}.",
        )
    if unit_code is not None and kind != "radio":
        raise InputError(
            "--unit chỉ dùng cho bài phát thanh (--kind radio); thông cáo và bài cổng là của tỉnh.",
            "--unit applies to loudspeaker scripts (--kind radio); press and portal are provincial.",
        )
    workflow.check_may_draft(role)
    bulletin = build_day(
        session, province_code=province_code, day=day, rules_name=rules_name, office_dir=office_dir
    )
    issuer = load_issuer(office_dir)
    version = (_correcting.version + 1) if _correcting else 1
    stem = f"{kind}-{day.isoformat()}" + (f"-v{version}" if version > 1 else "")
    files, texts = _render(
        session,
        bulletin,
        kind=kind,
        unit_code=unit_code,
        out_dir=out_dir,
        lang=lang,
        issuer=issuer,
        office_dir=office_dir,
        audio=audio,
        engine=engine,
        verbalise=verbalise,
        stem=stem,
    )
    texts["files"] = [
        {
            **f.to_json(),
            "district_code": f.district_code,
            "sha256": sha256_of(f.path),
            "audio_sha256": sha256_of(f.audio_path) if f.audio_path else None,
        }
        for f in files
    ]
    content = bulletin.to_json() | {"provenance": bulletin.provenance(lang)}
    if kind == "radio":
        content["communes"] = {
            code: {
                "level": bulletin.commune(code).level,
                "audiences": list(bulletin.commune(code).audiences),
                "messages": [m.id for m in bulletin.commune(code).messages],
                "figures": [f.to_json() for f in bulletin.commune(code).figures],
            }
            for code in texts["scripts"]
        }
    problems = _check(bulletin, kind, texts, lang)
    row = BulletinRow(
        problems=problems,
        series=_correcting.series if _correcting else None,
        version=version,
        kind=kind,
        day=day,
        province_code=province_code,
        unit_code=unit_code,
        lang=lang,
        rules=rules_name or get_settings().level_rules.strip(),
        state=workflow.DRAFT,
        title=_title(bulletin, kind, lang),
        author=actor,
        author_user_id=author_user_id,
        created_at=clock(),
        change_what=_change[0] if _change else None,
        change_why=_change[1] if _change else None,
        content=content,
        texts=texts,
    )
    session.add(row)
    session.flush()
    if row.series is None:
        row.series = row.id
        session.flush()
    record(
        session,
        DomainEvent(
            "bulletin.corrected" if _correcting else "bulletin.drafted",
            "bulletin",
            str(row.id),
            actor,
            after={"kind": kind, "day": day.isoformat(), "version": version, "series": row.series},
            note=f"{_change[0]} — {_change[1]}" if _change else None,
        ),
    )
    for made in files:
        if made.audio_path and made.unit_code:
            record_audio(session, row.id, made.unit_code, made.duration_s or 0.0, actor=actor)
    return MadeBulletin(row.id, row.series or row.id, version, files, problems)


def _check(bulletin: Bulletin, kind: str, texts: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Return the problems of a rendered version as stored (bulletins/checks.py)."""
    settings = get_settings()
    return [
        p.to_json()
        for p in check_bulletin(
            bulletin,
            kind=kind,
            texts=texts,
            lang=lang,
            stale_warning_days=settings.stale_warning_days,
            stale_error_days=settings.stale_error_days,
        )
    ]


def recheck_bulletin(
    session: Session, bulletin_id: int, *, office_dir: Path | None = None
) -> list[dict[str, Any]]:
    """Return the version's problems computed again on today's data and its stored text."""
    row = bulletin_row(session, bulletin_id)
    bulletin = build_day(
        session,
        province_code=row.province_code,
        day=row.day,
        rules_name=row.rules,
        office_dir=office_dir,
    )
    return _check(bulletin, row.kind, row.texts, row.lang)
