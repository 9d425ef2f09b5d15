"""Embedded structured invoice data: Factur-X / ZUGFeRD 1 and 2 / XRechnung (CII) and UBL.

The `factur-x` library finds the attached XML in the PDF; lxml reads it. Every value read here has
source "xml" and starts at `high` confidence: it is the supplier's own machine data. The merge with what
the page prints, and the consistency checks, may lower it later.

CII comes in two generations with slightly different element names (ZUGFeRD 1 "CrossIndustryDocument"
vs Factur-X / ZUGFeRD 2 "CrossIndustryInvoice"); both are read with the same namespace-free paths, a
path listing each alternative with "|".
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from chorus_desktop.core.model import FieldValue, Problem, VatLine

log = logging.getLogger(__name__)

# Biggest attachment we accept to parse (Chorus Pro samples embed base64 attachments: ~300 KB).
MAX_XML_BYTES = 20 * 1024 * 1024

# UNTDID 1001 document type codes that are credit notes.
CREDIT_NOTE_TYPE_CODES = frozenset({"381", "261", "262", "296", "308", "396", "420", "458", "532"})
# UNTDID 4461 payment means -> Chorus Pro `modePaiement`.
PAYMENT_MEANS = {
    "10": "ESPECE",
    "20": "CHEQUE",
    "30": "VIREMENT",
    "31": "VIREMENT",
    "42": "VIREMENT",
    "58": "VIREMENT",
    "49": "PRELEVEMENT",
    "59": "PRELEVEMENT",
    "97": "REPORT",
}
# UNTDID 2005 VAT due date codes (Factur-X BT-8): 72 = on payment, 5/29 = on invoice/delivery.
VAT_DUE_DATE_REGIME = {"72": "TVA_SUR_ENCAISSEMENT", "5": "TVA_SUR_DEBIT", "29": "TVA_SUR_DEBIT"}
# VAT category codes (UNCL 5305) that mean no VAT is charged.
EXEMPT_CATEGORIES = frozenset({"E", "AE", "K", "G", "O", "Z"})


@dataclass
class XmlReading:
    """What the embedded XML says, already mapped to our field names."""

    flavor: str  # "CII" or "UBL"
    attachment_name: str
    fields: dict[str, FieldValue] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_embedded_xml(path: Path) -> XmlReading | None:
    """Return the embedded invoice XML of `path` mapped to our fields, or None when there is none.

    Never raises for a bad attachment: a broken XML gives a reading with only a problem.
    """
    found = _embedded_xml_bytes(path)
    if found is None:
        return None
    name, xml_bytes = found
    return parse_invoice_xml(xml_bytes, attachment_name=name)


def _embedded_xml_bytes(path: Path) -> tuple[str, bytes] | None:
    from facturx import get_xml_from_pdf  # type: ignore[import-untyped]

    # factur-x logs a PDF without attachment at INFO level; the CLI and the app decide what is shown.
    # It wraps pypdf, which raises many kinds of errors on odd PDFs: none of them is ours to report.
    try:
        with open(path, "rb") as handle:
            name, xml_bytes = get_xml_from_pdf(handle, check_xsd=False)
    except Exception as error:  # noqa: BLE001
        log.debug("no embedded XML read from %s: %s", path, error)
        return None
    if not xml_bytes:
        return None
    return str(name), bytes(xml_bytes)


def parse_invoice_xml(xml_bytes: bytes, *, attachment_name: str = "") -> XmlReading | None:
    """Map a CII or UBL invoice to our fields; None when the XML is not an invoice we know."""
    if len(xml_bytes) > MAX_XML_BYTES:
        return XmlReading("?", attachment_name, problems=[_problem_unreadable(attachment_name)])
    # No network, no entity expansion: the attachment comes from an unknown sender.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    # Some generators put a BOM or blank lines before the XML declaration, which lxml refuses.
    xml_bytes = xml_bytes.removeprefix(b"\xef\xbb\xbf").lstrip()
    try:
        root = etree.parse(io.BytesIO(xml_bytes), parser).getroot()
    except etree.XMLSyntaxError:
        return XmlReading("?", attachment_name, problems=[_problem_unreadable(attachment_name)])
    root_name = etree.QName(root).localname
    doc = _Doc(root)
    if root_name in ("CrossIndustryInvoice", "CrossIndustryDocument"):
        reading = XmlReading("CII", attachment_name)
        _read_cii(doc, reading.fields)
    elif root_name in ("Invoice", "CreditNote"):
        reading = XmlReading("UBL", attachment_name)
        _read_ubl(doc, reading.fields, credit_note=root_name == "CreditNote")
    else:
        return None
    return reading


def _problem_unreadable(name: str) -> Problem:
    return Problem(
        "xml_illisible",
        f"Le fichier XML joint au PDF ({name or 'sans nom'}) est illisible : seules les données de la page "
        "ont été lues.",
    )


class _Doc:
    """Namespace-free lookups on an lxml tree: paths of local names joined by "/", alternatives by "|"."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root

    def all(self, path: str, start: etree._Element | None = None) -> list[etree._Element]:
        found: list[etree._Element] = []
        for alternative in path.split("|"):
            nodes = [start if start is not None else self.root]
            for step in alternative.strip().split("/"):
                nodes = [
                    child
                    for node in nodes
                    for child in node
                    if isinstance(child.tag, str) and etree.QName(child).localname == step
                ]
            found.extend(nodes)
        return found

    def first(self, path: str, start: etree._Element | None = None) -> etree._Element | None:
        nodes = self.all(path, start)
        return nodes[0] if nodes else None

    def text(self, path: str, start: etree._Element | None = None) -> str | None:
        for node in self.all(path, start):
            value = " ".join((node.text or "").split())
            if value:
                return value
        return None


