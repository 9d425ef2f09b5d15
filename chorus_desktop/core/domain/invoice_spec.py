"""A written invoice's model from its JSON spec (CLI `new-invoice SPEC.json`, the app's form), checked field
by field: a bad spec is refused with a French message naming the field, before any number is used.

    {"date": "2026-12-05", "customer": {"name", "siret", "address": [...], "code_service", "engagement"},
     "lines": [{"description", "quantity", "unit", "unit_price", "vat_rate"}], "seller": {...}?,
     "payment_terms_days": 30, "note": "...", "series": "FA", "annex": {"title", "rows": [[...]]}}

The défraiement template (`"template": "defraiement"`): `period` {start, end}, twelve monthly `counts`,
`unit_price` (0,025 € HT by default), the `customer`; one priced line (total count x unit price, TVA 20 %)
and the monthly counts as the annex, so a total that disagrees with the counts cannot be typed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum.fr import siret as stdnum_siret

from chorus_desktop.core.domain.numbering import check_series
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.written_invoice import (
    FRANCHISE_REASON,
    FRENCH_VAT_RATES,
    Annex,
    Buyer,
    InvoiceDocument,
    Line,
    Party,
)
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.texts import render

_KEYS = frozenset({"date", "customer", "lines", "seller", "payment_terms_days", "note", "series", "annex", "template"})
_DEFRAIEMENT_KEYS = frozenset({"period", "counts", "unit_price"})
_LINE_KEYS = frozenset({"description", "quantity", "unit", "unit_price", "vat_rate", "exemption", "discount"})
_CUSTOMER_KEYS = frozenset({"name", "siret", "address", "code_service", "engagement", "vat_number", "public"})
DEFRAIEMENT_UNIT_PRICE = Decimal("0.025")
DEFRAIEMENT_RATE = Decimal(20)


def _only(data: dict[str, Any], allowed: frozenset[str], prefix: str = "") -> None:
    """A key we do not know is refused (a typed total, a misspelt field): totals are always computed."""
    for key in data:
        if key not in allowed:
            raise UserFixableError(code="spec_invalide", text_id="spec_champ_inconnu", params={"field": prefix + key})


def _missing(name: str) -> UserFixableError:
    return UserFixableError(code="spec_invalide", text_id="spec_champ_manquant", params={"field": name})


def _invalid(name: str, reason: str) -> UserFixableError:
    return UserFixableError(code="spec_invalide", text_id="spec_champ_invalide", params={"field": name, "reason": reason})


def _text(data: dict[str, Any], key: str, name: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _missing(name)
        return None
    if not isinstance(value, (str, int)):
        raise _invalid(name, repr(value))
    return str(value).strip()


def parse_decimal(value: Any, name: str) -> Decimal:
    """12 / 12.5 / "12,50" / "1 234,5" -> Decimal; anything else is refused naming the field."""
    if isinstance(value, bool) or value is None:
        raise UserFixableError(code="spec_invalide", text_id="spec_montant_illisible",
                               params={"field": name, "value": value})
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "")
    text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise UserFixableError(code="spec_invalide", text_id="spec_montant_illisible",
                               params={"field": name, "value": value})
    return number


def _date(value: Any, name: str, default: dt.date) -> dt.date:
    if value in (None, ""):
        return default
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _invalid(name, str(value)) from None


def _address(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.replace("|", "\n").splitlines()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _invalid(name, repr(value))
    return tuple(v.strip() for v in value if v.strip())


def _siret(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    compact = value.replace(" ", "")
    if not stdnum_siret.is_valid(compact):
        raise _invalid(name, value)
    return compact


def seller_from_profile(profile: Profile) -> Party:
    return Party(name=profile.legal_name or profile.name, address=_address(profile.address, "address"),
                 siret=profile.siret, vat_number=profile.vat_number, legal_form=profile.legal_form,
                 capital=profile.capital, rcs=profile.rcs, iban=profile.iban, bic=profile.bic,
                 logo=profile.logo_path)


def _seller(spec: dict[str, Any], default: Party) -> Party:
    raw = spec.get("seller")
    if raw is None:
        return default
    if not isinstance(raw, dict):
        raise _invalid("seller", repr(raw))
    values = {key: _text(raw, key, f"seller.{key}") for key in ("vat_number", "legal_form", "capital", "rcs",
                                                                "iban", "bic")}
    return Party(name=_text(raw, "name", "seller.name") or default.name,
                 address=_address(raw["address"], "seller.address") if "address" in raw else default.address,
                 siret=_siret(_text(raw, "siret", "seller.siret"), "seller.siret") or default.siret,
                 **{k: (v if v is not None else getattr(default, k)) for k, v in values.items()})


def parse_buyer(spec: dict[str, Any], public_default: bool = True) -> Buyer:
    raw = spec.get("customer")
    if raw is None:
        raise _missing("customer")
    if not isinstance(raw, dict):
        raise _invalid("customer", repr(raw))
    _only(raw, _CUSTOMER_KEYS, "customer.")
    public = raw.get("public", public_default)
    return Buyer(name=_text(raw, "name", "customer.name", required=True) or "",
                 address=_address(raw.get("address"), "customer.address"),
                 siret=_siret(_text(raw, "siret", "customer.siret"), "customer.siret"),
                 vat_number=_text(raw, "vat_number", "customer.vat_number"),
                 code_service=_text(raw, "code_service", "customer.code_service"),
                 engagement=_text(raw, "engagement", "customer.engagement"), public=bool(public))


def _rate(value: Any, name: str) -> Decimal:
    rate = parse_decimal(value, name)
    if rate not in FRENCH_VAT_RATES:
        allowed = ", ".join(format(r.normalize(), "f") for r in sorted(FRENCH_VAT_RATES, reverse=True))
        raise UserFixableError(code="spec_invalide", text_id="spec_taux_inconnu",
                               params={"field": name, "value": value, "allowed": allowed})
    return rate


def _line(raw: Any, index: int, franchise: bool) -> Line:
    name = f"lines[{index}]"
    if not isinstance(raw, dict):
        raise _invalid(name, repr(raw))
    _only(raw, _LINE_KEYS, f"{name}.")
    description = _text(raw, "description", f"{name}.description", required=True) or ""
    if "quantity" not in raw:
        raise _missing(f"{name}.quantity")
    quantity = parse_decimal(raw["quantity"], f"{name}.quantity")
    if quantity < 0:
        raise UserFixableError(code="spec_invalide", text_id="spec_quantite_negative",
                               params={"field": f"{name}.quantity", "value": raw["quantity"]})
    if quantity == 0:
        raise _invalid(f"{name}.quantity", "0")
    if "unit_price" not in raw:
        raise _missing(f"{name}.unit_price")
    unit_price = parse_decimal(raw["unit_price"], f"{name}.unit_price")
    if unit_price < 0 or -unit_price.as_tuple().exponent > 4:  # type: ignore[operator]
        raise _invalid(f"{name}.unit_price", str(raw["unit_price"]))
    discount = parse_decimal(raw.get("discount", 0), f"{name}.discount")
    if discount < 0 or discount > quantity * unit_price:
        raise _invalid(f"{name}.discount", str(raw.get("discount")))
    exemption = _text(raw, "exemption", f"{name}.exemption")
    if franchise:
        rate = _rate(raw.get("vat_rate", 0), f"{name}.vat_rate")
        if rate != 0:
            raise _invalid(f"{name}.vat_rate", FRANCHISE_REASON)
        exemption = FRANCHISE_REASON
    else:
        if "vat_rate" not in raw:
            raise _missing(f"{name}.vat_rate")
        rate = _rate(raw["vat_rate"], f"{name}.vat_rate")
        if rate == 0 and not exemption:
            raise UserFixableError(code="spec_invalide", text_id="spec_exoneration_manquante",
                                   params={"field": f"{name}.exemption"})
    return Line(description=description, quantity=quantity, unit_price=unit_price,
                unit=_text(raw, "unit", f"{name}.unit") or "unité", vat_rate=rate,
                exemption=exemption if rate == 0 else None, discount=discount)


def _annex(raw: Any) -> Annex | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("rows", []), list):
        raise _invalid("annex", repr(raw))
    rows = []
    for index, row in enumerate(raw.get("rows") or []):
        if not isinstance(row, list):
            raise _invalid(f"annex.rows[{index}]", repr(row))
        rows.append(tuple(str(cell) for cell in row))
    header = raw.get("header") or ()
    return Annex(title=_text(raw, "title", "annex.title") or "", rows=tuple(rows),
                 header=tuple(str(cell) for cell in header))


def _common(spec: dict[str, Any], today: dt.date, default_series: str) -> dict[str, Any]:
    terms = spec.get("payment_terms_days", 30)
    if isinstance(terms, bool) or not isinstance(terms, int) or not 0 <= terms <= 120:
        raise _invalid("payment_terms_days", str(terms))
    return {"issue_date": _date(spec.get("date"), "date", today), "payment_terms_days": terms,
            "note": _text(spec, "note", "note"), "series": check_series(str(spec.get("series") or default_series))}


def _checked(doc: InvoiceDocument) -> InvoiceDocument:
    if doc.total_ttc <= 0:
        raise UserFixableError(code="spec_invalide", text_id="spec_total_nul")
    return doc


def parse_invoice_spec(spec: Any, seller: Party, *, franchise: bool, today: dt.date) -> InvoiceDocument:
    """The model of a FACTURE (not yet numbered) from a JSON spec; raises UserFixableError naming the field."""
    if not isinstance(spec, dict):
        raise UserFixableError(code="spec_invalide", text_id="spec_json_illisible", params={"reason": type(spec).__name__})
    if spec.get("template") == "defraiement":
        return parse_defraiement_spec(spec, seller, franchise=franchise, today=today)
    _only(spec, _KEYS)
    if spec.get("template") not in (None, ""):
        raise _invalid("template", str(spec.get("template")))
    buyer = parse_buyer(spec)
    raw_lines = spec.get("lines")
    if not isinstance(raw_lines, list) or not raw_lines:
        raise UserFixableError(code="spec_invalide", text_id="spec_sans_ligne")
    lines = tuple(_line(raw, index, franchise) for index, raw in enumerate(raw_lines))
    return _checked(InvoiceDocument(kind="FACTURE", seller=_seller(spec, seller), buyer=buyer, lines=lines,
                                    annex=_annex(spec.get("annex")), **_common(spec, today, "FA")))


def _month_label(first: dt.date, offset: int) -> str:
    months = render("mois_noms").split("|")
    index = first.month - 1 + offset
    return f"{months[index % 12]} {first.year + index // 12}"


def parse_defraiement_spec(spec: dict[str, Any], seller: Party, *, franchise: bool,
                           today: dt.date) -> InvoiceDocument:
    """The défraiement invoice: one priced line (total count x unit price), the monthly counts as annex."""
    _only(spec, (_KEYS - {"lines", "annex"}) | _DEFRAIEMENT_KEYS)
    period = spec.get("period")
    if not isinstance(period, dict):
        raise _missing("period")
    start = _date(period.get("start"), "period.start", today)
    end = _date(period.get("end"), "period.end", today)
    if end < start or (end - start).days > 366:
        raise _invalid("period", f"{start.isoformat()} → {end.isoformat()}")
    counts = spec.get("counts")
    if (not isinstance(counts, list) or len(counts) != 12
            or not all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in counts)):
        raise UserFixableError(code="spec_invalide", text_id="spec_mois")
    unit_price = parse_decimal(spec.get("unit_price", DEFRAIEMENT_UNIT_PRICE), "unit_price")
    if unit_price <= 0 or -unit_price.as_tuple().exponent > 4:  # type: ignore[operator]
        raise _invalid("unit_price", str(spec.get("unit_price")))
    day_text = "%d/%m/%Y"
    line = Line(description=render("defraiement_ligne", start=start.strftime(day_text), end=end.strftime(day_text)),
                quantity=Decimal(sum(counts)), unit_price=unit_price, unit=render("defraiement_unite"),
                vat_rate=Decimal(0) if franchise else DEFRAIEMENT_RATE,
                exemption=FRANCHISE_REASON if franchise else None)
    rows = [(_month_label(start, i), str(count)) for i, count in enumerate(counts)]
    rows.append((render("doc_annexe_total"), str(sum(counts))))
    annex = Annex(title=render("defraiement_annexe"), rows=tuple(rows),
                  header=tuple(render("defraiement_colonnes").split("|")))
    return _checked(InvoiceDocument(kind="FACTURE", seller=_seller(spec, seller),
                                    buyer=parse_buyer(spec, public_default=False), lines=(line,), annex=annex,
                                    template="defraiement", **_common(spec, today, "DEF")))
