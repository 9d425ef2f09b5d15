"""The PDF the app writes: our reader reads it back (with and without its XML) with every core field right and
`high`; the Factur-X XML passes the XSD; the file declares PDF/A-3B, embeds its fonts and the XML."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from writingkit import DEFRAIEMENT, document, seller

from chorus_desktop.core.domain.invoice_spec import parse_invoice_spec
from chorus_desktop.core.domain.written_invoice import FRANCHISE_REASON, InvoiceDocument, Line
from chorus_desktop.core.extraction import extract_invoice
from chorus_desktop.core.model import format_amount
from chorus_desktop.core.writing import write_invoice_pdf

CORE = ("invoice_number", "date", "document_type", "total_ht", "total_tva", "total_ttc", "supplier_siret",
        "buyer_siret", "vat_rates")


def several_rates() -> InvoiceDocument:
    return document()


def exemption() -> InvoiceDocument:
    lines = (Line("Formation professionnelle continue", Decimal(2), Decimal(450), "jour", Decimal(0),
                  exemption="Exonération de TVA, art. 261-4-4° a du CGI"),)
    return document(lines=lines, number="FA-2026-0002")


def franchise() -> InvoiceDocument:
    lines = (Line("Cours particuliers", Decimal(6), Decimal(35), "heure", Decimal(0), exemption=FRANCHISE_REASON),)
    return document(lines=lines, number="FA-2026-0003")


def avoir() -> InvoiceDocument:
    return document("AVOIR", number="AV-2026-0001")


def defraiement() -> InvoiceDocument:
    doc = parse_invoice_spec(DEFRAIEMENT, seller(), franchise=False, today=dt.date(2026, 12, 31))
    return doc.numbered("DEF-2026-0001")


def several_pages() -> InvoiceDocument:
    lines = tuple(Line(f"Intervention n° {i} — sur site, avec un libellé assez long pour passer à la ligne",
                       Decimal(i % 5 + 1), Decimal("37.5"), "heure", Decimal(20 if i % 3 else 10))
                  for i in range(45))
    return document(lines=lines, number="FA-2026-0004")


CASES = {"several_rates": several_rates, "exemption": exemption, "franchise": franchise, "avoir": avoir,
         "defraiement": defraiement, "several_pages": several_pages}


def expected(doc: InvoiceDocument) -> dict[str, Any]:
    rates = sorted({v.rate for v in doc.vat_totals}, reverse=True)
    return {"invoice_number": doc.number, "date": doc.issue_date.isoformat(),
            "document_type": "credit_note" if doc.kind == "AVOIR" else "invoice",
            "total_ht": format_amount(doc.total_ht), "total_tva": format_amount(doc.total_tva),
            "total_ttc": format_amount(doc.total_ttc), "supplier_siret": doc.seller.siret,
            "buyer_siret": doc.buyer.siret, "vat_rates": [format(r.normalize(), "f") for r in rates]}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[InvoiceDocument, Path, bytes]]:
    folder = tmp_path_factory.mktemp("written")
    out = {}
    for name, make in CASES.items():
        doc = make()
        pdf = write_invoice_pdf(doc)
        path = folder / f"{name}.pdf"
        path.write_bytes(pdf.data)
        out[name] = (doc, path, pdf.xml)
    return out


@pytest.mark.parametrize("use_xml", [True, False], ids=["with_xml", "text_only"])
@pytest.mark.parametrize("case", list(CASES))
def test_our_reader_reads_it_back_right_and_high(case: str, use_xml: bool,
                                                  written: dict[str, tuple[InvoiceDocument, Path, bytes]]) -> None:
    doc, path, _xml = written[case]
    result = extract_invoice(path, use_embedded_xml=use_xml)
    data = result.to_json()
    want = expected(doc)
    if doc.total_tva == 0:
        want.pop("vat_rates")  # an exempt invoice prints no VAT rate to read
    for name, value in want.items():
        assert data[name] == value, (name, data[name])
        assert data["confidence"][name] == "high", name
    assert data["amount_due"] in (format_amount(doc.total_ttc), None)
    if doc.kind == "AVOIR":
        assert data["original_invoice_number"] == "FA-2026-0007"
        assert data["confidence"]["original_invoice_number"] == "high"
    else:
        assert data["amount_due"] == format_amount(doc.total_ttc) and data["confidence"]["amount_due"] == "high"
    if len(doc.vat_totals) > 1:
        assert data["vat_breakdown"] == [{"rate": format(v.rate.normalize(), "f"), "base": format_amount(v.base),
                                          "amount": format_amount(v.amount)} for v in doc.vat_totals]
    assert data["service_code"] == "SE01" or doc.template == "defraiement"
    assert not [p for p in data["problems"] if p.get("blocking")]
    assert result.has_embedded_xml is use_xml


@pytest.mark.parametrize("case", list(CASES))
def test_the_xml_passes_the_factur_x_xsd(case: str, written: dict[str, tuple[InvoiceDocument, Path, bytes]]) -> None:
    from facturx import get_facturx_xml_from_pdf, xml_check_xsd

    doc, path, xml = written[case]
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    name, embedded = get_facturx_xml_from_pdf(path.read_bytes(), check_xsd=True)
    assert name == "factur-x.xml" and embedded == xml
    assert f"<ram:TypeCode>{doc.type_code}</ram:TypeCode>".encode() in xml


def test_the_xsd_check_would_catch_a_broken_xml(written: dict[str, tuple[InvoiceDocument, Path, bytes]]) -> None:
    from facturx import xml_check_xsd

    broken = written["several_rates"][2].replace(b"<ram:TypeCode>380</ram:TypeCode>", b"", 1)
    with pytest.raises(Exception, match="(?i)xsd|schema|element"):
        xml_check_xsd(broken, flavor="factur-x", level="en16931")


def _xmp(reader: PdfReader) -> str:
    metadata = reader.trailer["/Root"]["/Metadata"].get_object()
    return str(metadata.get_data().decode("utf-8"))


def test_a_long_invoice_breaks_pages_cleanly(written: dict[str, tuple[InvoiceDocument, Path, bytes]]) -> None:
    reader = PdfReader(written["several_pages"][1])
    assert 3 <= len(reader.pages) <= 5
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"FA-2026-0004 - page {number}/{len(reader.pages)}" in text
        if number > 1 and "Intervention" in text:
            assert "Désignation" in text  # the table header again on each page of lines
    last = reader.pages[-1].extract_text()
    assert "Taux de TVA" in last and "Total TTC" in last  # the VAT recap stays with the totals


def test_the_file_declares_pdf_a_3b_with_embedded_fonts_and_the_xml_as_associated_file(
        written: dict[str, tuple[InvoiceDocument, Path, bytes]]) -> None:
    _doc, path, _xml = written["several_rates"]
    raw = path.read_bytes()
    reader = PdfReader(io.BytesIO(raw))
    root = reader.trailer["/Root"]
    xmp = _xmp(reader)
    assert re.search(r"pdfaid:part(>|=\")3", xmp) and re.search(r"pdfaid:conformance(>|=\")B", xmp)
    assert "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#" in xmp and "EN 16931" in xmp
    [intent] = root["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent.get_object()
    [filespec] = root["/AF"]
    assert filespec.get_object()["/AFRelationship"] == "/Data"
    assert "/ID" in reader.trailer
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded TrueType
        assert "/ToUnicode" in font.get_object()
    text = reader.pages[0].extract_text()
    for glyphs in ("€", "é", "—", "Ségur"):
        assert glyphs in text


def test_the_legal_mentions_are_printed(written: dict[str, tuple[InvoiceDocument, Path, bytes]]) -> None:
    def text(case: str) -> str:
        return " ".join(PdfReader(written[case][1]).pages[0].extract_text().split())

    invoice = text("several_rates")
    for words in ("SIRET : 73282932000074", "FR44732829320", "Date d'échéance 01/04/2026",
                  "Pas d'escompte pour paiement anticipé", "40 €", "BCE majoré de 8 points", "SARL au capital de 10 000 €",
                  "RCS Lyon B 732 829 320", "IBAN FR7630006000011234567890189", "SIRET client : 11000201100044",
                  "Taux de TVA Base HT Montant TVA"):
        assert words in invoice, words
    assert FRANCHISE_REASON in text("franchise")
    assert "Exonération de TVA, art. 261-4-4° a du CGI" in text("exemption")
    credit = text("avoir")
    assert "AVOIR" in credit and "Annule la facture n° FA-2026-0007 du 03/02/2026" in credit
    assert "Motif : Facture rejetée par Chorus Pro" in credit and "Pas d'escompte" not in credit
    private = text("defraiement")
    assert "BCE majoré de 10 points" in private and "janvier 2026 55" in private and "Total 596" in private
    assert "0,025 €" in private and "14,90 €" in private and "17,88 €" in private


INFO_TO_XMP = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
               "/Keywords": "pdf:Keywords", "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer",
               "/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate"}


@pytest.mark.parametrize("case", list(CASES))
def test_pdf_a_metadata_rules_we_can_check_without_verapdf(
        case: str, written: dict[str, tuple[InvoiceDocument, Path, bytes]]) -> None:
    """veraPDF cannot be installed here (no package in the reachable registries): these are the PDF/A-3
    rules about the header, the metadata stream and the Info dictionary, checked by hand."""
    raw = written[case][1].read_bytes()
    assert raw.startswith(b"%PDF-1.7\n") and b"/Encrypt" not in raw and b"/JavaScript" not in raw
    reader = PdfReader(io.BytesIO(raw))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in metadata and metadata["/Subtype"] == "/XML"
    xmp = _xmp(reader)
    for key, value in (reader.metadata or {}).items():
        tag = INFO_TO_XMP[key]
        assert f"<{tag}>" in xmp, (key, tag)
        if not key.endswith("Date"):
            assert f">{value}<" in xmp, (key, value)