def _put(fields: dict[str, FieldValue], name: str, value: Any) -> None:
    if value is None or value == "" or value == []:
        return
    fields[name] = FieldValue(value=value, confidence="high", source="xml")


def _amount(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.strip()).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _rate(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.strip()).normalize()
    except InvalidOperation:
        return None


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    digits = re.sub(r"\D", "", text)[:8]
    try:
        return dt.datetime.strptime(digits, "%Y%m%d").date()
    except ValueError:
        return None


def _compact(text: str | None) -> str | None:
    return None if text is None else re.sub(r"[\s.\-]", "", text).upper() or None


def _legal_ids(values: list[str]) -> tuple[str | None, str | None]:
    """(siret, siren) among identifiers; CII scheme 0002 is SIREN but Chorus Pro files put SIRETs there."""
    siret = siren = None
    for value in values:
        digits = re.sub(r"\s", "", value)
        if re.fullmatch(r"\d{14}", digits) and siret is None:
            siret = digits
        elif re.fullmatch(r"\d{9}", digits) and siren is None:
            siren = digits
    return siret, siren


# --- CII (Factur-X, ZUGFeRD 1/2, XRechnung CII) -----------------------------------------------------

_CII_HEADER = "ExchangedDocument|HeaderExchangedDocument"
_CII_TRANSACTION = "SupplyChainTradeTransaction|SpecifiedSupplyChainTradeTransaction"
_CII_AGREEMENT = "ApplicableHeaderTradeAgreement|ApplicableSupplyChainTradeAgreement"
_CII_SETTLEMENT = "ApplicableHeaderTradeSettlement|ApplicableSupplyChainTradeSettlement"
_CII_SUMMATION = "SpecifiedTradeSettlementHeaderMonetarySummation|SpecifiedTradeSettlementMonetarySummation"


def _read_cii(doc: _Doc, fields: dict[str, FieldValue]) -> None:
    header = doc.first(_CII_HEADER)
    transaction = doc.first(_CII_TRANSACTION)
    if header is not None:
        _put(fields, "invoice_number", doc.text("ID", header))
        type_code = doc.text("TypeCode", header)
        if type_code:
            _put(fields, "document_type", "credit_note" if type_code in CREDIT_NOTE_TYPE_CODES else "invoice")
        _put(fields, "date", _date(doc.text("IssueDateTime/DateTimeString", header)))
    if transaction is None:
        return
    agreement = doc.first(_CII_AGREEMENT, transaction)
    settlement = doc.first(_CII_SETTLEMENT, transaction)
    if agreement is not None:
        _read_cii_parties(doc, agreement, fields)
    if settlement is not None:
        _read_cii_settlement(doc, settlement, fields)


