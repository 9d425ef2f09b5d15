#!/usr/bin/env python3
"""Generate the sample invoice bundled with the application for `chorus-desktop --self-check`.

    .venv/bin/python scripts/make_sample_invoice.py

Writes `chorus_desktop/resources/sample-invoice.pdf`, a one-page French invoice drawn with Qt's PDF
writer with its Factur-X (BASIC) XML embedded by the `factur-x` library, and
`chorus_desktop/resources/sample-invoice.json`, what the self-check expects to read from it.

Every name, SIRET and IBAN here is fictitious (valid check digits, no real company): the file is ours,
so it can ship in the packages under the project's licence. The generated files are committed;
re-run this script only when the sample itself must change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_PDF = ROOT / "chorus_desktop" / "resources" / "sample-invoice.pdf"
TARGET_JSON = ROOT / "chorus_desktop" / "resources" / "sample-invoice.json"


@dataclass(frozen=True)
class Line:
    label: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal

    @property
    def net(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


INVOICE_NUMBER = "FA-2026-0042"
ISSUE_DATE = dt.date(2026, 10, 15)
DUE_DATE = dt.date(2026, 11, 14)
# The simulator's seeded supplier and recipient (chorus_desktop/sandbox/data.py: SUPPLIER_SIRET, RECIPIENT_SERVICE_REQUIRED and its « SE-COMPTA »),
# so the demo opens on an invoice that can be sent as it is.
SUPPLIER = {
    "name": "Fournisseur Démo SARL",
    "street": "3 rue des Artisans",
    "postcode": "69003",
    "city": "Lyon",
    "siret": "12345678200010",
}
BUYER = {
    "name": "Ministère de la Démonstration",
    "street": "110 rue de Grenelle",
    "postcode": "75007",
    "city": "Paris",
    "siret": "20000001600010",
    "service_code": "SE-COMPTA",
}
ORDER_NUMBER = "EJ-2026-0815"  # "numéro d'engagement" in Chorus Pro's words
IBAN = "FR7630006000011234567890189"
LINES = (
    Line("Maintenance du parc informatique (octobre 2026)", Decimal(1), Decimal("850.00"), Decimal(20)),
    Line("Fournitures de bureau", Decimal(3), Decimal("40.00"), Decimal(20)),
    Line("Ouvrages techniques", Decimal(2), Decimal("25.00"), Decimal("5.5")),
)


def french_vat_number(siren: str) -> str:
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def vat_breakdown() -> list[tuple[Decimal, Decimal, Decimal]]:
    """(rate, base, tax) per rate, tax rounded per rate as French invoices do."""
    rates = sorted({line.vat_rate for line in LINES}, reverse=True)
    breakdown = []
    for rate in rates:
        base = sum((line.net for line in LINES if line.vat_rate == rate), Decimal(0))
        breakdown.append((rate, base, (base * rate / 100).quantize(Decimal("0.01"))))
    return breakdown


def totals() -> tuple[Decimal, Decimal, Decimal]:
    breakdown = vat_breakdown()
    total_ht = sum((base for _, base, _ in breakdown), Decimal(0))
    total_tva = sum((tax for _, _, tax in breakdown), Decimal(0))
    return total_ht, total_tva, total_ht + total_tva


def euros(amount: Decimal) -> str:
    """1216.75 -> '1 216,75 €' (French typography, narrow no-break space between thousands)."""
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{' '.join(groups)},{cents} €"


def rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}".replace(".", ",") + " %"


def draw_pdf() -> bytes:
    """Lay out the invoice with Qt's PDF writer: real text with embedded fonts, as accounting software makes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
    from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter

    _app = QGuiApplication.instance() or QGuiApplication([])
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"Facture {INVOICE_NUMBER}")
    writer.setCreator("Chorus Desktop (facture exemple)")
    writer.setResolution(72)  # one unit = one PDF point
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)
        )
    )
    painter = QPainter(writer)

    def font(size: float, bold: bool = False) -> QFont:
        chosen = QFont("DejaVu Sans")
        chosen.setPointSizeF(size)
        chosen.setBold(bold)
        return chosen

    def text(x: float, y: float, value: str, size: float = 9.5, bold: bool = False) -> None:
        painter.setFont(font(size, bold))
        painter.drawText(
            QRectF(x, y, 480, 16), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, value
        )

    def right(x1: float, y: float, value: str, size: float = 9.5, bold: bool = False) -> None:
        painter.setFont(font(size, bold))
        painter.drawText(
            QRectF(x1 - 200, y, 200, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value
        )

    siren = SUPPLIER["siret"][:9]
    text(50, 50, SUPPLIER["name"], 13, bold=True)
    text(50, 70, SUPPLIER["street"])
    text(50, 84, f"{SUPPLIER['postcode']} {SUPPLIER['city']}")
    text(50, 98, f"SIRET : {SUPPLIER['siret']}")
    text(50, 112, f"N° TVA intracommunautaire : {french_vat_number(siren)}")

    text(330, 140, BUYER["name"], 10.5, bold=True)
    text(330, 156, BUYER["street"])
    text(330, 170, f"{BUYER['postcode']} {BUYER['city']}")
    text(330, 184, f"SIRET : {BUYER['siret']}")
    text(330, 198, f"Code service : {BUYER['service_code']}")

    text(50, 230, "FACTURE", 18, bold=True)
    text(50, 258, f"Facture n° : {INVOICE_NUMBER}", 10.5, bold=True)
    text(50, 274, f"Date de facture : {ISSUE_DATE:%d/%m/%Y}")
    text(50, 288, f"Date d'échéance : {DUE_DATE:%d/%m/%Y}")
    text(50, 302, f"N° d'engagement (bon de commande) : {ORDER_NUMBER}")

    top = 340
    painter.drawLine(50, top - 4, 545, top - 4)
    text(50, top, "Désignation", bold=True)
    right(360, top, "Qté", bold=True)
    right(430, top, "PU HT", bold=True)
    right(475, top, "TVA", bold=True)
    right(545, top, "Montant HT", bold=True)
    painter.drawLine(50, top + 18, 545, top + 18)
    y = top + 24
    for line in LINES:
        text(50, y, line.label)
        right(360, y, f"{line.quantity.normalize():f}")
        right(430, y, euros(line.unit_price))
        right(475, y, rate_text(line.vat_rate))
        right(545, y, euros(line.net))
        y += 18
    painter.drawLine(50, y + 4, 545, y + 4)

    total_ht, total_tva, total_ttc = totals()
    y += 20
    text(330, y, "Total HT")
    right(545, y, euros(total_ht))
    for rate, base, tax in vat_breakdown():
        y += 16
        text(330, y, f"TVA {rate_text(rate)} sur {euros(base)}")
        right(545, y, euros(tax))
    y += 16
    text(330, y, "Total TVA")
    right(545, y, euros(total_tva))
    y += 20
    text(330, y, "Total TTC", 11, bold=True)
    right(545, y, euros(total_ttc), 11, bold=True)
    y += 18
    text(330, y, "Net à payer", 10.5, bold=True)
    right(545, y, euros(total_ttc), 10.5, bold=True)

    text(50, 700, "Paiement par virement à réception, au plus tard à l'échéance.")
    text(50, 714, f"IBAN : {' '.join(IBAN[i : i + 4] for i in range(0, len(IBAN), 4))}    BIC : EXEMFRPPXXX")
    text(
        50,
        728,
        "Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire pour frais "
        "de recouvrement : 40 €.",
        8,
    )
    text(50, 780, "Facture d'exemple fictive, fournie avec Chorus Desktop pour vérifier l'installation.", 7.5)
    painter.end()
    buffer.close()
    return bytes(data.data())


def amount(value: Decimal) -> str:
    return f"{value:.2f}"


def facturx_xml() -> bytes:
    """The same invoice as Factur-X BASIC (UN/CEFACT CII), the profile most French software emits."""
    total_ht, total_tva, total_ttc = totals()
    siren = SUPPLIER["siret"][:9]
    lines_xml = "".join(
        f"""
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>{index}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>{line.label}</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>{amount(line.unit_price)}</ram:ChargeAmount></ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">{line.quantity:.2f}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>{amount(line.vat_rate)}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{amount(line.net)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>"""
        for index, line in enumerate(LINES, start=1)
    )
    taxes_xml = "".join(
        f"""
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>{amount(tax)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount>{amount(base)}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
        <ram:DueDateTypeCode>72</ram:DueDateTypeCode>
        <ram:RateApplicablePercent>{amount(rate)}</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>"""
        for rate, base, tax in vat_breakdown()
    )
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>{INVOICE_NUMBER}</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">{ISSUE_DATE:%Y%m%d}</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>{lines_xml}
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>{BUYER["service_code"]}</ram:BuyerReference>
      <ram:SellerTradeParty>
        <ram:Name>{SUPPLIER["name"]}</ram:Name>
        <ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">{siren}</ram:ID></ram:SpecifiedLegalOrganization>
        <ram:PostalTradeAddress><ram:PostcodeCode>{SUPPLIER["postcode"]}</ram:PostcodeCode><ram:LineOne>{SUPPLIER["street"]}</ram:LineOne><ram:CityName>{SUPPLIER["city"]}</ram:CityName><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{french_vat_number(siren)}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:Name>{BUYER["name"]}</ram:Name>
        <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">{BUYER["siret"]}</ram:ID></ram:SpecifiedLegalOrganization>
        <ram:PostalTradeAddress><ram:PostcodeCode>{BUYER["postcode"]}</ram:PostcodeCode><ram:LineOne>{BUYER["street"]}</ram:LineOne><ram:CityName>{BUYER["city"]}</ram:CityName><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
      </ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>{ORDER_NUMBER}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>30</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>{IBAN}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
      </ram:SpecifiedTradeSettlementPaymentMeans>{taxes_xml}
      <ram:SpecifiedTradePaymentTerms>
        <ram:DueDateDateTime><udt:DateTimeString format="102">{DUE_DATE:%Y%m%d}</udt:DateTimeString></ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>{amount(total_ht)}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>{amount(total_ht)}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">{amount(total_tva)}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>{amount(total_ttc)}</ram:GrandTotalAmount>
        <ram:DuePayableAmount>{amount(total_ttc)}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""
    return xml.encode("utf-8")


def main() -> int:
    from facturx import generate_from_binary

    pdf = generate_from_binary(
        draw_pdf(),
        facturx_xml(),
        flavor="factur-x",
        level="basic",
        check_xsd=True,
        lang="fr-FR",
        pdf_metadata={
            "author": SUPPLIER["name"],
            "keywords": "Factur-X, facture",
            "title": f"Facture {INVOICE_NUMBER}",
            "subject": f"Facture {INVOICE_NUMBER} du {ISSUE_DATE:%d/%m/%Y}",
        },
    )
    TARGET_PDF.parent.mkdir(parents=True, exist_ok=True)
    TARGET_PDF.write_bytes(pdf)
    total_ht, total_tva, total_ttc = totals()
    # What --self-check must read back from the PDF (kept next to it so both change together).
    expected = {
        "invoice_number": INVOICE_NUMBER,
        "date": ISSUE_DATE.isoformat(),
        "total_ht": amount(total_ht),
        "total_tva": amount(total_tva),
        "total_ttc": amount(total_ttc),
        "currency": "EUR",
        "supplier_siret": SUPPLIER["siret"],
        "iban": IBAN,
    }
    TARGET_JSON.write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Facture exemple écrite : {TARGET_PDF.relative_to(ROOT)} ({len(pdf)} octets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
