"""Parse a Vietnamese dispatch's text (công văn, kế hoạch, chỉ thị, ...) into a Directive.

The text may come from a web page, typed plain text, Word, a PDF text layer or OCR, so the reader
expects noise and layout: markup, table cells, columns side by side, hard-wrapped lines, page
numbers, web-page furniture before the header. It reads in steps, one module each:
- layout: clean lines in reading order (markup and a site's page title dropped, columns given
  back one by one);
- signature_runs, header_runs: a signature or header parts run together on one line set back
  one part a line;
- ocr_repairs: spaced or misread digits in the number line and dates, each repair warned;
- header: number and symbol, issuing body, place and date, subject;
- footer: "Kính gửi"/"Nơi nhận" lists and the signature;
- references: documents cited; duties: the items and who must do them.

Conventions (the evaluation set in tests/data/dispatches/ is written to these):
- issuer / issuer_parent: the header names as printed (upper case); a name wrapped over lines is
  joined ("ỦY BAN NHÂN DÂN" + "TỈNH BẮC KẠN", "VĂN PHÒNG CHÍNH" + "PHỦ"); a line that opens a new
  body ("SỞ", "BAN", "CỤC", "THUẾ" ...) starts the next name; with two bodies the upper one is
  the parent.
- subject: as printed, lines joined by spaces, without the "V/v" label; None if not shown. After
  a type name ("QUYẾT ĐỊNH") it is the title below it, in capitals or in sentence case.
- recipients, distribution: one entry per "- " line (a "Kính gửi:" / "Nơi nhận:" inline entry
  counts), wrapped entries joined, trailing ",;." dropped, hyphens between words spaced
  ("chính trị - xã hội"). The "Bản điện tử:" list is part of the distribution.
- references: cited number symbols after the header, in order, once each, with the type code
  (a state công văn such as 10225/BYT-DP is "CV") and the date written just after.
- tasks: see duties.py. signer.authority: the innermost of K/T, T/M, T/L, TUQ, Q. without
  punctuation ("KT"); signer.position: the title under it.
- closing: the paragraphs after the last item that close the document, kept apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from loa.directives import duties, footer, header
from loa.directives.header_runs import split_header_run
from loa.directives.layout import layout_lines
from loa.directives.model import Directive
from loa.directives.ocr_repairs import (
    body_spellings,
    repair_distribution,
    repair_from_body,
    repair_header_words,
    repair_issuer_code,
    repair_numbers,
    repair_roman_headings,
    restore_symbol_hyphen,
    split_issuer_code,
    split_type_code,
)
from loa.directives.references import references, safe_date
from loa.directives.signature_runs import split_signature_runs
from loa.directives.vocabulary import TYPE_CODES
from loa.errors import DocumentError
from loa.text import fold

__all__ = ["TYPE_CODES", "parse_dispatch"]

_HEADER_LINES = 25  # header parts run together are looked for in the first lines (not blank)
# "Kính gửi" is looked for this many lines (not blank) after the subject: a subject the reader
# could not join leaves its wrapped lines between them.
_RECIPIENTS_WITHIN = 6
_DATE_LINE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def _lines(text: str) -> tuple[list[str], list[str]]:
    lines = split_signature_runs(layout_lines(text))
    filled = [i for i, line in enumerate(lines) if line]
    head = filled[_HEADER_LINES] if len(filled) > _HEADER_LINES else len(lines)
    lines = [p for line in lines[:head] for p in split_header_run(line)] + lines[head:]
    lines, warnings = repair_numbers(lines)
    lines, more = repair_header_words(lines)
    lines, roman = repair_roman_headings(lines)
    return lines, warnings + more + roman


def _number_warnings(number: header.DocNumber | None, unlabelled: bool) -> list[str]:
    if number is None:
        return ["Không thấy số, ký hiệu văn bản (Số ...) / no number symbol (Số ...) found"]
    if unlabelled:
        return [
            f"Số, ký hiệu đọc được dù thiếu chữ 'Số': {number.symbol} / number symbol read "
            f"without its 'Số' label: {number.symbol}"
        ]
    if number.spaced:
        return [
            f"Số, ký hiệu có khoảng trắng thừa, đọc là {number.symbol} / stray spaces in the "
            f"number symbol, read as {number.symbol}"
        ]
    return []


def _opens_city(line: str) -> bool:
    """Return True for a short line that starts a city's name: "Thành phố Hồ", "TP.", "Thị"."""
    words = fold(line).split()
    return (
        0 < len(words) <= 3
        and words[0] in {"thanh", "tp", "tp.", "thi"}
        and (len(words) == 1 or words[1] in {"pho", "xa"} or words[0] != "thanh")
    )


