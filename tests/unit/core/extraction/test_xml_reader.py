"""Embedded Factur-X / ZUGFeRD / UBL data, read from the real corpus files and compared to truth.tsv."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from corpus import SCORED_FIELDS, load_score, truth_of, truth_rows

from chorus_desktop.core.extraction.xml_reader import parse_invoice_xml, read_embedded_xml
from chorus_desktop.core.model import VatLine, json_value


def structured_rows(corpus_dir: Path) -> list[dict[str, str]]:
    # Files whose page shows another invoice than their XML are compared in the engine tests instead.
    return [
        row
        for row in truth_rows(corpus_dir)
        if row["kind"] in ("facturx", "zugferd") and "visual != xml" not in row["notes"]
    ]


def test_every_factur_x_and_zugferd_file_has_its_xml_read(corpus_dir: Path) -> None:
    for row in truth_rows(corpus_dir):
        if row["kind"] not in ("facturx", "zugferd"):
            continue
        reading = read_embedded_xml(corpus_dir / "pdfs" / f"{row['id']}.pdf")
        assert reading is not None, row["id"]
        assert reading.flavor == "CII"
        assert reading.fields["invoice_number"].source == "xml"
        assert not reading.problems


def test_xml_values_match_the_printed_truth(corpus_dir: Path) -> None:
    score = load_score(corpus_dir)
    compared = wrong = 0
    misses = []
    for row in structured_rows(corpus_dir):
        reading = read_embedded_xml(corpus_dir / "pdfs" / f"{row['id']}.pdf")
        assert reading is not None
        for name in SCORED_FIELDS:
            truth = score.normalise(name, row[name])
            if truth is None:
                continue
            found = reading.fields.get(name)
            got = score.normalise(name, json_value(found.value) if found else None)
            compared += 1
            if got != truth:
                wrong += 1
                misses.append((row["id"], name, row[name], got))
    assert compared > 50
    assert wrong == 0, misses


def test_files_without_xml_give_none(corpus_dir: Path) -> None:
    for row in truth_rows(corpus_dir):
        if row["kind"] == "plain" and "embedded UBL" not in row["notes"]:
            assert read_embedded_xml(corpus_dir / "pdfs" / f"{row['id']}.pdf") is None, row["id"]


def assert_matches_truth(corpus_dir: Path, name: str, fields: tuple[str, ...]) -> None:
    score, row = load_score(corpus_dir), truth_of(corpus_dir, name)
    reading = read_embedded_xml(corpus_dir / "pdfs" / f"{name}.pdf")
    assert reading is not None
    for field_name in fields:
        found = reading.fields.get(field_name)
        got = json_value(found.value) if found else None
        assert score.normalise(field_name, got) == score.normalise(field_name, row[field_name]), field_name


def test_embedded_ubl_is_read(corpus_dir: Path) -> None:
    # i2d-azure carries an Odoo UBL 2.1 invoice.
    reading = read_embedded_xml(corpus_dir / "pdfs" / "i2d-azure.pdf")
    assert reading is not None and reading.flavor == "UBL"
    assert_matches_truth(
        corpus_dir,
        "i2d-azure",
        ("invoice_number", "date", "total_ht", "total_tva", "total_ttc", "currency", "vat_rates"),
    )


def test_zugferd_1_names_are_understood(corpus_dir: Path) -> None:
    # mustang-505 is ZUGFeRD 1.0 (CrossIndustryDocument, ApplicablePercent, spaced IBAN).
    assert_matches_truth(corpus_dir, "mustang-505", ("iban", "vat_rates", "vat_breakdown", "total_tva"))


def test_foreign_currency_invoice_keeps_the_vat_total_in_invoice_currency(corpus_dir: Path) -> None:
    fields = read_embedded_xml(corpus_dir / "pdfs" / "zf-fremdwaehrung.pdf").fields  # type: ignore[union-attr]
    assert_matches_truth(corpus_dir, "zf-fremdwaehrung", ("currency", "total_tva"))
    assert fields["total_ht"].value + fields["total_tva"].value == fields["total_ttc"].value


CII_CREDIT_NOTE = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocument><ram:ID>AV-9</ram:ID><ram:TypeCode>381</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20260301</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:BuyerReference>SERV-42</ram:BuyerReference>
   <ram:SellerTradeParty><ram:Name>Atelier Test</ram:Name>
    <ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">732829320</ram:ID></ram:SpecifiedLegalOrganization>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">12/345</ram:ID></ram:SpecifiedTaxRegistration>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR 44 732829320</ram:ID></ram:SpecifiedTaxRegistration>
   </ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Mairie de Test</ram:Name>
    <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">21750001600019</ram:ID></ram:SpecifiedLegalOrganization>
   </ram:BuyerTradeParty>
   <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>ENG-7</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
   <ram:ContractReferencedDocument><ram:IssuerAssignedID>MARCHE-3</ram:IssuerAssignedID></ram:ContractReferencedDocument>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeSettlement>
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>49</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>
   <ram:ApplicableTradeTax><ram:CalculatedAmount>2.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
    <ram:BasisAmount>10.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
    <ram:DueDateTypeCode>72</ram:DueDateTypeCode><ram:RateApplicablePercent>20.00</ram:RateApplicablePercent>
   </ram:ApplicableTradeTax>
   <ram:ApplicableTradeTax><ram:CalculatedAmount>0.55</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
    <ram:BasisAmount>10.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
    <ram:DueDateTypeCode>72</ram:DueDateTypeCode><ram:RateApplicablePercent>5.5</ram:RateApplicablePercent>
   </ram:ApplicableTradeTax>
   <ram:InvoiceReferencedDocument><ram:IssuerAssignedID>FA-8</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:TaxBasisTotalAmount>20.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">2.55</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>22.55</ram:GrandTotalAmount>
    <ram:TotalPrepaidAmount>22.55</ram:TotalPrepaidAmount>
    <ram:DuePayableAmount>0.00</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""


def values(xml: str) -> dict[str, Any]:
    reading = parse_invoice_xml(xml.encode())
    assert reading is not None
    assert all(fv.source == "xml" and fv.confidence == "high" for fv in reading.fields.values())
    return {name: fv.value for name, fv in reading.fields.items()}


def test_cii_credit_note_maps_every_chorus_pro_field() -> None:
    got = values(CII_CREDIT_NOTE)
    assert got["document_type"] == "credit_note"
    assert got["invoice_number"] == "AV-9"
    assert got["original_invoice_number"] == "FA-8"
    assert got["date"] == dt.date(2026, 3, 1)
    assert got["supplier_name"] == "Atelier Test"
    assert got["supplier_vat"] == "FR44732829320"
    assert "supplier_siret" not in got  # a SIREN is not a SIRET
    assert got["buyer"] == "Mairie de Test" and got["buyer_siret"] == "21750001600019"
    assert got["service_code"] == "SERV-42"
    assert got["po_number"] == "ENG-7" and got["contract_number"] == "MARCHE-3"
    assert got["payment_means"] == "PRELEVEMENT"
    assert got["vat_regime"] == "TVA_SUR_ENCAISSEMENT"
    assert got["vat_breakdown"] == [
        VatLine(Decimal(20), Decimal("10.00"), Decimal("2.00")),
        VatLine(Decimal("5.5"), Decimal("10.00"), Decimal("0.55")),
    ]
    assert json_value(got["vat_rates"]) == ["20", "5.5"]
    assert (got["total_ht"], got["total_tva"], got["total_ttc"], got["amount_due"]) == (
        Decimal("20.00"),
        Decimal("2.55"),
        Decimal("22.55"),
        Decimal("0.00"),
    )
    assert got["already_paid"] is True


UBL_CREDIT_NOTE = """<?xml version="1.0" encoding="UTF-8"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>AV-2026-1</cbc:ID><cbc:IssueDate>2026-02-03</cbc:IssueDate>
 <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>FA-2026-9</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>
 <cac:AccountingSupplierParty><cac:Party>
  <cac:PartyTaxScheme><cbc:CompanyID>FR44732829320</cbc:CompanyID></cac:PartyTaxScheme>
  <cac:PartyLegalEntity><cbc:RegistrationName>Fournisseur UBL</cbc:RegistrationName>
   <cbc:CompanyID>73282932000074</cbc:CompanyID></cac:PartyLegalEntity>
 </cac:Party></cac:AccountingSupplierParty>
 <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
  <cac:PayeeFinancialAccount><cbc:ID>FR76 3000 6000 0112 3456 7890 189</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
 <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">10.00</cbc:TaxAmount>
  <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">50.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">10.00</cbc:TaxAmount>
   <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>20</cbc:Percent></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
 <cac:LegalMonetaryTotal><cbc:TaxExclusiveAmount currencyID="EUR">50.00</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="EUR">60.00</cbc:TaxInclusiveAmount>
  <cbc:PayableAmount currencyID="EUR">60.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
