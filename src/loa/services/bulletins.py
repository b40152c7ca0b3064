"""Bulletin use cases: make (render and draft), approve, publish to channels, correct, read."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from loa.bulletins import workflow
from loa.bulletins.audio import AudioSettings, render_many
from loa.bulletins.checks import PROBLEM_LABELS, check_bulletin, errors_of, warnings_of
from loa.bulletins.content import Bulletin, build_bulletin
from loa.bulletins.issuer import IssuerProfile, load_issuer
from loa.bulletins.messages import load_messages
from loa.bulletins.portal import portal_page
from loa.bulletins.press import press_docx, press_html, press_paragraphs, press_pdf
from loa.bulletins.radio import radio_script, verbaliser
from loa.bulletins.rendering import template_env
from loa.bulletins.risk_groups import load_risk_groups
from loa.bulletins.speech import EspeakEngine
from loa.channels.base import Channel, Delivery, Publication, PublishedFile
from loa.channels.registry import ChannelRegistry
from loa.errors import ChecksFailed, InputError, NotFoundError
from loa.events import DomainEvent, utcnow
from loa.services.bulletin_snapshot import gather_snapshot
from loa.services.events import history, record
from loa.services.level_rules import configured_rules, rules_named
from loa.settings import Settings, get_settings
from loa.store.bulletin_tables import BulletinDeliveryRow, BulletinRow

__all__ = [
    "KINDS",
    "MadeBulletin",
    "MadeFile",
    "approve_bulletin",
    "build_day",
    "correct_bulletin",
    "list_bulletins",
    "make_bulletin",
    "publish_bulletin",
    "recheck_bulletin",
    "show_bulletin",
]

KINDS = ("press", "portal", "radio")


@dataclass(frozen=True)
class MadeFile:
    """One file a bulletin made: its kind, the commune it is for, and its audio if any."""

    kind: str
    unit_code: str | None
    path: Path
    audio_path: Path | None = None
    duration_s: float | None = None
    district_code: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the file as the CLI prints it."""
        return {
            "kind": self.kind,
            "unit_code": self.unit_code,
            "path": str(self.path),
            "audio_path": str(self.audio_path) if self.audio_path else None,
            "duration_s": self.duration_s,
        }


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
    """Return the bulletin of a province on `day`, from the stored situation.

    The rules are `rules_name` (a preset or YAML file), else LOA_LEVEL_RULES.
    """
    rules = rules_named(rules_name) if rules_name else configured_rules(get_settings())
    snapshot = gather_snapshot(session, province_code=province_code, day=day, rules=rules)
    return build_bulletin(snapshot, load_messages(office_dir), load_risk_groups(office_dir))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
        files = _with_audio(files, scripts, out_dir, stem, engine)
    return files, {"scripts": scripts}


def speech_setup(
    settings: Settings | None = None,
) -> tuple[EspeakEngine, AudioSettings, int | None]:
    """Return the speech engine, audio shaping and worker count the LOA_SPEECH/AUDIO settings ask for."""
    s = settings or get_settings()
    engine = EspeakEngine(
        executable=s.espeak_path,
        voice=s.speech_voice,
        rate=s.speech_rate,
        pitch=s.speech_pitch,
        word_gap=s.speech_word_gap,
        amplitude=s.speech_amplitude,
        paragraph_pause_ms=s.speech_paragraph_pause_ms,
    )
    shaping = AudioSettings(
        sample_rate=s.audio_sample_rate,
        loudness_lufs=s.audio_loudness_lufs,
        peak_dbfs=s.audio_peak_dbfs,
        mp3_kbps=s.audio_mp3_kbps,
        lame=s.audio_lame_path,
    )
    return engine, shaping, (s.audio_workers or None)


def _with_audio(
    files: list[MadeFile], scripts: dict[str, str], out_dir: Path, stem: str, engine: Any
) -> list[MadeFile]:
    """Return the radio files with the audio of each script, rendered by a process pool."""
    configured, shaping, workers = speech_setup()
    results = render_many(
        [(f"{stem}-{code}", text) for code, text in scripts.items()],
        out_dir,
        engine=engine or configured,
        settings=shaping,
        workers=workers,
    )
    return [
        replace(made, audio_path=result.mp3_path, duration_s=round(result.duration_s, 2))
        for made, result in zip(files, results, strict=True)
    ]


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
            "sha256": _sha256(f.path),
            "audio_sha256": _sha256(f.audio_path) if f.audio_path else None,
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
    row = _get(session, bulletin_id)
    bulletin = build_day(
        session,
        province_code=row.province_code,
        day=row.day,
        rules_name=row.rules,
        office_dir=office_dir,
    )
    return _check(bulletin, row.kind, row.texts, row.lang)


def _get(session: Session, bulletin_id: int) -> BulletinRow:
    row = session.get(BulletinRow, bulletin_id)
    if row is None:
        raise NotFoundError(
            f"Không có bản tin số {bulletin_id}. Xem `loa bulletin list`.",
            f"There is no bulletin {bulletin_id}. See `loa bulletin list`.",
        )
    return row