def parse_dispatch(
    text: str,
    *,
    resolve_org: Callable[[str], str | None] | None = None,
    reference_date: date | None = None,
) -> Directive:
    """Return the Directive read from a dispatch's text; unknown fields are None or empty.

    `resolve_org` maps an assignee name to an organisation id; `reference_date` gives the year
    for year-less deadlines when the dispatch shows no date of its own.
    """
    lines, warnings = _lines(text)
    if not any(lines):
        raise DocumentError(
            "Văn bản trống: không có chữ nào để đọc. Hãy kiểm tra lại tệp hoặc nội dung dán vào.",
            "The document is empty: there is no text to read. Check the file or the pasted text.",
        )
    offsets, flat = [], ""
    for line in lines:
        offsets.append(len(flat))
        flat += line + " "

    def line_at(pos: int) -> int:
        return max(i for i, off in enumerate(offsets) if off <= pos)

    number = header.find_number(flat)
    unlabelled = number is None
    if number is None:
        number = header.unlabelled_number(flat)
    warnings += _number_warnings(number, unlabelled and number is not None)
    anchor = line_at(number.start) if number else 0
    # The issue date is the first "ngày ... tháng ... năm" near the number, before or after it.
    date_match = None
    for m in _DATE_LINE.finditer(flat):
        if number is None or abs(m.start() - number.start) <= 400:
            date_match = m
            break
    issued = place = place_line = None
    date_idx = anchor
    if date_match:
        day, month, yr = (int(g) for g in date_match.groups())
        issued = safe_date(yr, month, day)
        # The place is on the date's line, or starts on the line above when the date's line
        # holds only its last word ("Thành phố Hồ Chí" / "Minh, ngày ...") or the line above
        # opens a city's name ("Thành phố Hồ" / "Chí Minh, ngày ...", "Thành" / "phố ...").
        date_line = line_at(date_match.start())
        place_from = offsets[date_line]
        if date_line > 0 and (
            len(flat[place_from : date_match.start()].split()) <= 1
            or _opens_city(lines[date_line - 1])
        ):
            place_from = offsets[date_line - 1]
        place = header.place_before(flat[place_from : date_match.start()])
        date_idx = line_at(date_match.end() - 1)
        if place:
            at = flat.rfind(place, 0, date_match.start())  # -1 when a letter's case was mended
            place_line = line_at(at if at >= 0 else date_match.start())
    else:
        warnings.append("Không thấy ngày ban hành (ngày ... tháng ... năm) / no issue date found")
        # OCR may garble "ngày ... tháng" but keep the place before it on the number's line.
        garbled = re.search(r",\s*ng", flat[number.start : number.start + 200]) if number else None
        if number and garbled:
            place = header.place_before(flat[: number.start + garbled.start()])
    system = number.system if number else None
    if system is None:
        head = fold(" ".join(lines[:40]))
        system = (
            "state" if "xa hoi chu nghia" in head else "party" if "dang cong san" in head else None
        )
    issuer_end = anchor if number else date_idx
    if place_line is not None and number and place_line < anchor:
        issuer_end = min(issuer_end, place_line)
        # "BAN TUYÊN GIÁO VÀ DÂN    Hà Nội, ngày ..." / "VẬN": the issuer's last word, wrapped
        # in its column, comes after the date's line in a scan's text.
        wrapped = date_idx + 1
        while wrapped < anchor and header.wrapped_word(lines[wrapped]):
            wrapped += 1
        if wrapped > date_idx + 1:
            issuer_end = wrapped
    issuer, parent = header.issuer(lines, issuer_end)
    title_start = max(date_idx, anchor) + 1
    urgency = next(
        (
            header.URGENCY[fold(x).strip(" .")]
            for x in lines[: title_start + 2]
            if fold(x).strip(" .") in header.URGENCY
        ),
        None,
    )
    subject, after = header.subject(lines, anchor, title_start, place_line)
    if subject:
        subject = re.sub(r"(?<=[^.\s])\.$", "", subject)  # "... (dưới 14 ngày).": no full stop
    recipients: list[str] = []
    body_start = max(after, title_start)
    # "Kính gửi" comes within a few lines after the subject (blank lines aside).
    filled = [i for i in range(body_start, len(lines)) if lines[i]][:_RECIPIENTS_WITHIN]
    search_end = min(filled[-1] + 1 if filled else body_start, len(lines))
    for i in range(min(anchor, date_idx) + 1, search_end):
        if fold(lines[i]).lstrip("- ").startswith("kinh gui") or header.addresses_cong_dien(
            lines[i]
        ):
            recipients, body_start, _ = footer.bullet_list(lines, i, "kinh gui")
            break
    signer, sign_idx = footer.signer(lines, body_start)
    distribution: list[str] = []
    body_end = sign_idx
    for i in range(body_start, len(lines)):
        if fold(lines[i]).startswith("noi nhan"):
            distribution, _, inline = footer.bullet_list(lines, i, "noi nhan")
            if inline and re.fullmatch(r"[a-zà-ỹ]{1,4}", inline.strip()):
                distribution = distribution[1:]
                warnings.append(
                    f"Bỏ ký tự nhiễu sau 'Nơi nhận:': {inline.strip()!r} / dropped noise after "
                    f"'Nơi nhận:': {inline.strip()!r}"
                )
            body_end = min(body_end, i)
            break
    distribution, repaired_entries = repair_distribution(distribution)
    warnings += repaired_entries
    year = issued.year if issued else reference_date.year if reference_date else None
    body = lines[body_start:body_end]
    spellings = body_spellings("\n".join(body))
    subject, repaired = repair_from_body(subject, spellings)
    warnings += [repaired] if repaired else []
    issuer, repaired = repair_from_body(issuer, spellings, "issuer")
    warnings += [repaired] if repaired else []
    parent, repaired = repair_from_body(parent, spellings, "issuer")
    warnings += [repaired] if repaired else []
    own, repaired = restore_symbol_hyphen(number.symbol if number else None, distribution)
    warnings += [repaired] if repaired else []
    if not repaired:
        own, repaired = split_type_code(own)
        warnings += [repaired] if repaired else []
    if not repaired:
        own, repaired = split_issuer_code(own, issuer)
        warnings += [repaired] if repaired else []
    own, repaired = repair_issuer_code(own, issuer)
    warnings += [repaired] if repaired else []
    doc_type = number.doc_type if number else None
    if number and own and own != number.symbol and number.system == "state":
        doc_type = header.type_of(own.rsplit("/", 1)[1].split("-")[0], False)
    if doc_type == "CT" and system == "state" and header.labelled(lines, anchor, after):
        doc_type = "CV"  # "5680/CT-CS" / "V/v ...": Cục Thuế's letter; a chỉ thị has no "V/v"
    return Directive(
        system=system,
        issuer=issuer,
        issuer_parent=parent,
        doc_type=doc_type,
        number=number.number if number else None,
        number_symbol=own,
        place=place,
        date=issued,
        subject=subject,
        urgency=urgency,
        recipients=tuple(recipients),
        references=tuple(references(flat[number.start if number else 0 :], own)),
        tasks=tuple(duties.tasks(body, year, resolve_org)),
        signer=signer,
        distribution=tuple(distribution),
        closing=duties.closing(body),
        warnings=tuple(warnings),
    )
