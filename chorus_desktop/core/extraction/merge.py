"""Merge what the embedded XML says with what the page prints.

The XML is read first: it is exact machine data. But Chorus Pro and the buyer read the printed page,
and real files exist whose page shows another invoice than their XML. So:
- page and XML agree: the XML value is kept (its exact form), with the page position of the printed
  words so the form can highlight them;
- they disagree: the page value wins, `low`, and a French problem names the field and both values;
  except when the page reading is not credible: a printed identifier failing the check digits the XML
  value passes, a total the page reader read with doubt from totals that do not add up on the page, a
  name the page reader only guessed. Then the XML value is kept, still `low`, with the same problem;
- only the XML has it: the XML value is kept; when the XML's invoice number or total disagrees with the
  page, the XML describes another document and every XML-only value becomes `low`;
- only the page has it: the page value, as the page reader judged it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from chorus_desktop.core.extraction.checks import IDENTIFIER_CHECKS, french_amount
from chorus_desktop.core.model import FIELD_NAMES, FieldValue, Problem, VatLine, json_value

# French names of the fields, as the Chorus Pro portal words them, for the problem messages.
FIELD_LABELS_FR = {
    "invoice_number": "numéro de facture",
    "date": "date de facture",
    "document_type": "type de document",
    "original_invoice_number": "numéro de la facture d'origine",
    "total_ht": "montant HT",
    "total_tva": "montant de TVA",
    "total_ttc": "montant TTC",
    "amount_due": "net à payer",
    "currency": "devise",
    "vat_breakdown": "détail de la TVA",
    "vat_rates": "taux de TVA",
    "vat_regime": "régime de TVA",
    "supplier_name": "nom du fournisseur",
    "supplier_siret": "SIRET du fournisseur",
    "supplier_vat": "numéro de TVA du fournisseur",
    "buyer": "destinataire",
    "buyer_siret": "SIRET du destinataire",
    "service_code": "code service",
    "po_number": "numéro d'engagement",
    "contract_number": "numéro de marché",
    "iban": "IBAN",
    "payment_means": "mode de paiement",
    "already_paid": "facture déjà payée",
}
# Fields that identify the document: when they disagree, the XML is about another invoice.
IDENTITY_FIELDS = ("invoice_number", "total_ttc")
# Free-text names: one containing the other counts as agreement ("ACME" vs "ACME SAS").
NAME_FIELDS = frozenset({"supplier_name", "buyer"})
# What the page reader answers when the page says nothing: not printed, so it never contradicts the XML
# ("invoice" when no credit-note title was seen, "not paid" when no "acquittée" was seen).
PAGE_DEFAULTS: dict[str, Any] = {"document_type": "invoice", "already_paid": False}
# Amounts the page's own arithmetic can vouch for.
TOTAL_FIELDS = frozenset({"total_ht", "total_tva", "total_ttc", "amount_due", "vat_breakdown", "vat_rates"})


@dataclass
class MergeOutcome:
    fields: dict[str, FieldValue]
    problems: list[Problem] = field(default_factory=list)
    # Fields whose value must stay `low` whatever the later checks say.
    doubtful: set[str] = field(default_factory=set)


def merge_readings(xml_fields: dict[str, FieldValue], page_fields: dict[str, FieldValue]) -> MergeOutcome:
    outcome = MergeOutcome(fields={})
    page_totals_add_up = _totals_add_up(page_fields)
    other_document = any(
        name in xml_fields
        and name in page_fields
        and _credible(name, page_fields[name], page_totals_add_up)
        and not same_value(name, xml_fields[name].value, page_fields[name].value)
        for name in IDENTITY_FIELDS
    )
    if other_document:
        outcome.problems.append(
            Problem(
                "xml_autre_facture",
                "Les données XML jointes au PDF (Factur-X) ne décrivent pas la facture imprimée : les valeurs "
                "lues sur la page priment ; vérifiez les autres valeurs, prises du XML.",
            )
        )
    for name in FIELD_NAMES:
        from_xml, from_page = xml_fields.get(name), page_fields.get(name)
        if from_xml is None and from_page is None:
            continue
        if from_xml is None:
            assert from_page is not None
            outcome.fields[name] = from_page
        elif from_page is not None and same_value(name, from_xml.value, from_page.value):
            # Keep the XML's exact value; point at the printed words for the preview.
            outcome.fields[name] = replace(from_xml, page=from_page.page, bbox=from_page.bbox)
        elif from_page is None or _page_default(name, from_page):
            outcome.fields[name] = from_xml
            if other_document:
                from_xml.confidence = "low"
                outcome.doubtful.add(name)
        else:
            outcome.fields[name] = _disagreement(name, from_xml, from_page, outcome, page_totals_add_up)
    return outcome


def _page_default(name: str, from_page: FieldValue) -> bool:
    return name in PAGE_DEFAULTS and from_page.value == PAGE_DEFAULTS[name]


def _credible(name: str, from_page: FieldValue, page_totals_add_up: bool) -> bool:
    """Whether a page value may overrule the XML (see the module's rules)."""
    if name in TOTAL_FIELDS:
        return page_totals_add_up or from_page.confidence == "high"
    if name in NAME_FIELDS:
        return from_page.confidence == "high"
    return True


def _totals_add_up(fields: dict[str, FieldValue]) -> bool:
    values = [fields[n].value for n in ("total_ht", "total_tva", "total_ttc") if n in fields]
    amounts = [v for v in values if isinstance(v, Decimal)]
    if len(amounts) != 3:
        return False
    ht, tva, ttc = amounts
    return ht + tva == ttc or abs(ht) + abs(tva) == abs(ttc)


def _disagreement(
    name: str, from_xml: FieldValue, from_page: FieldValue, outcome: MergeOutcome, page_totals_add_up: bool
) -> FieldValue:
    label = FIELD_LABELS_FR.get(name, name)
    label = label[0].upper() + label[1:]
    xml_text, page_text = display(from_xml.value), display(from_page.value)
    outcome.doubtful.add(name)
    check = IDENTIFIER_CHECKS.get(name)
    if check is not None and check(str(from_page.value)) is False and check(str(from_xml.value)) is True:
        message = (
            f"{label} : la page indique {page_text} (clé de contrôle fausse), les données XML jointes "
            f"{xml_text}. La valeur du XML a été gardée ; vérifiez-la."
        )
        kept = from_xml
    elif not _credible(name, from_page, page_totals_add_up):
        message = (
            f"{label} : la lecture de la page ({page_text}) est incertaine et diffère des données XML "
            f"jointes ({xml_text}). La valeur du XML a été gardée ; vérifiez-la."
        )
        kept = from_xml
    else:
        message = (
            f"{label} : la page indique {page_text}, les données XML jointes {xml_text}. "
            "La valeur imprimée a été gardée ; vérifiez-la."
        )
        kept = from_page
    outcome.problems.append(Problem("xml_page_divergent", message, field=name))
    return replace(kept, confidence="low")


DOCUMENT_TYPES_FR = {"invoice": "facture", "credit_note": "avoir"}


def display(value: Any) -> str:
    """A value as the accountant reads it on the page (French amounts, dates, document types)."""
    if isinstance(value, str) and value in DOCUMENT_TYPES_FR:
        return DOCUMENT_TYPES_FR[value]
    if isinstance(value, Decimal):
        return french_amount(value)
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "oui" if value else "non"
    shown = json_value(value)
    if isinstance(shown, list):
        # VAT lines hold decimal commas: separate them with semicolons.
        separator = " ; " if any(isinstance(item, dict) for item in shown) else ", "
        return separator.join(_line_text(item) for item in shown)
    return str(shown)


def _line_text(item: Any) -> str:
    if isinstance(item, dict):
        return (
            f"{_french_rate(item['rate'])} % : base {french_amount(Decimal(item['base']))}, "
            f"TVA {french_amount(Decimal(item['amount']))}"
        )
    if isinstance(item, str) and re.fullmatch(r"\d+(\.\d+)?", item):
        return f"{_french_rate(item)} %"
    return str(item)


def _french_rate(rate: str) -> str:
    return rate.replace(".", ",")


def same_value(name: str, a: Any, b: Any) -> bool:
    """Whether two readings of one field mean the same thing (signs and spacing aside)."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        # Credit notes: the XML carries positive amounts where the page often prints "- 5,00".
        return abs(a) == abs(b)
    if isinstance(a, list) and isinstance(b, list):
        return _comparable_list(a) == _comparable_list(b)
    if isinstance(a, str) and isinstance(b, str):
        left, right = _comparable_text(a), _comparable_text(b)
        if name in NAME_FIELDS:
            return bool(left) and bool(right) and (left in right or right in left)
        return left == right
    return bool(a == b)


def _comparable_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[\W_]", "", "".join(c for c in decomposed if not unicodedata.combining(c))).upper()


def _comparable_list(items: list[Any]) -> frozenset[Any]:
    out: set[Any] = set()
    for item in items:
        if isinstance(item, VatLine):
            out.add((item.rate.normalize(), abs(item.base), abs(item.amount)))
        elif isinstance(item, Decimal):
            out.add(item.normalize())
        else:
            out.add(item)
    return frozenset(out)