def _as_version(row: BulletinRow) -> workflow.BulletinVersion:
    return workflow.BulletinVersion(
        series=row.series or row.id,
        version=row.version,
        state=row.state,
        author=row.author,
        author_user_id=row.author_user_id,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        published_by=row.published_by,
        published_at=row.published_at,
        change_what=row.change_what,
        change_why=row.change_why,
    )


def approve_bulletin(
    session: Session,
    bulletin_id: int,
    *,
    actor: str,
    role: str,
    acknowledgement: str | None = None,
    office_dir: Path | None = None,
    clock: Callable[[], datetime] = utcnow,
    user_id: int | None = None,
) -> workflow.BulletinVersion:
    """Return the approved version; a second person (not the author) must approve.

    `user_id` is the approving person; the author is compared as a person too. The checks
    run again first, on today's data: any error refuses approval, and warnings need a
    written `acknowledgement`, which is kept with the version.
    """
    row = _get(session, bulletin_id)
    version = _as_version(row)
    done = workflow.approve(version, actor=actor, role=role, at=clock(), user_id=user_id)
    problems = recheck_bulletin(session, bulletin_id, office_dir=office_dir)
    row.problems = problems
    errors, warnings = errors_of(problems), warnings_of(problems)
    # Short messages: the desk keeps them in the session cookie (4 KB at most); the full
    # list is on the version's page and in `loa bulletin show`.
    if errors:
        raise ChecksFailed(
            f"Không thể duyệt: bản tin còn {len(errors)} lỗi ({_tally(errors, 'vi')}). "
            "Xem mục Kiểm tra trước khi duyệt, sửa số liệu rồi làm lại bản tin. "
            f"Lỗi đầu tiên: {errors[0]['message']}",
            f"Cannot approve: the bulletin still has {len(errors)} errors "
            f"({_tally(errors, 'en')}). See Checks before approval, fix the data and make "
            f"the bulletin again. First error: {errors[0]['message_en']}",
            problems=problems,
        )
    note = (acknowledgement or "").strip()
    if warnings and not note:
        raise ChecksFailed(
            f"Bản tin có {len(warnings)} cảnh báo ({_tally(warnings, 'vi')}); hãy ghi xác nhận "
            'đã xem xét (--acknowledge "..." hoặc ô xác nhận trên bàn làm việc).',
            f"The bulletin has {len(warnings)} warnings ({_tally(warnings, 'en')}); write an "
            'acknowledgement (--acknowledge "..." or the box on the desk).',
            problems=problems,
        )
    row.acknowledgement = note or None
    row.state, row.approved_by, row.approved_at = done.state, done.approved_by, done.approved_at
    record(
        session,
        DomainEvent(
            "bulletin.approved",
            "bulletin",
            str(row.id),
            actor,
            before={"state": workflow.DRAFT},
            after={"state": done.state, "warnings": len(warnings)},
            note=row.acknowledgement,
        ),
    )
    return done