def _read_cii_parties(doc: _Doc, agreement: etree._Element, fields: dict[str, FieldValue]) -> None:
    seller = doc.first("SellerTradeParty", agreement)
    buyer = doc.first("BuyerTradeParty", agreement)
    if seller is not None:
        _put(fields, "supplier_name", doc.text("Name|SpecifiedLegalOrganization/TradingBusinessName", seller))
        ids = [n.text or "" for n in doc.all("SpecifiedLegalOrganization/ID|ID|GlobalID", seller)]
        siret, _siren = _legal_ids(ids)
        _put(fields, "supplier_siret", siret)
        for registration in doc.all("SpecifiedTaxRegistration/ID", seller):
            if registration.get("schemeID", "VA") == "VA":
                _put(fields, "supplier_vat", _compact(registration.text))
                break
    if buyer is not None:
        _put(fields, "buyer", doc.text("Name|SpecifiedLegalOrganization/TradingBusinessName", buyer))
        ids = [n.text or "" for n in doc.all("SpecifiedLegalOrganization/ID|ID|GlobalID", buyer)]
        siret, _siren = _legal_ids(ids)
        _put(fields, "buyer_siret", siret)
    # Chorus Pro reads the "code service exécutant" from BT-10 (buyer reference).
    _put(fields, "service_code", doc.text("BuyerReference", agreement))
    _put(fields, "po_number", doc.text("BuyerOrderReferencedDocument/IssuerAssignedID", agreement))
    _put(fields, "contract_number", doc.text("ContractReferencedDocument/IssuerAssignedID", agreement))


def _read_cii_settlement(doc: _Doc, settlement: etree._Element, fields: dict[str, FieldValue]) -> None:
    currency = doc.text("InvoiceCurrencyCode", settlement)
    _put(fields, "currency", currency)
    means = doc.first("SpecifiedTradeSettlementPaymentMeans", settlement)
    if means is not None:
        _put(fields, "payment_means", PAYMENT_MEANS.get(doc.text("TypeCode", means) or "", None))
        _put(fields, "iban", _compact(doc.text("PayeePartyCreditorFinancialAccount/IBANID", means)))
    original = doc.text("InvoiceReferencedDocument/IssuerAssignedID", settlement)
    _put(fields, "original_invoice_number", original)

    lines: list[VatLine] = []
    categories: set[str] = set()
    reasons: list[str] = []
    due_codes: set[str] = set()
    for tax in doc.all("ApplicableTradeTax", settlement):
        rate = _rate(doc.text("RateApplicablePercent|ApplicablePercent", tax))
        base = _amount(doc.text("BasisAmount", tax))
        amount = _amount(doc.text("CalculatedAmount", tax))
        categories.add(doc.text("CategoryCode", tax) or "")
        reasons.append(doc.text("ExemptionReason|ExemptionReasonCode", tax) or "")
        due_codes.add(doc.text("DueDateTypeCode", tax) or "")
        if rate is None and (doc.text("CategoryCode", tax) or "") in EXEMPT_CATEGORIES:
            rate = Decimal(0)
        if rate is not None and base is not None and amount is not None:
            lines.append(VatLine(rate=rate, base=base, amount=amount))
    _put(fields, "vat_breakdown", lines)
    _put(fields, "vat_rates", sorted({line.rate for line in lines}, reverse=True))
    _put(fields, "vat_regime", _vat_regime(categories - {""}, due_codes - {""}, " ".join(reasons)))

    summation = doc.first(_CII_SUMMATION, settlement)
    if summation is None:
        return
    _put(fields, "total_ht", _amount(doc.text("TaxBasisTotalAmount", summation)))
    _put(fields, "total_tva", _amount(_tax_total_in_currency(doc, summation, currency)))
    _put(fields, "total_ttc", _amount(doc.text("GrandTotalAmount", summation)))
    _credit_note_when_negative(fields)
    _put(fields, "amount_due", _amount(doc.text("DuePayableAmount", summation)))
    prepaid = _amount(doc.text("TotalPrepaidAmount", summation))
    due = fields.get("amount_due")
    if prepaid is not None and prepaid > 0 and due is not None and due.value == 0:
        _put(fields, "already_paid", True)


def _credit_note_when_negative(fields: dict[str, FieldValue]) -> None:
    """An "avoir" is often sent as type 380 with negative amounts: it is a credit note all the same."""
    total, kind = fields.get("total_ttc"), fields.get("document_type")
    if total is not None and kind is not None and kind.value == "invoice" and total.value < 0:
        kind.value = "credit_note"


def _tax_total_in_currency(doc: _Doc, summation: etree._Element, currency: str | None) -> str | None:
    """The VAT total in the invoice currency (a foreign-currency invoice also gives it in EUR)."""
    totals = doc.all("TaxTotalAmount", summation)
    for node in totals:
        if currency is None or node.get("currencyID") in (None, currency):
            return str(node.text)
    return str(totals[0].text) if totals else None


