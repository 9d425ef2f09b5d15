"""The extraction engine end to end: real corpus PDFs with the real page reader, merge and checks rules.

Accuracy is asserted in aggregate against truth.tsv (compared with score.py's own normalisation), never
per known file: the engine will meet invoices nobody has seen.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from corpus import CORE_FIELDS, SCORED_FIELDS, load_score, truth_rows
from extraction_pdfs import text_pdf

from chorus_desktop.core.extraction import extract_invoice
from chorus_desktop.core.extraction.checks import run_checks
from chorus_desktop.core.extraction.merge import merge_readings
from chorus_desktop.core.model import (
    FIELD_NAMES,
    BoundingBox,
    ExtractionResult,
    FieldValue,
    VatLine,
    json_value,
)

# --- corpus helpers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def score(corpus_dir: Path) -> ModuleType:
    return load_score(corpus_dir)


@pytest.fixture(scope="module")
def truth(corpus_dir: Path) -> list[dict[str, str]]:
    return truth_rows(corpus_dir)


@pytest.fixture(scope="module")
def with_xml(corpus_dir: Path, truth: list[dict[str, str]]) -> dict[str, ExtractionResult]:
    return {row["id"]: extract_invoice(corpus_dir / "pdfs" / f"{row['id']}.pdf") for row in truth}


@pytest.fixture(scope="module")
def page_only(corpus_dir: Path, truth: list[dict[str, str]]) -> dict[str, ExtractionResult]:
    return {
        row["id"]: extract_invoice(corpus_dir / "pdfs" / f"{row['id']}.pdf", use_embedded_xml=False)
        for row in truth
    }


def accuracy(
    score: ModuleType,
    rows: list[dict[str, str]],
    results: dict[str, ExtractionResult],
    fields: tuple[str, ...],
) -> tuple[float, list[tuple[str, str, str, object]]]:
    compared = correct = 0
    misses = []
    for row in rows:
        printed = results[row["id"]].to_json()
        for name in fields:
            expected = score.normalise(name, row[name])
            if expected is None:
                continue
            compared += 1
            if score.normalise(name, printed[name]) == expected:
                correct += 1
            else:
                misses.append((row["id"], name, row[name], printed[name]))
    return correct / compared, misses


def french(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [row for row in rows if row["language"] == "fr"]


# --- the corpus, end to end ------------------------------------------------------------------------


def test_every_corpus_pdf_is_read(
    with_xml: dict[str, ExtractionResult], page_only: dict[str, ExtractionResult]
) -> None:
    for results in (with_xml, page_only):
        for name, result in results.items():
            assert result.readable, (name, result.problems)
            assert result.page_count >= 1
            data = result.to_json()
            assert set(FIELD_NAMES) <= set(data), name
            for field_name, field_value in result.fields.items():
                assert field_value.confidence in ("high", "low")
                assert field_value.source in ("xml", "text"), (name, field_name)
                if field_value.source == "text" and field_value.bbox is not None:
                    assert field_value.page is not None and 1 <= field_value.page <= result.page_count


def test_embedded_xml_is_read_first_when_present(
    with_xml: dict[str, ExtractionResult], truth: list[dict[str, str]]
) -> None:
    for row in truth:
        result = with_xml[row["id"]]
        if row["kind"] in ("facturx", "zugferd"):
            assert result.has_embedded_xml, row["id"]
            assert any(fv.source == "xml" for fv in result.fields.values()), row["id"]


def test_french_core_fields_with_xml(
    score: ModuleType, truth: list[dict[str, str]], with_xml: dict[str, ExtractionResult]
) -> None:
    rate, misses = accuracy(score, french(truth), with_xml, CORE_FIELDS)
    assert rate >= 0.95, misses


def test_french_core_fields_page_only(
    score: ModuleType, truth: list[dict[str, str]], page_only: dict[str, ExtractionResult]
) -> None:
    rate, misses = accuracy(score, french(truth), page_only, CORE_FIELDS)
    assert rate >= 0.85, misses


def test_high_confidence_values_are_right(
    score: ModuleType,
    truth: list[dict[str, str]],
    with_xml: dict[str, ExtractionResult],
    page_only: dict[str, ExtractionResult],
) -> None:
    high = wrong = 0
    wrongs = []
    for results in (with_xml, page_only):
        for row in truth:
            result = results[row["id"]]
            printed = result.to_json()
            for name in SCORED_FIELDS:
                expected = score.normalise(name, row[name])
                found = result.fields.get(name)
                if expected is None or found is None or found.confidence != "high":
                    continue
                high += 1
                if score.normalise(name, printed[name]) != expected:
                    wrong += 1
                    wrongs.append((row["id"], name, row[name], printed[name]))
    assert high > 50
    assert wrong / high <= 0.05, wrongs


def test_page_that_shows_another_invoice_than_its_xml_wins_with_low_confidence(
    with_xml: dict[str, ExtractionResult], truth: list[dict[str, str]], score: ModuleType
) -> None:
    # Files whose notes say the rendering is of a different invoice than the XML.
    rows = [row for row in truth if "visual != xml" in row["notes"]]
    assert rows
    for row in rows:
        result = with_xml[row["id"]]
        mismatch = [p for p in result.problems if p.code in ("xml_page_divergent", "xml_autre_facture")]
        assert mismatch, (row["id"], result.problems)
        number = result.fields["invoice_number"]
        if score.normalise("invoice_number", number.value) == score.normalise(
            "invoice_number", row["invoice_number"]
        ):
            assert number.source == "text" and number.confidence == "low"
        # Whatever the XML alone says about that other invoice (not seen on the page) is not sure.
        xml_only = [fv for fv in result.fields.values() if fv.source == "xml" and fv.page is None]
        assert xml_only and all(fv.confidence == "low" for fv in xml_only), row["id"]


def test_cid_glyphs_are_reported_never_guessed(
    with_xml: dict[str, ExtractionResult], page_only: dict[str, ExtractionResult], truth: list[dict[str, str]]
) -> None:
    rows = [row for row in truth if "(cid:N)" in row["notes"]]
    assert rows
    for row in rows:
        assert any("cid" in p.code.lower() or "(cid:" in p.message for p in page_only[row["id"]].problems)
        for results in (with_xml, page_only):
            for fv in results[row["id"]].fields.values():
                assert "(cid:" not in str(fv.value)


def test_sample_invoice_shipped_with_the_app(tmp_path: Path) -> None:
    import json

    import chorus_desktop

    resources = Path(chorus_desktop.__file__).parent / "resources"
    expected = json.loads((resources / "sample-invoice.json").read_text(encoding="utf-8"))
    result = extract_invoice(resources / "sample-invoice.pdf")
    printed = result.to_json()
    for name, value in expected.items():
        assert printed[name] == value, name
    for name in ("invoice_number", "date", "total_ht", "total_tva", "total_ttc"):
        assert result.fields[name].confidence == "high", name


# --- a Factur-X file whose page disagrees with its XML ---------------------------------------------

CII_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
  <ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
 </rsm:ExchangedDocumentContext>
 <rsm:ExchangedDocument><ram:ID>{number}</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20260315</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:SellerTradeParty><ram:Name>Atelier Exemple</ram:Name>
    <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">73282932000074</ram:ID></ram:SpecifiedLegalOrganization>
   </ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Mairie Exemple</ram:Name></ram:BuyerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeDelivery/>
  <ram:ApplicableHeaderTradeSettlement>
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:TaxBasisTotalAmount>{ht}</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">{tva}</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>{ttc}</ram:GrandTotalAmount>
    <ram:DuePayableAmount>{ttc}</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""

PRINTED_INVOICE = [
    (50, 50, "Atelier Exemple SARL"),
    (50, 64, "SIRET : 732 829 320 00074"),
    (350, 120, "Mairie Exemple"),
    (50, 200, "FACTURE"),
    (50, 220, "Facture n° : FA-2026-0101"),
    (50, 236, "Date de facture : 15/03/2026"),
    (50, 300, "Désignation Quantité Montant HT"),
    (50, 316, "Prestation de maintenance 1 1 000,00 €"),
    (300, 400, "Total HT 1 000,00 €"),
    (300, 416, "TVA 20 % 200,00 €"),
    (300, 432, "Total TTC 1 200,00 €"),
    (300, 448, "Net à payer 1 200,00 €"),
]


def factur_x(tmp_path: Path, **xml_values: str) -> Path:
    from facturx import generate_from_binary

    xml = CII_TEMPLATE.format(
        **{"number": "FA-2026-0101", "ht": "1000.00", "tva": "200.00", "ttc": "1200.00", **xml_values}
    )
    pdf = generate_from_binary(text_pdf([PRINTED_INVOICE]), xml.encode(), check_xsd=False)
    path = tmp_path / "facturx.pdf"
    path.write_bytes(pdf)
    return path


def test_factur_x_agreeing_with_its_page_is_high_with_the_page_position(tmp_path: Path) -> None:
    result = extract_invoice(factur_x(tmp_path))
    assert result.has_embedded_xml
    assert not [p for p in result.problems if p.code.startswith("xml_")]
    number = result.fields["invoice_number"]
    assert (number.value, number.source, number.confidence) == ("FA-2026-0101", "xml", "high")
    assert result.fields["total_ttc"].value == Decimal("1200.00")
    assert result.fields["total_ttc"].confidence == "high"
    # The printed words are located, for the preview's highlight.
    assert number.page == 1 and number.bbox is not None


def test_page_wins_over_a_different_xml_total(tmp_path: Path) -> None:
    result = extract_invoice(factur_x(tmp_path, ht="1100.00", tva="220.00", ttc="1320.00"))
    ttc = result.fields["total_ttc"]
    assert (ttc.value, ttc.source, ttc.confidence) == (Decimal("1200.00"), "text", "low")
    problems = [p for p in result.problems if p.code == "xml_page_divergent" and p.field == "total_ttc"]
    assert problems and "1\u202f320,00" in problems[0].message and "1\u202f200,00" in problems[0].message
    # The XML describes another document: what only it says (not found on the page) is not sure either.
    xml_only = [fv for fv in result.fields.values() if fv.source == "xml" and fv.page is None]
    assert xml_only and all(fv.confidence == "low" for fv in xml_only)


def test_no_embedded_xml_option_reads_only_the_page(tmp_path: Path) -> None:
    result = extract_invoice(
        factur_x(tmp_path, ht="1100.00", tva="220.00", ttc="1320.00"), use_embedded_xml=False
    )
    assert not result.has_embedded_xml
    assert all(fv.source == "text" for fv in result.fields.values())
    assert result.value("total_ttc") == Decimal("1200.00")
    assert not [p for p in result.problems if p.code.startswith("xml_")]


# --- merge rules (pure) ---------------------------------------------------------------------------

BOX = BoundingBox(10, 20, 60, 30)


def xml(value: object) -> FieldValue:
    return FieldValue(value, "high", "xml")


def text(value: object, confidence: str = "high") -> FieldValue:
    return FieldValue(value, confidence, "text", page=1, bbox=BOX)  # type: ignore[arg-type]


def test_merge_agreement_keeps_the_xml_value_and_the_printed_position() -> None:
    merged = merge_readings(
        {"invoice_number": xml("FA-1"), "total_ttc": xml(Decimal("-12.00"))},
        {"invoice_number": text("fa 1"), "total_ttc": text(Decimal("12.00"))},
    )
    assert merged.fields["invoice_number"] == FieldValue("FA-1", "high", "xml", page=1, bbox=BOX)
    assert merged.fields["total_ttc"].value == Decimal("-12.00")  # credit-note signs do not disagree
    assert not merged.problems and not merged.doubtful


def test_merge_disagreement_prefers_the_page_with_low_confidence() -> None:
    merged = merge_readings({"po_number": xml("ENG-1")}, {"po_number": text("ENG-2")})
    assert merged.fields["po_number"].value == "ENG-2"
    assert merged.fields["po_number"].confidence == "low"
    assert merged.doubtful == {"po_number"}
    assert merged.problems[0].field == "po_number" and "ENG-1" in merged.problems[0].message


def test_merge_keeps_a_valid_xml_identifier_over_a_misread_printed_one() -> None:
    merged = merge_readings(
        {"supplier_siret": xml("73282932000074")}, {"supplier_siret": text("73282932000075")}
    )
    assert merged.fields["supplier_siret"].value == "73282932000074"
    assert merged.fields["supplier_siret"].confidence == "low"


def test_merge_names_containing_each_other_agree() -> None:
    merged = merge_readings(
        {"buyer": xml("Mairie de Test")}, {"buyer": text("MAIRIE DE TEST - Service achats")}
    )
    assert merged.fields["buyer"].source == "xml" and not merged.problems


def test_merge_other_document_makes_xml_only_values_doubtful() -> None:
    merged = merge_readings(
        {"invoice_number": xml("X-1"), "iban": xml("FR7630006000011234567890189")},
        {"invoice_number": text("P-9")},
    )
    assert merged.fields["iban"].confidence == "low"
    assert {p.code for p in merged.problems} == {"xml_autre_facture", "xml_page_divergent"}


# --- checks (pure) --------------------------------------------------------------------------------


def test_totals_that_do_not_add_up_are_low() -> None:
    fields = {
        "total_ht": text(Decimal("100.00")),
        "total_tva": text(Decimal("20.00")),
        "total_ttc": text(Decimal("121.00")),
    }
    problems = run_checks(fields)
    assert all(fields[n].confidence == "low" for n in fields)
    assert problems and "ne s'additionnent pas" in problems[0].message


def test_consistent_values_keep_their_confidence() -> None:
    fields = {
        "total_ht": text(Decimal("100.00")),
        "total_tva": text(Decimal("25.50")),
        "total_ttc": text(Decimal("125.50")),
        "supplier_siret": text("73282932000074"),
        "supplier_vat": text("FR44732829320"),
        "iban": text("FR7630006000011234567890189"),
        "date": text(dt.date(2026, 3, 1)),
        "vat_breakdown": text(
            [
                VatLine(Decimal(20), Decimal("100.00") - Decimal("10.00"), Decimal("18.00")),
                VatLine(Decimal(75), Decimal("10.00"), Decimal("7.50")),
            ]
        ),
    }
    assert run_checks(fields) == []
    assert all(fv.confidence == "high" for fv in fields.values())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("supplier_siret", "73282932000075"),
        ("buyer_siret", "12345678900014"),
        ("supplier_vat", "FR41732829320"),
        ("iban", "FR7630006000011234567890188"),
    ],
)
def test_identifier_failing_its_check_digits_is_never_high(name: str, value: str) -> None:
    fields = {name: xml(value)}
    problems = run_checks(fields)
    assert fields[name].confidence == "low"
    assert problems[0].field == name and "clé de contrôle" in problems[0].message


def test_vat_lines_that_do_not_sum_to_the_totals_are_low() -> None:
    fields = {
        "total_ht": text(Decimal("200.00")),
        "total_tva": text(Decimal("40.00")),
        "total_ttc": text(Decimal("240.00")),
        "vat_breakdown": text([VatLine(Decimal(20), Decimal("100.00"), Decimal("20.00"))]),
        "vat_rates": text([Decimal(20)]),
    }
    problems = run_checks(fields)
    assert fields["vat_breakdown"].confidence == "low" and fields["vat_rates"].confidence == "low"
    assert fields["total_ttc"].confidence == "high"
    assert [p.field for p in problems] == ["vat_breakdown"]


def test_amount_due_above_total_is_low() -> None:
    fields = {"total_ttc": text(Decimal("100.00")), "amount_due": text(Decimal("1000.00"))}
    run_checks(fields)
    assert fields["amount_due"].confidence == "low"


def test_invoice_without_vat_needs_equal_totals() -> None:
    same = {"total_ht": text(Decimal("4485.00")), "total_ttc": text(Decimal("4485.00"))}
    assert run_checks(same) == [] and same["total_ttc"].confidence == "high"
    different = {"total_ht": text(Decimal("100.00")), "total_ttc": text(Decimal("120.00"))}
    assert run_checks(different) and different["total_ttc"].confidence == "low"


def test_json_output_uses_the_contract_names() -> None:
    result = ExtractionResult(
        file=Path("x.pdf"), fields={"total_ht": text(Decimal(5)), "date": text(dt.date(2026, 1, 2))}
    )
    data = result.to_json()
    assert data["total_ht"] == "5.00" and data["date"] == "2026-01-02"
    assert data["confidence"] == {"total_ht": "high", "date": "high"}
    assert json_value([VatLine(Decimal("5.5"), Decimal(10), Decimal("0.55"))]) == [
        {"rate": "5.5", "base": "10.00", "amount": "0.55"}
    ]


def test_merge_keeps_xml_totals_over_doubtful_page_totals_that_do_not_add_up() -> None:
    xml_totals = {
        "total_ht": xml(Decimal("473.00")),
        "total_tva": xml(Decimal("56.87")),
        "total_ttc": xml(Decimal("529.87")),
    }
    page_totals = {"total_tva": text(Decimal("473.00"), "low"), "total_ttc": text(Decimal("0.00"), "low")}
    merged = merge_readings(xml_totals, page_totals)
    assert merged.fields["total_ttc"].value == Decimal("529.87")
    assert merged.fields["total_ttc"].confidence == "low" and "total_ttc" in merged.doubtful
    assert not any(p.code == "xml_autre_facture" for p in merged.problems)
    assert any(p.field == "total_ttc" and "incertaine" in p.message for p in merged.problems)


def test_merge_page_totals_that_add_up_overrule_the_xml() -> None:
    xml_totals = {
        "total_ht": xml(Decimal("110.00")),
        "total_tva": xml(Decimal("22.00")),
        "total_ttc": xml(Decimal("132.00")),
    }
    page_totals = {
        "total_ht": text(Decimal("100.00"), "low"),
        "total_tva": text(Decimal("20.00"), "low"),
        "total_ttc": text(Decimal("120.00"), "low"),
    }
    merged = merge_readings(xml_totals, page_totals)
    assert (
        merged.fields["total_ttc"].value == Decimal("120.00") and merged.fields["total_ttc"].source == "text"
    )


def test_merge_a_guessed_printed_name_does_not_overrule_the_xml() -> None:
    merged = merge_readings({"buyer": xml("Kunden AG Mitte")}, {"buyer": text("Verkäufer:", "low")})
    assert merged.fields["buyer"].value == "Kunden AG Mitte" and merged.fields["buyer"].confidence == "low"


# --- checks on printed invoices, end to end ---------------------------------------------------------

HEADER = [
    (50, 50, "Atelier Exemple SARL"),
    (50, 200, "FACTURE"),
    (50, 220, "Facture n° : FA-2026-0102"),
    (50, 236, "Date de facture : 15/03/2026"),
]


def test_printed_totals_that_do_not_add_up_are_never_high(tmp_path: Path) -> None:
    totals = [
        (300, 400, "Total HT 1 000,00 €"),
        (300, 416, "TVA 20 % 200,00 €"),
        (300, 432, "Total TTC 1 250,00 €"),
    ]
    path = tmp_path / "faux.pdf"
    path.write_bytes(text_pdf([HEADER + totals]))
    result = extract_invoice(path)
    totals_read = [result.fields[n] for n in ("total_ht", "total_tva", "total_ttc") if n in result.fields]
    assert all(fv.confidence == "low" for fv in totals_read)
    if len(totals_read) == 3:
        assert any(p.code == "controle_totaux" for p in result.problems)


def test_printed_identifiers_with_wrong_check_digits_are_low_with_a_problem(tmp_path: Path) -> None:
    ids = [
        (50, 64, "SIRET : 732 829 320 00075"),
        (50, 80, "IBAN : FR76 3000 6000 0112 3456 7890 188"),
        (300, 400, "Total HT 1 000,00 €"),
        (300, 416, "TVA 20 % 200,00 €"),
        (300, 432, "Total TTC 1 200,00 €"),
    ]
    path = tmp_path / "ids.pdf"
    path.write_bytes(text_pdf([HEADER + ids]))
    result = extract_invoice(path)
    for name in ("supplier_siret", "iban"):
        if name in result.fields:
            assert result.fields[name].confidence == "low"
            assert any(p.field == name and p.code == "controle_identifiant" for p in result.problems)
    assert result.value("total_ttc") == Decimal("1200.00")


def test_merge_what_the_page_reader_assumes_never_contradicts_the_xml() -> None:
    merged = merge_readings(
        {"document_type": xml("credit_note"), "already_paid": xml(True)},
        {"document_type": text("invoice"), "already_paid": FieldValue(False, "low", "text")},
    )
    assert merged.fields["document_type"].value == "credit_note"
    assert merged.fields["already_paid"].value is True
    assert not merged.problems


def test_a_rate_french_vat_does_not_have_is_low_for_a_french_supplier() -> None:
    fields = {
        "supplier_vat": text("FR44732829320"),
        "vat_rates": text([Decimal(20), Decimal(15)]),
        "vat_breakdown": text([]),
    }
    problems = run_checks(fields)
    assert fields["vat_rates"].confidence == "low"
    assert [p.code for p in problems] == ["controle_taux_tva"] and "15 %" in problems[0].message
    german = {"supplier_vat": text("DE136695976"), "vat_rates": text([Decimal(19), Decimal(7)])}
    assert run_checks(german) == [] and german["vat_rates"].confidence == "high"