def _tally(problems: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Return "Số liệu mâu thuẫn: 9; Cấp độ tạm tính: 1" for a list of problems."""
    counts: dict[str, int] = {}
    for p in problems:
        counts[_label(p, lang)] = counts.get(_label(p, lang), 0) + 1
    return "; ".join(f"{label}: {n}" for label, n in counts.items())


def _label(problem: Mapping[str, Any], lang: str) -> str:
    vi, en = PROBLEM_LABELS.get(str(problem.get("code")), ("?", "?"))
    return vi if lang == "vi" else en


def _publication(row: BulletinRow, issuer_label: str, url: str) -> Publication:
    files = []
    for f in row.texts.get("files", []):
        path = Path(f["path"])
        if not path.exists() or _sha256(path) != f["sha256"]:
            raise InputError(
                f"Tệp {path} đã mất hoặc bị sửa sau khi duyệt; chỉ phát hành đúng bản đã duyệt. "
                "Hãy làm lại bản tin (loa bulletin make) và duyệt lại.",
                f"File {path} is missing or changed since approval; only what was approved is "
                "published. Make the bulletin again (loa bulletin make) and approve it again.",
            )
        kind = {"press": f"press-{path.suffix.lstrip('.')}", "portal": "portal-html"}.get(
            f["kind"], "radio-script"
        )
        files.append(PublishedFile(kind, path, f.get("unit_code"), f.get("district_code")))
        if f.get("audio_path"):
            files.append(
                PublishedFile(
                    "radio-audio", Path(f["audio_path"]), f.get("unit_code"), f.get("district_code")
                )
            )
    paragraphs = row.texts.get("paragraphs") or []
    summary = paragraphs[0] if paragraphs else row.title
    return Publication(
        bulletin_id=row.id,
        series=row.series or row.id,
        version=row.version,
        kind=row.kind,
        day=row.day,
        title=row.title,
        summary=summary,
        issued_by=issuer_label,
        url=url,
        files=tuple(files),
        html=str(row.texts.get("html", "")),
        change_what=row.change_what,
        change_why=row.change_why,
        extra={"lang": row.lang},
    )


def publish_bulletin(
    session: Session,
    bulletin_id: int,
    *,
    actor: str,
    role: str,
    registry: ChannelRegistry,
    channels: Sequence[Channel],
    office_dir: Path | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> list[Delivery]:
    """Return each channel's delivery of an approved bulletin, which is now published."""
    row = _get(session, bulletin_id)
    done = workflow.publish(_as_version(row), actor=actor, role=role, at=clock())
    issuer = load_issuer(office_dir)
    url = f"{issuer.portal_url.rstrip('/')}/{row.series or row.id}/v{row.version}"
    publication = _publication(row, issuer.label, url)
    publication = (
        replace(
            publication, extra=publication.extra | {"published_at": done.published_at.isoformat()}
        )
        if done.published_at
        else publication
    )
    deliveries = registry.publish(publication, channels)
    row.state, row.published_by, row.published_at = done.state, done.published_by, done.published_at
    for d in deliveries:
        session.add(
            BulletinDeliveryRow(
                bulletin_id=row.id,
                channel=d.channel,
                status=d.status,
                detail=d.detail,
                locations=list(d.locations),
                at=clock(),
            )
        )
    record(
        session,
        DomainEvent(
            "bulletin.published",
            "bulletin",
            str(row.id),
            actor,
            before={"state": workflow.APPROVED},
            after={"state": done.state, "deliveries": {d.channel: d.status for d in deliveries}},
        ),
    )
    # Written now, so that from here on the row is published in the store and any later
    # change to it is refused by the store's guard.
    session.flush()
    return deliveries


def correct_bulletin(
    session: Session,
    bulletin_id: int,
    *,
    actor: str,
    role: str,
    what: str,
    why: str,
    out_dir: Path,
    **make_options: Any,
) -> MadeBulletin:
    """Return the new draft version correcting a published bulletin, remade from current data."""
    row = _get(session, bulletin_id)
    workflow.correction_of(_as_version(row), actor=actor, role=role, what=what, why=why)
    newest = session.scalar(
        select(BulletinRow)
        .where(BulletinRow.series == row.series)
        .order_by(BulletinRow.version.desc())
        .limit(1)
    )
    if newest is not None and newest.id != row.id:
        raise InputError(
            f"Bản tin này đã có phiên bản mới hơn (số {newest.id}); đính chính từ bản đó.",
            f"This bulletin has a newer version (id {newest.id}); correct that one instead.",
        )
    return make_bulletin(
        session,
        day=row.day,
        kind=row.kind,
        out_dir=out_dir,
        actor=actor,
        role=role,
        province_code=row.province_code,
        unit_code=row.unit_code,
        lang=row.lang,
        rules_name=row.rules,
        _correcting=row,
        _change=(what.strip(), why.strip()),
        **make_options,
    )


def _summary(row: BulletinRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "series": row.series,
        "version": row.version,
        "kind": row.kind,
        "date": row.day.isoformat(),
        "unit_code": row.unit_code,
        "lang": row.lang,
        "state": row.state,
        "title": row.title,
        "author": row.author,
        "approved_by": row.approved_by,
        "published_by": row.published_by,
        "published_at": row.published_at.isoformat() if row.published_at else None,
        "change_what": row.change_what,
        "change_why": row.change_why,
        "problems": row.problems or [],
        "acknowledgement": row.acknowledgement,
    }


def list_bulletins(
    session: Session,
    *,
    day: date | None = None,
    kind: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    """Return every stored bulletin version (newest first), filtered by date, kind, state."""
    query = select(BulletinRow).order_by(BulletinRow.day.desc(), BulletinRow.id.desc())
    if day is not None:
        query = query.where(BulletinRow.day == day)
    if kind is not None:
        query = query.where(BulletinRow.kind == kind)
    if state is not None:
        query = query.where(BulletinRow.state == state)
    return [_summary(r) for r in session.scalars(query)]


def show_bulletin(session: Session, bulletin_id: int) -> dict[str, Any]:
    """Return one version with its content, provenance, files, deliveries and history."""
    row = _get(session, bulletin_id)
    deliveries = session.scalars(
        select(BulletinDeliveryRow)
        .where(BulletinDeliveryRow.bulletin_id == row.id)
        .order_by(BulletinDeliveryRow.id)
    )
    return _summary(row) | {
        "content": row.content,
        "files": row.texts.get("files", []),
        "deliveries": [
            {"channel": d.channel, "status": d.status, "detail": d.detail, "at": d.at.isoformat()}
            for d in deliveries
        ],
        "history": [e.as_dict() for e in history(session, "bulletin", str(row.id))],
    }
