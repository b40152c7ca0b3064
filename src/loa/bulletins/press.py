"""The press release: body text from the office's template, in a Decree 30 DOCX and a PDF.

The DOCX is built with python-docx on the shared layout of `loa.documents`. The PDF is not a
conversion of the DOCX (that would need LibreOffice): WeasyPrint renders an HTML page with
the same layout (A4, margins 20/20/30/15 mm, Times New Roman or its metric twin Liberation
Serif, the same sizes), from the same paragraphs, so the two never disagree in wording.
"""

from __future__ import annotations

import re
from typing import Any

from docx.shared import Pt
from jinja2 import Environment

from loa.bulletins.content import Bulletin
from loa.bulletins.issuer import IssuerProfile
from loa.bulletins.rendering import render
from loa.documents import (
    HeaderBlock,
    add_body_paragraph,
    add_header,
    add_para,
    add_recipients_and_signer,
    add_run,
    new_decree30_document,
)
from loa.formatting import format_date

__all__ = ["press_docx", "press_html", "press_paragraphs", "press_pdf"]


def press_paragraphs(
    env: Environment, bulletin: Bulletin, issuer: IssuerProfile, lang: str
) -> list[str]:
    """Return the body paragraphs of the press release, as the template writes them."""
    text = render(env, "press", lang, "txt", b=bulletin, issuer=issuer)
    blocks = re.split(r"\n\s*\n", text)
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _subject(bulletin: Bulletin, issuer: IssuerProfile, lang: str) -> str:
    base = issuer.subject_vi if lang == "vi" else issuer.subject_en
    return f"{base} {format_date(bulletin.day, lang)}"


def _place_date(bulletin: Bulletin, issuer: IssuerProfile) -> str:
    # The date line stays Vietnamese in both languages: it is part of the official header.
    return f"{issuer.place}, {format_date(bulletin.day, 'vi')}"


def press_docx(
    bulletin: Bulletin,
    paragraphs: list[str],
    issuer: IssuerProfile,
    lang: str = "vi",
    *,
    number: str | None = None,
) -> Any:
    """Return the press release as a python-docx Document in the Decree 30 layout."""
    doc = new_decree30_document()
    add_header(
        doc,
        HeaderBlock(
            issuer=issuer.issuer,
            issuer_parent=issuer.issuer_parent,
            number_line=issuer.number_line(number),
            place_date=_place_date(bulletin, issuer),
        ),
    )
    title = add_para(doc)
    title.paragraph_format.space_before = Pt(12)
    add_run(title, issuer.document_title, 14, bold=True)
    add_run(add_para(doc), _subject(bulletin, issuer, lang), 14, bold=True)
    for text in paragraphs:
        add_body_paragraph(doc, text)
    signer = [(issuer.signer_authority, True, False), (issuer.signer_position, True, False)]
    signer += [("", False, False)] * 3 + [(issuer.signer_name, True, False)]
    add_recipients_and_signer(doc, issuer.recipients, signer)
    return doc


def press_html(
    env: Environment,
    bulletin: Bulletin,
    paragraphs: list[str],
    issuer: IssuerProfile,
    lang: str = "vi",
    *,
    number: str | None = None,
) -> str:
    """Return the press release as one A4 HTML page (the PDF's source)."""
    template = env.get_template("press_page.html.j2")
    return template.render(
        b=bulletin,
        issuer=issuer,
        paragraphs=paragraphs,
        title=issuer.document_title,
        subject=_subject(bulletin, issuer, lang),
        number_line=issuer.number_line(number),
        place_date=_place_date(bulletin, issuer),
        lang=lang,
    )


def press_pdf(html: str) -> bytes:
    """Return the PDF of a press page rendered by WeasyPrint (fonts from the system)."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # slow to import; only the PDF needs it

    pdf = HTML(string=html).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)
