"""The Factur-X (CII, profile EN 16931) XML of a written invoice or avoir; checked against the XSD.

Element order follows the Factur-X 1.0 EN 16931 schema. An avoir is type 381 with positive amounts and
its original invoice in BG-3 (InvoiceReferencedDocument).
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree  # type: ignore[import-untyped]

from chorus_desktop.core.domain.written_invoice import InvoiceDocument, Line, Party

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}
GUIDELINE = "urn:cen.eu:en16931:2017"
LEVEL = "en16931"

# UN/ECE recommendation 20 unit codes for the units people type.
UNIT_CODES = {"heure": "HUR", "h": "HUR", "heures": "HUR", "jour": "DAY", "jours": "DAY", "j": "DAY",
              "mois": "MON", "an": "ANN", "année": "ANN", "kg": "KGM", "m": "MTR", "m2": "MTK", "m²": "MTK",
              "l": "LTR", "km": "KMT", "forfait": "LS"}


def unit_code(unit: str) -> str:
    return UNIT_CODES.get(unit.strip().lower(), "C62")


def _amount(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


class _Builder:
    def __init__(self) -> None:
        self.root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)

    @staticmethod
    def sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
        prefix, local = name.split(":")
        element = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{local}", attrs)
        if text is not None:
            element.text = text
        return element

    def date(self, parent: etree._Element, name: str, value: object, qualified: bool = False) -> None:
        holder = self.sub(parent, name)
        self.sub(holder, "qdt:DateTimeString" if qualified else "udt:DateTimeString",
                 value.strftime("%Y%m%d"), format="102")  # type: ignore[attr-defined]


def _party(b: _Builder, parent: etree._Element, name: str, party: Party) -> None:
    node = b.sub(parent, name)
    b.sub(node, "ram:Name", party.name)
    if party.siret:
        organisation = b.sub(node, "ram:SpecifiedLegalOrganization")
        b.sub(organisation, "ram:ID", party.siret, schemeID="0002")
    address = b.sub(node, "ram:PostalTradeAddress")
    postcode, city = party.postcode_city
    if postcode:
        b.sub(address, "ram:PostcodeCode", postcode)
    streets = party.street_lines
    for tag, text in zip(("ram:LineOne", "ram:LineTwo", "ram:LineThree"), streets, strict=False):
        b.sub(address, tag, text)
    if city:
        b.sub(address, "ram:CityName", city)
    b.sub(address, "ram:CountryID", "FR")
    if party.vat_number:
        registration = b.sub(node, "ram:SpecifiedTaxRegistration")
        b.sub(registration, "ram:ID", party.vat_number, schemeID="VA")


def _category(rate: Decimal) -> str:
    return "S" if rate > 0 else "E"


def _line(b: _Builder, parent: etree._Element, position: int, line: Line) -> None:
    item = b.sub(parent, "ram:IncludedSupplyChainTradeLineItem")
    b.sub(b.sub(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(position))
    b.sub(b.sub(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.description)
    agreement = b.sub(item, "ram:SpecifiedLineTradeAgreement")
    b.sub(b.sub(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", _plain(line.unit_price))
    delivery = b.sub(item, "ram:SpecifiedLineTradeDelivery")
    b.sub(delivery, "ram:BilledQuantity", _plain(line.quantity), unitCode=unit_code(line.unit))
    settlement = b.sub(item, "ram:SpecifiedLineTradeSettlement")
    tax = b.sub(settlement, "ram:ApplicableTradeTax")
    b.sub(tax, "ram:TypeCode", "VAT")
    b.sub(tax, "ram:CategoryCode", _category(line.vat_rate))
    b.sub(tax, "ram:RateApplicablePercent", _plain(line.vat_rate))
    if line.discount:
        allowance = b.sub(settlement, "ram:SpecifiedTradeAllowanceCharge")
        b.sub(b.sub(allowance, "ram:ChargeIndicator"), "udt:Indicator", "false")
        b.sub(allowance, "ram:ActualAmount", _amount(line.discount))
        b.sub(allowance, "ram:Reason", "Remise")
    summation = b.sub(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    b.sub(summation, "ram:LineTotalAmount", _amount(line.total_ht))


def invoice_xml(doc: InvoiceDocument) -> bytes:
    """The CII XML bytes (UTF-8) of a numbered document."""
    assert doc.number, "the number is assigned before the XML is written"
    b = _Builder()
    context = b.sub(b.root, "rsm:ExchangedDocumentContext")
    b.sub(b.sub(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINE)
    header = b.sub(b.root, "rsm:ExchangedDocument")
    b.sub(header, "ram:ID", doc.number)
    b.sub(header, "ram:TypeCode", doc.type_code)
    b.date(header, "ram:IssueDateTime", doc.issue_date)
    for text in (doc.note, doc.origin.reason if doc.origin else None):
        if text:
            b.sub(b.sub(header, "ram:IncludedNote"), "ram:Content", text)

    transaction = b.sub(b.root, "rsm:SupplyChainTradeTransaction")
    for position, line in enumerate(doc.lines, start=1):
        _line(b, transaction, position, line)
    agreement = b.sub(transaction, "ram:ApplicableHeaderTradeAgreement")
    if doc.buyer.code_service:
        b.sub(agreement, "ram:BuyerReference", doc.buyer.code_service)
    _party(b, agreement, "ram:SellerTradeParty", doc.seller)
    _party(b, agreement, "ram:BuyerTradeParty", doc.buyer)
    if doc.buyer.engagement:
        b.sub(b.sub(agreement, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", doc.buyer.engagement)
    b.sub(transaction, "ram:ApplicableHeaderTradeDelivery")

    settlement = b.sub(transaction, "ram:ApplicableHeaderTradeSettlement")
    b.sub(settlement, "ram:InvoiceCurrencyCode", doc.currency)
    if doc.kind == "FACTURE" and doc.seller.iban:
        means = b.sub(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        b.sub(means, "ram:TypeCode", "30")
        b.sub(b.sub(means, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID", doc.seller.iban)
    for vat in doc.vat_totals:
        tax = b.sub(settlement, "ram:ApplicableTradeTax")
        b.sub(tax, "ram:CalculatedAmount", _amount(vat.amount))
        b.sub(tax, "ram:TypeCode", "VAT")
        if vat.rate == 0:
            b.sub(tax, "ram:ExemptionReason", vat.exemption or "Exonération")
        b.sub(tax, "ram:BasisAmount", _amount(vat.base))
        b.sub(tax, "ram:CategoryCode", _category(vat.rate))
        b.sub(tax, "ram:RateApplicablePercent", _plain(vat.rate))
    if doc.kind == "FACTURE":
        terms = b.sub(settlement, "ram:SpecifiedTradePaymentTerms")
        b.date(terms, "ram:DueDateDateTime", doc.due_date)
    summation = b.sub(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    b.sub(summation, "ram:LineTotalAmount", _amount(doc.total_ht))
    b.sub(summation, "ram:TaxBasisTotalAmount", _amount(doc.total_ht))
    b.sub(summation, "ram:TaxTotalAmount", _amount(doc.total_tva), currencyID=doc.currency)
    b.sub(summation, "ram:GrandTotalAmount", _amount(doc.total_ttc))
    b.sub(summation, "ram:DuePayableAmount", _amount(doc.total_ttc))
    if doc.origin is not None:
        reference = b.sub(settlement, "ram:InvoiceReferencedDocument")
        b.sub(reference, "ram:IssuerAssignedID", doc.origin.number)
        b.date(reference, "ram:FormattedIssueDateTime", doc.origin.date, qualified=True)
    return bytes(etree.tostring(b.root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
