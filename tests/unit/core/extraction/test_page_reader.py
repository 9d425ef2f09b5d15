"""The page-text reader on real corpus PDFs (aggregate accuracy against truth.tsv) and on synthetic PDFs
built here for the layouts the corpus lacks (two-column headers, five VAT rates, long documents, acomptes,
credit notes, turned text)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from corpus import CORE_FIELDS, load_score, truth_rows
from extraction_pdfs import field_confidence as confidence
from extraction_pdfs import field_value as value
from fpdf import FPDF
from holdout_invoices import MONTHS as MONTHS_FR
from stdnum.fr import siret as stdnum_siret
from stdnum.fr import tva as stdnum_tva

from chorus_desktop.core.extraction.page_reader import PageReading, read_page_fields
from chorus_desktop.core.model import FIELD_NAMES, VatLine, json_value

# Valid identifiers (check digits hold) for the synthetic invoices.
SUPPLIER_SIRET = "73282932000074"
BUYER_SIRET = "53084813400017"
SUPPLIER_VAT = "FR{:02d}{}".format((12 + 3 * (int(SUPPLIER_SIRET[:9]) % 97)) % 97, SUPPLIER_SIRET[:9])
IBAN = "FR7630004025320001031126006"
assert stdnum_siret.is_valid(SUPPLIER_SIRET) and stdnum_siret.is_valid(BUYER_SIRET)
assert stdnum_tva.is_valid(SUPPLIER_VAT)


# ------------------------------------------------------------------------------------------------
# Helpers


Item = tuple[float, float, str]


def build_pdf(pages: list[list[Item]], *, size: float = 10) -> bytes:
    """A text PDF with each (x, y, text) written at its place (points from the top-left corner)."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("Helvetica", size=size)
    for items in pages:
        pdf.add_page()
        for x, y, text in items:
            pdf.text(x, y, text)
    return bytes(pdf.output())


def read(data: bytes) -> PageReading:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return read_page_fields(pdf)




def totals(ht: str, tva_lines: list[str], ttc: str, *, y: float = 500, x: float = 330) -> list[Item]:
    items: list[Item] = [(x, y, f"Total HT {ht} EUR")]
    for offset, line in enumerate(tva_lines, start=1):
        items.append((x, y + 15 * offset, line))
    items.append((x, y + 15 * (len(tva_lines) + 1), f"Total TTC {ttc} EUR"))
    return items


# ------------------------------------------------------------------------------------------------
# Real corpus PDFs