</CreditNote>
"""


def test_ubl_credit_note() -> None:
    got = values(UBL_CREDIT_NOTE)
    assert got["document_type"] == "credit_note"
    assert got["original_invoice_number"] == "FA-2026-9"
    assert got["supplier_siret"] == "73282932000074"
    assert got["iban"] == "FR7630006000011234567890189"
    assert got["payment_means"] == "VIREMENT"
    assert got["total_ttc"] == Decimal("60.00")


def test_broken_xml_gives_a_french_problem_not_an_exception() -> None:
    reading = parse_invoice_xml(b"<rsm:CrossIndustryInvoice><oops", attachment_name="factur-x.xml")
    assert reading is not None and not reading.fields
    assert reading.problems and "illisible" in reading.problems[0].message


def test_entities_are_never_expanded() -> None:
    # An attachment from an unknown sender must not make us read local files.
    xml = CII_CREDIT_NOTE.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ).replace("<ram:ID>AV-9</ram:ID>", "<ram:ID>&x;</ram:ID>")
    reading = parse_invoice_xml(xml.encode())
    number = reading.fields.get("invoice_number") if reading else None
    assert number is None or "root" not in str(number.value)


def test_an_unknown_xml_is_not_an_invoice() -> None:
    assert parse_invoice_xml(b"<?xml version='1.0'?><note><to>x</to></note>") is None


@pytest.mark.parametrize("name", ["tiime-f20220023", "fnfe-facture-fr"])
def test_several_vat_rates_add_up(corpus_dir: Path, name: str) -> None:
    fields = read_embedded_xml(corpus_dir / "pdfs" / f"{name}.pdf").fields  # type: ignore[union-attr]
    lines = fields["vat_breakdown"].value
    assert len(lines) >= 2
    assert sum(line.amount for line in lines) == fields["total_tva"].value
    assert sum(line.base for line in lines) == fields["total_ht"].value


@pytest.mark.parametrize(
    ("category", "reason", "regime"),
    [
        ("E", "TVA non applicable, art. 293 B du CGI", "SANS_TVA"),
        ("E", "Exonération art. 261 du CGI", "EXONERATION"),
        ("O", "", "SANS_TVA"),
        ("S", "", "TVA_SUR_ENCAISSEMENT"),
    ],
)
def test_vat_regime_from_the_tax_categories(category: str, reason: str, regime: str) -> None:
    xml = CII_CREDIT_NOTE.replace(
        "<ram:CategoryCode>S</ram:CategoryCode>",
        f"<ram:CategoryCode>{category}</ram:CategoryCode><ram:ExemptionReason>{reason}</ram:ExemptionReason>",
    )
    assert values(xml)["vat_regime"] == regime


def test_blank_lines_before_the_xml_declaration_are_tolerated() -> None:
    reading = parse_invoice_xml(b"\xef\xbb\xbf\r\n  " + CII_CREDIT_NOTE.encode())
    assert reading is not None and reading.fields["invoice_number"].value == "AV-9"
