"""A letter as a one-page PDF with fpdf2 (pure Python, no Qt): core fonts, so text is latin-1."""

from __future__ import annotations

from chorus_desktop.core.domain.claim_letter import Letter

_REPLACEMENTS = {"€": "EUR", "\u202f": " ", "\u00a0": " ", "’": "'", "œ": "oe", "Œ": "OE", "–": "-", "—": "-"}


def _latin1(text: str) -> str:
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def letter_pdf(letter: Letter) -> bytes:
    from fpdf import FPDF  # imported here: only this feature needs it

    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(letter.subject))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in letter.sender:
        pdf.cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    for line in letter.recipient:
        pdf.cell(0, 5, _latin1(line), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 5, _latin1(letter.place_date), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", style="B", size=10)
    pdf.multi_cell(0, 5, _latin1(letter.subject), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.ln(4)
    for paragraph in letter.paragraphs:
        pdf.multi_cell(0, 5, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(2)
    for line in letter.computation:
        pdf.cell(10)
        pdf.multi_cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for line in letter.closing:
        pdf.multi_cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())