@pytest.fixture(scope="module")
def french_corpus(corpus_dir: Path) -> list[tuple[dict[str, str], PageReading]]:
    """Every French corpus PDF with its truth row and what the page reader read (read once)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # pdfminer's font warnings are noise here
    rows = [row for row in truth_rows(corpus_dir) if row["language"] == "fr"]
    assert len(rows) >= 10, "the corpus should hold a dozen French invoices"
    readings = []
    for row in rows:
        with pdfplumber.open(corpus_dir / "pdfs" / f"{row['id']}.pdf") as pdf:
            readings.append((row, read_page_fields(pdf)))
    return readings


def test_core_fields_on_french_corpus_reach_85_percent(
    french_corpus: list[tuple[dict[str, str], PageReading]], corpus_dir: Path
) -> None:
    score = load_score(corpus_dir)
    report = {}
    for name in CORE_FIELDS:
        scored = [(row, reading) for row, reading in french_corpus if row.get(name)]
        correct = sum(
            score.normalise(name, row[name]) == score.normalise(name, json_value(value(reading, name)))
            for row, reading in scored
        )
        report[name] = correct / len(scored)
    assert all(rate >= 0.85 for rate in report.values()), report


def test_high_confidence_values_on_french_corpus_are_right_98_percent(
    french_corpus: list[tuple[dict[str, str], PageReading]], corpus_dir: Path
) -> None:
    score = load_score(corpus_dir)
    right = wrong = 0
    wrong_values = []
    for row, reading in french_corpus:
        for name, found in reading.fields.items():
            if found.confidence != "high" or not row.get(name):
                continue
            if score.normalise(name, row[name]) == score.normalise(name, json_value(found.value)):
                right += 1
            else:
                wrong += 1
                wrong_values.append((row["id"], name, found.value))
    assert right >= 40, "too few confident values to mean anything"
    assert right / (right + wrong) >= 0.98, wrong_values


def test_every_value_has_its_page_and_box_and_the_agreed_types(
    french_corpus: list[tuple[dict[str, str], PageReading]],
) -> None:
    for row, reading in french_corpus:
        for name, found in reading.fields.items():
            assert name in FIELD_NAMES
            assert found.source == "text"
            assert found.confidence in ("high", "low")
            if name in ("total_ht", "total_tva", "total_ttc", "amount_due"):
                assert isinstance(found.value, Decimal)
                assert found.page is not None and 1 <= found.page <= int(row["pages"])
                assert (
                    found.bbox is not None
                    and found.bbox.x0 <= found.bbox.x1
                    and found.bbox.top <= found.bbox.bottom
                )
            if name == "date":
                assert isinstance(found.value, dt.date)


def test_cid_glyphs_are_reported_and_never_guessed(corpus_dir: Path) -> None:
    with pdfplumber.open(corpus_dir / "pdfs" / "oca-facture-fr-cid.pdf") as pdf:
        reading = read_page_fields(pdf)
    assert [p.code for p in reading.problems] == ["glyphes_cid"]
    assert "illisibles" in reading.problems[0].message
    for found in reading.fields.values():
        assert "(cid:" not in str(found.value)
    # What is legible on that page is still read.
    assert value(reading, "total_ttc") == Decimal("671.15")


# ------------------------------------------------------------------------------------------------
# Synthetic invoices


def two_column_invoice(*, buyer_on_the_left: bool) -> bytes:
    supplier = [
        "Émetteur",
        "Atelier Berthier SARL",
        "14 rue des Fabriques",
        "45000 Orléans",
        "SIRET : 732 829 320 00074",
        f"N° TVA intracommunautaire : {SUPPLIER_VAT}",
    ]
    buyer = [
        "Facturé à",
        "Mairie de Blois",
        "2 place de la Mairie",
        "41000 Blois",
        "SIRET : 530 848 134 00017",
        "Code service : SERV-URBA",
    ]
    left, right = (buyer, supplier) if buyer_on_the_left else (supplier, buyer)
    items: list[Item] = [(50, 50, "FACTURE")]
    for row, (a, b) in enumerate(zip(left, right)):
        items += [(50, 90 + 14 * row, a), (320, 90 + 14 * row, b)]
    items += [
        (50, 200, "Facture n° : FA-2024-0042"),
        (320, 200, "Date de facture : 1er décembre 2024"),
        (50, 214, "Bon de commande : BC-2024-118"),
        (320, 214, "Marché n° : M-2023-07"),
        (50, 260, "Désignation"),
        (420, 260, "Montant HT"),
        (50, 280, "Entretien des espaces verts"),
        (420, 280, "800,00"),
        (50, 295, "Fournitures"),
        (420, 295, "200,00"),
        *totals("1\u00a0000,00", ["TVA 20 % 200,00 EUR"], "1\u00a0200,00", y=340),
        (330, 400, "Net à payer 1\u00a0200,00 EUR"),
        (50, 460, "Mode de paiement : virement bancaire"),
        (50, 474, "IBAN : FR76 3000 4025 3200 0103 1126 006 - BIC : BNPAFRPPXXX"),
        (50, 800, "Atelier Berthier SARL au capital de 8 000,00 EUR - RCS Orléans 732 829 320"),
    ]
    return build_pdf([items])


@pytest.mark.parametrize("buyer_on_the_left", [False, True])
def test_two_column_header_tells_supplier_from_buyer(buyer_on_the_left: bool) -> None:
    reading = read(two_column_invoice(buyer_on_the_left=buyer_on_the_left))
    assert value(reading, "supplier_siret") == SUPPLIER_SIRET
    assert value(reading, "buyer_siret") == BUYER_SIRET
    assert value(reading, "supplier_vat") == SUPPLIER_VAT
    assert value(reading, "buyer") == "Mairie de Blois"
    assert confidence(reading, "supplier_siret") == "high"
    assert confidence(reading, "buyer_siret") == "high"
    assert value(reading, "service_code") == "SERV-URBA"


def test_header_fields_references_and_payment() -> None:
    reading = read(two_column_invoice(buyer_on_the_left=False))
    assert value(reading, "invoice_number") == "FA-2024-0042"
    assert confidence(reading, "invoice_number") == "high"
    assert value(reading, "date") == dt.date(2024, 12, 1)
    assert confidence(reading, "date") == "high"
    assert value(reading, "document_type") == "invoice"
    assert value(reading, "po_number") == "BC-2024-118"
    assert value(reading, "contract_number") == "M-2023-07"
    assert value(reading, "iban") == IBAN
    assert confidence(reading, "iban") == "high"
    assert value(reading, "payment_means") == "VIREMENT"
    assert value(reading, "currency") == "EUR"
    assert value(reading, "already_paid") is False


def test_totals_are_the_triple_that_adds_up_with_their_place_on_the_page() -> None:
    reading = read(two_column_invoice(buyer_on_the_left=False))
    assert (value(reading, "total_ht"), value(reading, "total_tva"), value(reading, "total_ttc")) == (
        Decimal("1000.00"),
        Decimal("200.00"),
        Decimal("1200.00"),
    )
    assert {confidence(reading, n) for n in ("total_ht", "total_tva", "total_ttc")} == {"high"}
    assert value(reading, "amount_due") == Decimal("1200.00")
    ttc = reading.fields["total_ttc"]
    assert ttc.page == 1 and ttc.bbox is not None
    # The box is the amount printed on the "Total TTC" line (y = 340 + 2 * 15), right of its label.
    assert 355 < ttc.bbox.bottom < 375 and ttc.bbox.x0 > 330
    assert value(reading, "vat_breakdown") == [VatLine(Decimal("20"), Decimal("1000.00"), Decimal("200.00"))]
    assert value(reading, "vat_rates") == [Decimal("20")]


def test_five_vat_rates_give_the_breakdown_that_sums_to_the_totals() -> None:
    rows = [
        ("20", "100,00", "20,00"),
        ("10", "200,00", "20,00"),
        ("5,5", "300,00", "16,50"),
        ("2,1", "400,00", "8,40"),
        ("0", "50,00", "0,00"),
    ]
    items: list[Item] = [
        (50, 50, "Facture n° 2024-77"),
        (50, 64, "Date : 26.05.2024"),
        (50, 300, "Taux"),
        (200, 300, "Base HT"),
        (330, 300, "Montant TVA"),
    ]
    for index, (rate, base, tax) in enumerate(rows):
        y = 315 + 14 * index
        items += [(50, y, f"TVA {rate} %"), (200, y, base), (330, y, tax)]
    items += totals("1 050,00", ["Total TVA 64,90 EUR"], "1 114,90", y=420)
    reading = read(build_pdf([items]))
    assert value(reading, "total_ttc") == Decimal("1114.90")
    assert value(reading, "total_tva") == Decimal("64.90")
    assert set(value(reading, "vat_breakdown")) == {
        VatLine(Decimal(r.replace(",", ".")), Decimal(b.replace(",", ".")), Decimal(t.replace(",", ".")))
        for r, b, t in rows
    }
    assert value(reading, "vat_rates") == [
        Decimal("20"),
        Decimal("10"),
        Decimal("5.5"),
        Decimal("2.1"),
        Decimal("0"),
    ]
    assert confidence(reading, "vat_breakdown") == "high"


def test_totals_printed_under_a_header_row() -> None:
    items: list[Item] = [
        (50, 50, "Facture n° X-100"),
        (300, 600, "TOTAL HT"),
        (380, 600, "TOTAL TVA"),
        (460, 600, "TOTAL TTC"),
        (300, 618, "250,00"),
        (380, 618, "50,00"),
        (460, 618, "300,00"),
        (50, 640, "Tout retard de paiement entraîne une pénalité."),
    ]
    reading = read(build_pdf([items]))
    assert (value(reading, "total_ht"), value(reading, "total_tva"), value(reading, "total_ttc")) == (
        Decimal("250.00"),
        Decimal("50.00"),
        Decimal("300.00"),
    )


def test_acomptes_and_example_amounts_are_not_totals() -> None:
    items: list[Item] = [
        (50, 50, "Facture N° 2024/0315"),
        (50, 64, "Date:26/05/2024"),
        (50, 200, "Exemple : pour une commande de 10 000,00 EUR HT, remise de 2 %"),
        *totals("2 000,00", ["TVA 20 % 400,00 EUR"], "2 400,00", y=300),
        (330, 360, "Acompte versé le 01/02/2024 -1 000,00 EUR"),
        (330, 375, "Net à payer 1 400,00 EUR"),
        (50, 800, "SAS au capital de 50 000,00 EUR - RCS Paris 732 829 320"),
    ]
    reading = read(build_pdf([items]))
    assert value(reading, "date") == dt.date(2024, 5, 26)
    assert value(reading, "total_ht") == Decimal("2000.00")
    assert value(reading, "total_ttc") == Decimal("2400.00")
    assert confidence(reading, "total_ttc") == "high"
    assert value(reading, "amount_due") == Decimal("1400.00")
    assert confidence(reading, "amount_due") == "high"


def test_multi_page_invoice_reads_totals_on_the_last_page() -> None:
    pages: list[list[Item]] = []
    for number in range(1, 4):
        page: list[Item] = [(50, 40, "Facture n° FA-2024-0900"), (450, 40, f"Page {number}/3")]
        for row in range(20):
            page.append((50, 100 + 15 * row, f"Article {number}-{row}"))
            page.append((450, 100 + 15 * row, "10,00"))
        pages.append(page)
    pages[-1] += totals("600,00", ["TVA 20 % 120,00 EUR"], "720,00", y=450)
    reading = read(build_pdf(pages))
    assert value(reading, "invoice_number") == "FA-2024-0900"
    assert confidence(reading, "invoice_number") == "high"
    assert value(reading, "total_ttc") == Decimal("720.00")
    assert reading.fields["total_ttc"].page == 3


def test_long_document_reads_head_and_tail_pages_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    pages: list[list[Item]] = [[(50, 40, "Facture n° LONG-1"), (50, 60, f"Ligne {n}")] for n in range(50)]
    pages[-1] += totals("1 000,00", ["TVA 20 % 200,00 EUR"], "1 200,00", y=450)
    data = build_pdf(pages)
    calls: list[int] = []
    original = pdfplumber.page.Page.extract_words

    def counting(self: pdfplumber.page.Page, *args: Any, **kwargs: Any) -> Any:
        calls.append(self.page_number)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pdfplumber.page.Page, "extract_words", counting)
    reading = read(data)
    assert value(reading, "total_ttc") == Decimal("1200.00")
    assert reading.fields["total_ttc"].page == 50
    assert value(reading, "invoice_number") == "LONG-1"
    assert sorted(calls) == sorted(set(calls)), "extract_words must run once per page"
    assert len(calls) <= 6 and 1 in calls and 50 in calls


@pytest.mark.parametrize(
    ("sentence", "paid"),
    [
        ("Facture acquittée le 12/03/2024", True),
        ("Payée le 3 mars 2024 par carte bancaire", True),
        ("Statut : payée", True),
        ("TVA acquittée sur les encaissements", False),
        ("TVA 20% payée sur les encaissements", False),
    ],
)
def test_already_paid(sentence: str, paid: bool) -> None:
    items: list[Item] = [
        (50, 50, "Facture n° P-1"),
        (50, 400, sentence),
        *totals("10,00", ["TVA 20 % 2,00 EUR"], "12,00", y=300),
    ]
    reading = read(build_pdf([items]))
    assert value(reading, "already_paid") is paid


@pytest.mark.parametrize(
    ("sentence", "regime"),
    [
        ("TVA non applicable, art. 293 B du CGI", "SANS_TVA"),
        ("TVA acquittée sur les encaissements", "TVA_SUR_ENCAISSEMENT"),
        ("Option pour le paiement de la taxe d'après les débits", "TVA_SUR_DEBIT"),
        ("Exonération de TVA, article 261-4-4° du CGI", "EXONERATION"),
    ],
)
def test_vat_regime(sentence: str, regime: str) -> None:
    items: list[Item] = [(50, 50, "Facture n° R-1"), (50, 400, sentence), (330, 300, "Total HT 4485 EUR")]
    reading = read(build_pdf([items]))
    assert value(reading, "vat_regime") == regime
    if regime == "SANS_TVA":
        assert value(reading, "total_ht") == Decimal("4485")


def test_credit_note_with_its_original_invoice() -> None:
    items: list[Item] = [
        (50, 70, "Avoir n° AV-2024-003 sur facture n° FA-2024-0042"),
        (50, 84, "Date : 15/04/2024"),
        *totals("-100,00", ["TVA 20 % -20,00 EUR"], "-120,00", y=300),
    ]
    reading = read(build_pdf([items]))
    assert value(reading, "document_type") == "credit_note"
    assert value(reading, "invoice_number") == "AV-2024-003"
    assert value(reading, "original_invoice_number") == "FA-2024-0042"
    assert value(reading, "total_ttc") == Decimal("-120.00")


def test_turned_text_is_read_in_its_own_direction() -> None:
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.text(50, 50, "Facture n° T-2024-5")
    with pdf.rotation(180, 300, 600):  # upside down
        pdf.text(300, 600, "Total HT 100,00 EUR")
        pdf.text(300, 612, "TVA 20 % 20,00 EUR")
        pdf.text(300, 624, "Total TTC 120,00 EUR")
    with pdf.rotation(90, 40, 700):  # running up the page
        pdf.text(40, 700, "Date de facture : 12/03/2024")
    reading = read(bytes(pdf.output()))
    assert value(reading, "total_ttc") == Decimal("120.00")
    assert value(reading, "total_ht") == Decimal("100.00")
    assert value(reading, "date") == dt.date(2024, 3, 12)


def test_page_without_text_gives_no_field_and_no_crash() -> None:
    reading = read(build_pdf([[]]))
    assert reading.fields == {}
    assert reading.problems == []


def test_hostile_text_is_read_without_hanging() -> None:
    noise = " ".join(["1"] * 120)
    items: list[Item] = [(20, 40 + 10 * row, noise) for row in range(60)]
    items += [(20, 700, "Total " + "9" * 200), (20, 720, "Date " + "/".join(["12"] * 80))]
    reading = read(build_pdf([items], size=4))
    assert value(reading, "total_ttc") is None or isinstance(value(reading, "total_ttc"), Decimal)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Paris, le 12 mars 2024", "Facture n° D-1"], dt.date(2024, 3, 12)),
        (["Facture du 05/04/2024", "N° de facture : D-2"], dt.date(2024, 4, 5)),
        (["Facture n° D-3 émise le 7 juin 2024"], dt.date(2024, 6, 7)),
    ],
)
def test_dates_without_a_date_label(lines: list[str], expected: dt.date) -> None:
    items: list[Item] = [(50, 60 + 15 * row, text) for row, text in enumerate(lines)]
    reading = read(build_pdf([items]))
    assert value(reading, "date") == expected


def test_bank_details_beside_the_totals_do_not_disturb_them() -> None:
    items: list[Item] = [
        (50, 50, "Facture n° B-12"),
        (50, 600, "N° TVA intracom. : FR 44 732 829 320"),
        (330, 600, "Total HT 1 250,00 EUR"),
        (50, 615, "IBAN : FR76 3000 4025 3200 0103 1126 006"),
        (330, 615, "TVA 20 % 250,00 EUR"),
        (50, 630, "SIRET : 732 829 320 00074"),
        (330, 630, "Total TTC 1 500,00 EUR"),
    ]
    reading = read(build_pdf([items]))
    assert (value(reading, "total_ht"), value(reading, "total_tva"), value(reading, "total_ttc")) == (
        Decimal("1250.00"),
        Decimal("250.00"),
        Decimal("1500.00"),
    )
    assert value(reading, "iban") == IBAN
    assert value(reading, "supplier_vat") == SUPPLIER_VAT
    assert value(reading, "supplier_siret") == SUPPLIER_SIRET


def artisan_invoice() -> bytes:
    """A word-processor invoice: title and number at the top right, client block, a totals box."""
    items: list[Item] = [
        (50, 50, "SARL Dupont Plomberie"),
        (400, 50, "FACTURE"),
        (50, 64, "12 rue de la Paix"),
        (400, 64, "N° : 2024-0156"),
        (50, 78, "75002 Paris"),
        (400, 78, "Le 15 mars 2024"),
        (50, 92, "Tél : 01 42 00 00 00"),
        (330, 140, "Client : Mairie de Lyon"),
        (330, 154, "1 place de la Comédie"),
        (330, 168, "69001 Lyon"),
        (50, 240, "Désignation"),
        (300, 240, "Qté"),
        (360, 240, "P.U. HT"),
        (450, 240, "Total HT"),
        (50, 256, "Remplacement robinet"),
        (300, 256, "2"),
        (360, 256, "45,00"),
        (450, 256, "90,00"),
        (50, 270, "Main d'oeuvre"),
        (300, 270, "3"),
        (360, 270, "55,00"),
        (450, 270, "165,00"),
        (360, 320, "Total HT"),
        (450, 320, "255,00 EUR"),
        (360, 334, "TVA 10 %"),
        (450, 334, "25,50 EUR"),
        (360, 348, "Total TTC"),
        (450, 348, "280,50 EUR"),
        (50, 400, "Conditions de paiement : 30 jours. Paiement par chèque."),
        (50, 414, "En cas de retard, indemnité forfaitaire de 40,00 EUR pour frais de recouvrement."),
        (50, 800, "SARL au capital de 7 500,00 EUR - SIRET 732 829 320 00074 - RCS Paris"),
    ]
    return build_pdf([items])


def test_artisan_invoice_read_like_an_accountant() -> None:
    reading = read(artisan_invoice())
    assert value(reading, "invoice_number") == "2024-0156"
    assert value(reading, "date") == dt.date(2024, 3, 15)
    assert (value(reading, "total_ht"), value(reading, "total_tva"), value(reading, "total_ttc")) == (
        Decimal("255.00"),
        Decimal("25.50"),
        Decimal("280.50"),
    )
    assert confidence(reading, "total_ttc") == "high"
    assert value(reading, "vat_rates") == [Decimal("10")]
    assert value(reading, "buyer") == "Mairie de Lyon"
    assert value(reading, "supplier_siret") == SUPPLIER_SIRET
    assert confidence(reading, "supplier_siret") == "high"
    assert value(reading, "payment_means") == "CHEQUE"


def test_public_buyer_references_and_a_spaced_number() -> None:
    items: list[Item] = [
        (50, 50, "Facture n° FA 2024-0042"),
        (50, 64, "Date : 12/01/2024"),
        (50, 78, "N° d'engagement juridique : 1300012345"),
        (50, 92, "Code service exécutant : SE-COMPTA"),
        (50, 120, "Merci de nous avoir fait confiance, sans avoir à relancer."),
        *totals("4 000,00", ["TVA 20 % 800,00 EUR"], "4 800,00", y=300),
        (50, 400, "TVA acquittée sur les débits"),
    ]
    reading = read(build_pdf([items]))
    assert value(reading, "invoice_number") == "FA 2024-0042"
    assert value(reading, "document_type") == "invoice"  # `avoir` in a sentence is not a credit note
    assert value(reading, "date") == dt.date(2024, 1, 12)
    assert value(reading, "po_number") == "1300012345"
    assert value(reading, "service_code") == "SE-COMPTA"
    assert value(reading, "vat_regime") == "TVA_SUR_DEBIT"


def test_identifiers_failing_their_check_digits_are_never_high() -> None:
    items: list[Item] = [
        (50, 50, "Facture n° K-1"),
        *totals("100,00", ["TVA 20 % 20,00 EUR"], "120,00", y=300),
        (50, 780, "SAS au capital de 1 000,00 EUR - SIRET 732 829 320 00075 - RCS Paris"),
        (50, 792, "N° TVA intracommunautaire : FR45732829320 - IBAN : FR76 3000 4025 3200 0103 1126 007"),
    ]
    reading = read(build_pdf([items]))
    assert value(reading, "supplier_siret") == "73282932000075"
    assert confidence(reading, "supplier_siret") == "low"
    assert confidence(reading, "supplier_vat") in (None, "low")
    assert confidence(reading, "iban") in (None, "low")


def test_totals_row_under_column_headings() -> None:
    items: list[Item] = [
        (50, 50, "Facture n° 77-A"),
        (50, 64, "Date : 12/01/2024"),
        (200, 300, "Montant HT"),
        (300, 300, "Montant TTC"),
        (50, 316, "Total"),
        (200, 316, "1 000,00"),
        (300, 316, "1 200,00"),
        (50, 340, "dont TVA 20 %"),
        (300, 340, "200,00"),
    ]
    reading = read(build_pdf([items]))
    assert (value(reading, "total_ht"), value(reading, "total_tva"), value(reading, "total_ttc")) == (
        Decimal("1000.00"),
        Decimal("200.00"),
        Decimal("1200.00"),
    )


def test_rate_table_without_labels_and_balance_after_advance() -> None:
    items: list[Item] = [
        (50, 50, "FACTURE N° 2024/118"),
        (50, 64, "Date d'émission : 02/04/2024"),
        (300, 64, "Date d'échéance : 02/05/2024"),
        (50, 300, "Taux TVA"),
        (150, 300, "Base HT"),
        (250, 300, "Montant TVA"),
        (50, 314, "20,00 %"),
        (150, 314, "1 000,00"),
        (250, 314, "200,00"),
        (50, 328, "5,50 %"),
        (150, 328, "200,00"),
        (250, 328, "11,00"),
        (380, 300, "Total HT"),
        (480, 300, "1 200,00"),
        (380, 314, "Total TVA"),
        (480, 314, "211,00"),
        (380, 328, "Total TTC"),
        (480, 328, "1 411,00"),
        (380, 342, "Acompte reçu"),
        (480, 342, "- 300,00"),
        (380, 356, "Reste à payer"),
        (480, 356, "1 111,00"),
    ]
    reading = read(build_pdf([items]))
    assert value(reading, "date") == dt.date(2024, 4, 2)
    assert value(reading, "total_ttc") == Decimal("1411.00")
    assert value(reading, "amount_due") == Decimal("1111.00")
    assert set(value(reading, "vat_breakdown")) == {
        VatLine(Decimal("20"), Decimal("1000.00"), Decimal("200.00")),
        VatLine(Decimal("5.5"), Decimal("200.00"), Decimal("11.00")),
    }


def test_a_damaged_page_is_reported_and_the_others_are_still_read(monkeypatch: pytest.MonkeyPatch) -> None:
    pages: list[list[Item]] = [
        [(50, 50, "Facture n° DMG-1")],
        [(50, 50, "Détail")],
        totals("10,00", ["TVA 20 % 2,00 EUR"], "12,00", y=300),
    ]
    data = build_pdf(pages)
    original = pdfplumber.page.Page.extract_words

    def broken_on_page_two(self: pdfplumber.page.Page, *args: Any, **kwargs: Any) -> Any:
        if self.page_number == 2:
            raise ValueError("flux de contenu abîmé")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pdfplumber.page.Page, "extract_words", broken_on_page_two)
    reading = read(data)
    assert [p.code for p in reading.problems] == ["page_abimee"]
    assert "page 2" in reading.problems[0].message
    assert value(reading, "invoice_number") == "DMG-1"
    assert value(reading, "total_ttc") == Decimal("12.00")


def test_gross_and_net_ht_with_the_rate_only_in_the_lines() -> None:
    items: list[Item] = [
        (50, 50, "Facture N° : FA000123"),
        (50, 64, "Date : 12/03/2024"),
        (300, 64, "Code client : C0042"),
        (100, 200, "Désignation"),
        (300, 200, "Qté"),
        (350, 200, "P.U. HT"),
        (420, 200, "Montant HT"),
        (500, 200, "TVA"),
        (100, 214, "Article un"),
        (300, 214, "2"),
        (350, 214, "550,00"),
        (420, 214, "1 100,00"),
        (500, 214, "20%"),
        (330, 300, "Total brut HT"),
        (450, 300, "1 100,00"),
        (330, 314, "Remise 9,09 %"),
        (450, 314, "100,00"),
        (330, 328, "Total net HT"),
        (450, 328, "1 000,00"),
        (330, 342, "Total TVA"),
        (450, 342, "200,00"),
        (330, 356, "Total TTC"),
        (450, 356, "1 200,00"),
        (330, 370, "Net à payer"),
        (450, 370, "1 200,00 EUR"),
    ]
    reading = read(build_pdf([items]))
    assert value(reading, "total_ht") == Decimal("1000.00")
    assert value(reading, "total_ttc") == Decimal("1200.00")
    assert value(reading, "vat_breakdown") == [VatLine(Decimal("20"), Decimal("1000.00"), Decimal("200.00"))]


# ------------------------------------------------------------------------------------------------
# Generated invoices: many layouts and formats at once, checked against the values they were built from


def printed_amount(value: Decimal, style: int) -> str:
    whole, decimals = f"{abs(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    separator = [" ", ".", "", "\u00a0"][style]
    return ("-" if value < 0 else "") + separator.join(groups) + "," + decimals


def printed_date(day: dt.date, style: int) -> str:
    return [
        day.strftime("%d/%m/%Y"),
        day.strftime("%d.%m.%Y"),
        f"{day.day} {MONTHS_FR[day.month - 1]} {day.year}",
        day.isoformat(),
    ][style]


def generated_invoice(rng: random.Random) -> tuple[list[Item], dict[str, Any]]:
    number = rng.choice(["FA-2024-{:04d}", "2024-{:03d}", "F2024{:03d}", "INV/2024/{:04d}"]).format(
        rng.randint(1, 999)
    )
    day = dt.date(2024, rng.randint(1, 12), rng.randint(1, 28))
    date_style, amount_style = rng.randint(0, 3), rng.randint(0, 3)
    rates = rng.sample([Decimal("20"), Decimal("10"), Decimal("5.5"), Decimal("2.1")], rng.randint(1, 2))
    lines = [
        (rate, Decimal(rng.randint(500, 90_000)) / 100) for rate in rates for _ in range(rng.randint(1, 3))
    ]
    bases = {rate: sum(amount for r, amount in lines if r == rate) for rate in rates}
    taxes = {rate: (bases[rate] * rate / 100).quantize(Decimal("0.01")) for rate in rates}
    ht, tva = sum(bases.values()), sum(taxes.values())
    ttc = ht + tva
    items: list[Item] = [
        (50, 50, "Atelier Berthier SARL"),
        (50, 64, "14 rue des Fabriques"),
        (50, 78, "45000 Orléans"),
        (330, 130, "Mairie de Blois"),
        (330, 144, "2 place de la Mairie"),
        (330, 158, "41000 Blois"),
    ]
    if rng.random() < 0.5:
        items += [
            (380, 20, "FACTURE"),
            (380, 32, f"N° {number}"),
            (380, 92, f"Date : {printed_date(day, date_style)}"),
        ]
    else:
        items += [(50, 230, f"Facture n° {number} du {printed_date(day, date_style)}")]
    y = 270.0
    items += [(50, y, "Désignation"), (370, y, "TVA"), (420, y, "Montant TVA"), (500, y, "Montant TTC")]
    for index, (rate, amount) in enumerate(lines):
        y += 14
        tax = (amount * rate / 100).quantize(Decimal("0.01"))
        items += [
            (50, y, f"Article {index + 1}"),
            (370, y, f"{rate}%".replace(".", ",")),
            (420, y, printed_amount(tax, amount_style)),
            (500, y, printed_amount(amount + tax, amount_style)),
        ]
    rows = [("Total HT", ht)]
    rows += (
        [
            (
                f"TVA {str(rate).replace('.', ',')} % sur {printed_amount(bases[rate], amount_style)}",
                taxes[rate],
            )
            for rate in rates
        ]
        if len(rates) > 1
        else []
    )
    rows += [("Total TVA", tva), (rng.choice(["Total TTC", "Montant total TTC", "TOTAL T.T.C."]), ttc)]
    truth: dict[str, Any] = {}
    if rng.random() < 0.3:
        advance = (ttc / 2).quantize(Decimal("0.01"))
        rows += [("Acompte versé le 01/01/2024", -advance), ("Net à payer", ttc - advance)]
        truth["amount_due"] = ttc - advance
    left = [
        "IBAN : FR76 3000 4025 3200 0103 1126 006",
        "BIC : BNPAFRPPXXX",
        "Règlement par virement à 30 jours",
    ]
    y += 40
    for index, (label, amount) in enumerate(rows):
        items += [
            (330, y, label),
            (
                480,
                y + rng.uniform(-1.2, 1.2),
                printed_amount(amount, amount_style) + rng.choice(["", " EUR"]),
            ),
        ]
        if index < len(left):
            items.append((50, y, left[index]))
        y += 14
    items += [
        (50, y + 20, "Exemple : pour 10 000,00 EUR HT commandés, remise de 3 %."),
        (50, 800, f"SARL au capital de 8 000,00 EUR - SIRET 732 829 320 00074 - TVA {SUPPLIER_VAT}"),
    ]
    truth.update(
        {
            "invoice_number": number,
            "date": day,
            "total_ht": ht,
            "total_tva": tva,
            "total_ttc": ttc,
            "supplier_siret": SUPPLIER_SIRET,
            "supplier_vat": SUPPLIER_VAT,
            "buyer": "Mairie de Blois",
            "iban": IBAN,
            "payment_means": "VIREMENT",
            "vat_rates": sorted(rates, reverse=True),
            "vat_breakdown": sorted(
                (VatLine(rate, bases[rate], taxes[rate]) for rate in rates), key=lambda v: -v.rate
            ),
        }
    )
    return items, truth


def test_generated_invoices_are_read_and_high_values_are_right() -> None:
    rng = random.Random(20241123)
    right = wrong = 0
    misses = []
    for _ in range(40):
        items, truth = generated_invoice(rng)
        reading = read(build_pdf([items]))
        for name, expected in truth.items():
            found = reading.fields.get(name)
            if found is None or found.value != expected:
                misses.append((name, None if found is None else found.value, expected))
            if found is not None and found.confidence == "high":
                right += found.value == expected
                wrong += found.value != expected
    core_misses = [m for m in misses if m[0] in CORE_FIELDS]
    assert not core_misses, core_misses
    assert len(misses) <= 4, misses
    assert wrong == 0, misses
    assert right >= 40 * 8


def test_a_paid_stamp_says_the_invoice_is_paid() -> None:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for x, y, text in [
        (50, 50, "Facture n° S-9"),
        (50, 64, "Date : 12/03/2024"),
        *totals("10,00", ["TVA 20 % 2,00 EUR"], "12,00", y=300),
    ]:
        pdf.text(x, y, text)
    pdf.set_font("Helvetica", size=72)
    pdf.text(150, 500, "PAYÉ")
    reading = read(bytes(pdf.output()))
    assert value(reading, "already_paid") is True
    assert value(reading, "total_ttc") == Decimal("12.00")
