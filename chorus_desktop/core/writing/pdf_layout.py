"""The printed invoice: one clean column on A4, PDF/A-3B with the bundled DejaVu Sans embedded (fpdf2).

Labels are the ones our reader and the Chorus Pro OCR know ("Numéro de facture", "SIRET client", "Total HT",
"Total TTC"...); every legal mention comes from `core/texts.py`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import resources
from pathlib import Path

from fpdf import FPDF

from chorus_desktop.core.domain.written_invoice import InvoiceDocument, Party
from chorus_desktop.core.texts import render

FONT = "DejaVu"
LEFT, RIGHT, WIDTH = 18.0, 192.0, 174.0
LINE = 4.6


def font_dir() -> Path:
    return Path(str(resources.files("chorus_desktop") / "resources" / "fonts"))


def euros(value: Decimal) -> str:
    """1234.5 -> "1 234,50 €" (French grouping with a plain space)."""
    text = f"{value.quantize(Decimal('0.01')):,.2f}".replace(",", " ").replace(".", ",")
    return f"{text} €"


def price(value: Decimal) -> str:
    """A unit price with at least 2 and up to 4 decimals: 0.025 -> "0,025 €"."""
    exponent = -int(value.normalize().as_tuple().exponent)
    places = min(max(exponent, 2), 4)
    text = f"{value:,.{places}f}".replace(",", " ").replace(".", ",")
    return f"{text} €"


def quantity(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def rate_text(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


class _Page(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4", enforce_compliance="PDFA_3B")
        fonts = font_dir()
        self.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(LEFT, 16, 210 - RIGHT)
        self.footer_text = ""
        self.page_text = ""

    def footer(self) -> None:
        if self.footer_text:
            self.set_y(-14)
            self.set_font(FONT, "", 6.5)
            self.multi_cell(WIDTH, 3.2, self.footer_text, align="C")
        if self.page_text:
            self.set_y(-7)
            self.set_font(FONT, "", 6.5)
            self.cell(WIDTH, 3.2, self.page_text.replace("{page}", str(self.page_no())), align="R")

    def text_line(self, text: str, size: float = 9, style: str = "", align: str = "L", width: float = WIDTH,
                  x: float | None = None) -> None:
        self.set_font(FONT, style, size)
        if x is not None:
            self.set_x(x)
        self.multi_cell(width, LINE, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def pair(self, label: str, value: str, x: float, width: float, style: str = "", size: float = 9) -> None:
        self.set_font(FONT, style, size)
        self.set_x(x)
        self.cell(width * 0.55, LINE + 0.6, label)
        self.cell(width * 0.45, LINE + 0.6, value, align="R", new_x="LMARGIN", new_y="NEXT")


def _party_lines(party: Party) -> list[str]:
    return [line for line in party.address if line.strip()]


def _legal_footer(seller: Party) -> str:
    parts = [seller.name]
    if seller.legal_form:
        parts.append(seller.legal_form + (" " + render("doc_capital", capital=seller.capital)
                                          if seller.capital else ""))
    elif seller.capital:
        parts.append(render("doc_capital", capital=seller.capital))
    if seller.rcs:
        parts.append(render("doc_rcs", rcs=seller.rcs))
    if seller.siret:
        parts.append(render("doc_siret", siret=seller.siret))
    if seller.vat_number:
        parts.append(render("doc_tva_intra", vat=seller.vat_number))
    return " - ".join(parts)


def _logo(pdf: _Page, logo: str | None) -> None:
    if logo and Path(logo).is_file():
        try:
            pdf.image(logo, x=LEFT, y=pdf.get_y(), h=14)
        except Exception:  # noqa: BLE001 - an unreadable logo must not stop the invoice: printed without it
            return
        pdf.set_y(pdf.get_y() + 16)


def _header(pdf: _Page, doc: InvoiceDocument) -> None:
    top = pdf.get_y()
    _logo(pdf, doc.seller.logo)
    pdf.text_line(doc.seller.name, 11, "B", width=95)
    for line in _party_lines(doc.seller):
        pdf.text_line(line, width=95)
    if doc.seller.siret:
        pdf.text_line(render("doc_siret", siret=doc.seller.siret), width=95)
    if doc.seller.vat_number:
        pdf.text_line(render("doc_tva_intra", vat=doc.seller.vat_number), width=95)
    left_bottom = pdf.get_y()
    pdf.set_y(top)
    title = render("doc_avoir" if doc.kind == "AVOIR" else "doc_facture")
    pdf.text_line(title, 18, "B", align="R")
    pdf.ln(2)
    number_label = render("doc_numero_avoir" if doc.kind == "AVOIR" else "doc_numero_facture")
    pdf.pair(number_label, doc.number or "", 112, 80, "B")
    pdf.pair(render("doc_date"), day(doc.issue_date), 112, 80)
    if doc.kind == "FACTURE":
        pdf.pair(render("doc_echeance"), day(doc.due_date), 112, 80)
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)


def _buyer(pdf: _Page, doc: InvoiceDocument) -> None:
    buyer = doc.buyer
    pdf.text_line(render("doc_facture_a"), 8, "B")
    pdf.text_line(buyer.name, 10, "B")
    for line in _party_lines(buyer):
        pdf.text_line(line)
    if buyer.siret:
        pdf.text_line(render("doc_siret_client", siret=buyer.siret))
    if buyer.vat_number:
        pdf.text_line(render("doc_tva_intra", vat=buyer.vat_number))
    if buyer.code_service:
        pdf.text_line(render("doc_code_service", code=buyer.code_service))
    if buyer.engagement:
        pdf.text_line(render("doc_engagement", number=buyer.engagement))
    if doc.origin is not None:
        pdf.ln(2)
        pdf.text_line(render("doc_annule", number=doc.origin.number, date=day(doc.origin.date)), 9, "B")
        pdf.text_line(render("doc_motif", reason=doc.origin.reason))
    pdf.ln(5)


COLUMNS = (64.0, 18.0, 20.0, 30.0, 16.0, 26.0)


def _table_header(pdf: _Page) -> None:
    headers = render("doc_colonnes").split("|")
    pdf.set_font(FONT, "B", 8)
    pdf.set_fill_color(235, 235, 235)
    for width, text in zip(COLUMNS, headers, strict=True):
        pdf.cell(width, 6, text, border="B", align="L" if text == headers[0] else "R", fill=True)
    pdf.ln(6)


def _lines(pdf: _Page, doc: InvoiceDocument) -> None:
    _table_header(pdf)
    for line in doc.lines:
        pdf.set_font(FONT, "", 8.5)
        wrapped = pdf.multi_cell(COLUMNS[0], 5, line.description, dry_run=True, output="LINES")
        rows = len(wrapped) if isinstance(wrapped, list) else 1
        height = 5 * rows + (LINE if line.discount else 0)
        if pdf.get_y() + height > pdf.page_break_trigger:  # keep a line whole, the header on each page
            pdf.add_page()
            _table_header(pdf)
            pdf.set_font(FONT, "", 8.5)
        rate = rate_text(line.vat_rate) + " %"
        cells = (quantity(line.quantity), line.unit, price(line.unit_price), rate, euros(line.total_ht))
        y = pdf.get_y()
        pdf.multi_cell(COLUMNS[0], 5, line.description, new_x="LMARGIN", new_y="NEXT")
        after_description = pdf.get_y()
        pdf.set_xy(LEFT + COLUMNS[0], y)
        for width, text in zip(COLUMNS[1:], cells, strict=True):
            pdf.cell(width, 5, text, align="R")
        pdf.set_y(max(y + 5, after_description))
        if line.discount:
            pdf.text_line(render("doc_remise", amount=euros(line.discount)), 7.5)
    pdf.line(LEFT, pdf.get_y() + 1, RIGHT, pdf.get_y() + 1)
    pdf.ln(4)


def _vat_recap(pdf: _Page, doc: InvoiceDocument) -> None:
    """Per rate: the base HT and the tax (one row each), as CGI art. 242 nonies A asks; kept on one page
    with the totals under it."""
    needed = 5 * (len(doc.vat_totals) + 1) + 3 + 4 * (LINE + 0.6) + 4
    if pdf.get_y() + needed > pdf.page_break_trigger:
        pdf.add_page()
    widths = (30.0, 30.0, 30.0)
    pdf.set_font(FONT, "B", 8)
    for width, text in zip(widths, render("doc_colonnes_tva").split("|"), strict=True):
        pdf.cell(width, 5, text, border="B", align="R")
    pdf.ln(5)
    pdf.set_font(FONT, "", 8.5)
    for vat in doc.vat_totals:
        for width, text in zip(widths, (rate_text(vat.rate) + " %", euros(vat.base), euros(vat.amount)),
                               strict=True):
            pdf.cell(width, 5, text, align="R")
        pdf.ln(5)
    pdf.ln(3)


def _totals(pdf: _Page, doc: InvoiceDocument) -> None:
    x, width = 112.0, 80.0
    pdf.pair(render("doc_total_ht"), euros(doc.total_ht), x, width)
    pdf.pair(render("doc_total_tva"), euros(doc.total_tva), x, width)
    pdf.pair(render("doc_total_ttc"), euros(doc.total_ttc), x, width, "B")
    if doc.kind == "FACTURE":
        pdf.pair(render("doc_net_a_payer"), euros(doc.total_ttc), x, width, "B")
    pdf.ln(3)
    for reason in doc.exemptions:
        pdf.text_line(render("doc_exoneration", reason=reason), 8.5, "B")


def _payment(pdf: _Page, doc: InvoiceDocument) -> None:
    pdf.ln(2)
    if doc.kind == "AVOIR":
        if doc.origin is not None:
            pdf.text_line(render("doc_avoir_reglement", number=doc.origin.number), 8)
        return
    pdf.text_line(render("doc_paiement_echeance", date=day(doc.due_date), days=doc.payment_terms_days), 8)
    if doc.seller.iban:
        bic = render("doc_bic", bic=doc.seller.bic) if doc.seller.bic else ""
        pdf.text_line(render("doc_paiement_virement", iban=doc.seller.iban, bic=bic), 8)
    pdf.text_line(render("doc_escompte"), 8)
    pdf.text_line(render("doc_penalites_public" if doc.buyer.public else "doc_penalites_prive"), 7.5)


def _annex(pdf: _Page, doc: InvoiceDocument) -> None:
    annex = doc.annex
    if annex is None:
        return
    pdf.ln(4)
    pdf.text_line(annex.title, 9, "B")
    columns = max([len(annex.header)] + [len(row) for row in annex.rows])
    width = min(WIDTH / max(columns, 1), 45.0)
    if annex.header:
        pdf.set_font(FONT, "B", 8)
        for text in annex.header:
            pdf.cell(width, 5, text, border="B")
        pdf.ln(5)
    pdf.set_font(FONT, "", 8)
    for row in annex.rows:
        for text in row:
            pdf.cell(width, 4.6, str(text))
        pdf.ln(4.6)


def render_pdf(doc: InvoiceDocument) -> tuple[bytes, int]:
    """The PDF/A-3B bytes of a numbered document and its page count (the Factur-X XML is added after)."""
    pdf = _Page()
    pdf.set_title(f"{render('doc_avoir' if doc.kind == 'AVOIR' else 'doc_facture')} {doc.number}")
    pdf.set_author(doc.seller.name)
    pdf.set_lang("fr-FR")
    pdf.footer_text = _legal_footer(doc.seller)
    pdf.page_text = render("doc_page", number=doc.number, page="{page}", pages="{nb}")
    pdf.add_page()
    _header(pdf, doc)
    _buyer(pdf, doc)
    _lines(pdf, doc)
    _vat_recap(pdf, doc)
    _totals(pdf, doc)
    _payment(pdf, doc)
    if doc.note:
        pdf.ln(2)
        pdf.text_line(render("doc_note", note=doc.note), 8)
    _annex(pdf, doc)
    return bytes(pdf.output()), pdf.page_no()