def _vat_regime(categories: set[str], due_codes: set[str], reasons: str = "") -> str | None:
    if categories and categories <= EXEMPT_CATEGORIES:
        # Outside the scope of VAT, or the small-business franchise (art. 293 B du CGI): no VAT at all.
        if categories == {"O"} or re.search(r"293\s*B|FRANCHISE", reasons, re.IGNORECASE):
            return "SANS_TVA"
        return "EXONERATION"
    if len(due_codes) == 1:
        return VAT_DUE_DATE_REGIME.get(next(iter(due_codes)))
    return None


# --- UBL (Peppol BIS, XRechnung UBL, Odoo exports) -------------------------------------------------


def _read_ubl(doc: _Doc, fields: dict[str, FieldValue], *, credit_note: bool) -> None:
    _put(fields, "invoice_number", doc.text("ID"))
    _put(fields, "date", _date(doc.text("IssueDate")))
    type_code = doc.text("InvoiceTypeCode|CreditNoteTypeCode")
    is_credit = credit_note or (type_code in CREDIT_NOTE_TYPE_CODES)
    _put(fields, "document_type", "credit_note" if is_credit else "invoice")
    currency = doc.text("DocumentCurrencyCode")
    _put(fields, "currency", currency)
    _put(fields, "original_invoice_number", doc.text("BillingReference/InvoiceDocumentReference/ID"))
    _put(fields, "service_code", doc.text("BuyerReference"))
    _put(fields, "po_number", doc.text("OrderReference/ID"))
    _put(fields, "contract_number", doc.text("ContractDocumentReference/ID"))

    supplier = doc.first("AccountingSupplierParty/Party")
    if supplier is not None:
        _put(fields, "supplier_name", doc.text("PartyLegalEntity/RegistrationName|PartyName/Name", supplier))
        ids = [n.text or "" for n in doc.all("PartyLegalEntity/CompanyID|PartyIdentification/ID", supplier)]
        _put(fields, "supplier_siret", _legal_ids(ids)[0])
        _put(fields, "supplier_vat", _compact(doc.text("PartyTaxScheme/CompanyID", supplier)))
    customer = doc.first("AccountingCustomerParty/Party")
    if customer is not None:
        _put(fields, "buyer", doc.text("PartyLegalEntity/RegistrationName|PartyName/Name", customer))
        ids = [n.text or "" for n in doc.all("PartyLegalEntity/CompanyID|PartyIdentification/ID", customer)]
        _put(fields, "buyer_siret", _legal_ids(ids)[0])

    means = doc.first("PaymentMeans")
    if means is not None:
        _put(fields, "payment_means", PAYMENT_MEANS.get(doc.text("PaymentMeansCode", means) or "", None))
        _put(fields, "iban", _compact(doc.text("PayeeFinancialAccount/ID", means)))

    lines: list[VatLine] = []
    categories: set[str] = set()
    tax_total = None
    for total in doc.all("TaxTotal"):
        amount_node = doc.first("TaxAmount", total)
        if amount_node is None or amount_node.get("currencyID") not in (None, currency):
            continue
        if tax_total is None:
            tax_total = _amount(amount_node.text)
            for subtotal in doc.all("TaxSubtotal", total):
                rate = _rate(doc.text("TaxCategory/Percent|Percent", subtotal))
                base = _amount(doc.text("TaxableAmount", subtotal))
                amount = _amount(doc.text("TaxAmount", subtotal))
                categories.add(doc.text("TaxCategory/ID", subtotal) or "")
                if rate is not None and base is not None and amount is not None:
                    lines.append(VatLine(rate=rate, base=base, amount=amount))
    _put(fields, "vat_breakdown", lines)
    _put(fields, "vat_rates", sorted({line.rate for line in lines}, reverse=True))
    _put(fields, "vat_regime", _vat_regime(categories - {""}, set()))
    _put(fields, "total_tva", tax_total)
    _put(fields, "total_ht", _amount(doc.text("LegalMonetaryTotal/TaxExclusiveAmount")))
    _put(fields, "total_ttc", _amount(doc.text("LegalMonetaryTotal/TaxInclusiveAmount")))
    _put(fields, "amount_due", _amount(doc.text("LegalMonetaryTotal/PayableAmount")))
    _credit_note_when_negative(fields)
