"""Consistency checks that decide confidence: arithmetic between totals and check digits of identifiers.

Rules (whatever the source of the value):
- an identifier whose check digits are wrong is `low`, with a problem;
- HT + TVA must equal TTC; when it does not, the three totals are `low`, with a problem (a sum that
  holds does not raise a confidence: three wrong amounts picked from one line of a table also add up);
- the VAT lines must add up to HT and TVA, and each line must be base x rate; otherwise the
  breakdown (and the rates taken from it) are `low`;
- a French supplier's VAT rates must be rates French VAT has (20, 10, 5,5, 2,1, 0, Corse, DOM);
- the amount due cannot exceed the total TTC; the invoice date must be plausible.
A value that fails a check is never `high`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

from stdnum import iban as stdnum_iban
from stdnum.ch import uid as stdnum_ch_uid
from stdnum.eu import vat as stdnum_eu_vat
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret
from stdnum.gb import vat as stdnum_gb_vat

from chorus_desktop.core.model import FieldValue, Problem, VatLine, format_rate

CENT = Decimal("0.01")
# A VAT line's amount may be the sum of rounded line amounts: allow a few cents against base x rate.
LINE_TOLERANCE = Decimal("0.05")
Fields = dict[str, FieldValue]

# With their article, for whole French sentences.
FIELD_LABELS = {
    "supplier_siret": "Le SIRET du fournisseur",
    "buyer_siret": "Le SIRET du destinataire",
    "supplier_vat": "Le numéro de TVA du fournisseur",
    "iban": "L'IBAN",
}


def run_checks(fields: Fields) -> list[Problem]:
    """Lower confidences in place and return the problems found."""
    problems: list[Problem] = []
    problems += check_identifiers(fields)
    problems += check_totals(fields)
    problems += check_vat_breakdown(fields)
    problems += check_french_rates(fields)
    problems += check_amount_due(fields)
    problems += check_date(fields)
    return problems


def french_amount(value: Decimal) -> str:
    """1234.5 -> "1 234,50", as an accountant reads it (narrow no-break space between thousands)."""
    return f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")


# --- identifiers --------------------------------------------------------------------------------


def is_valid_siret(value: str) -> bool:
    return bool(stdnum_siret.is_valid(value))


def is_valid_siren(value: str) -> bool:
    return bool(stdnum_siren.is_valid(value))


def is_valid_vat(value: str) -> bool | None:
    """True/False when the country's check is known, None when we cannot check this number."""
    compact = re.sub(r"[\s.\-]", "", value).upper()
    if compact.startswith("CHE"):
        # Swiss numbers are printed "CHE-123.456.789 TVA" (or MWST/IVA); the suffix carries no check.
        return bool(stdnum_ch_uid.is_valid(re.sub(r"(TVA|MWST|IVA)$", "", compact)))
    if compact.startswith(("GB", "XI")):
        return bool(stdnum_gb_vat.is_valid(compact))
    if compact[:2].lower() in stdnum_eu_vat.MEMBER_STATES or compact.startswith("EL"):  # "fr", "gr", ...
        return bool(stdnum_eu_vat.is_valid(compact))
    return None


def is_valid_iban(value: str) -> bool:
    return bool(stdnum_iban.is_valid(value))


IDENTIFIER_CHECKS: dict[str, Callable[[str], bool | None]] = {
    "supplier_siret": is_valid_siret,
    "buyer_siret": is_valid_siret,
    "supplier_vat": is_valid_vat,
    "iban": is_valid_iban,
}


def check_identifiers(fields: Fields) -> list[Problem]:
    problems = []
    for name, is_valid in IDENTIFIER_CHECKS.items():
        found = fields.get(name)
        if found is None or not isinstance(found.value, str):
            continue
        if is_valid(found.value) is False:
            found.confidence = "low"
            problems.append(
                Problem(
                    "controle_identifiant",
                    f"{FIELD_LABELS[name]} lu ({found.value}) a une clé de contrôle fausse : vérifiez-le.",
                    field=name,
                )
            )
    return problems


# --- amounts ------------------------------------------------------------------------------------


def _amount(fields: Fields, name: str) -> Decimal | None:
    found = fields.get(name)
    return found.value if found is not None and isinstance(found.value, Decimal) else None


def _set_confidence(fields: Fields, names: tuple[str, ...], confidence: str) -> None:
    for name in names:
        if name in fields:
            fields[name].confidence = confidence  # type: ignore[assignment]


def check_totals(fields: Fields) -> list[Problem]:
    ht, tva, ttc = (_amount(fields, n) for n in ("total_ht", "total_tva", "total_ttc"))
    if ht is None or ttc is None:
        return []
    if tva is None:
        # No VAT printed: only consistent when nothing is charged (franchise, exemption, sans TVA).
        if abs(ht) == abs(ttc):
            return []
        _set_confidence(fields, ("total_ht", "total_ttc"), "low")
        return [
            Problem(
                "controle_totaux",
                f"Total HT ({french_amount(ht)}) et total TTC ({french_amount(ttc)}) diffèrent mais aucun "
                "montant de TVA n'a été lu : "
                "vérifiez les totaux.",
                field="total_ttc",
            )
        ]
    # Credit notes print signs inconsistently: compare magnitudes when the signs disagree.
    if ht + tva == ttc or abs(ht) + abs(tva) == abs(ttc):
        return []
    _set_confidence(fields, ("total_ht", "total_tva", "total_ttc"), "low")
    return [
        Problem(
            "controle_totaux",
            f"Les totaux ne s'additionnent pas : HT {french_amount(ht)} + TVA {french_amount(tva)} "
            f"≠ TTC {french_amount(ttc)}. "
            "Vérifiez les trois montants.",
            field="total_ttc",
        )
    ]


def check_vat_breakdown(fields: Fields) -> list[Problem]:
    found = fields.get("vat_breakdown")
    if found is None or not found.value:
        return []
    lines: list[VatLine] = list(found.value)
    failures = []
    for line in lines:
        expected = (line.base * line.rate / 100).quantize(CENT)
        if abs(abs(expected) - abs(line.amount)) > LINE_TOLERANCE:
            failures.append(
                f"{format_rate(line.rate)} % de {french_amount(line.base)} ≠ {french_amount(line.amount)}"
            )
    ht, tva = _amount(fields, "total_ht"), _amount(fields, "total_tva")
    base_sum = sum((line.base for line in lines), Decimal(0))
    amount_sum = sum((line.amount for line in lines), Decimal(0))
    if ht is not None and abs(base_sum) != abs(ht):
        failures.append(f"somme des bases {french_amount(base_sum)} ≠ total HT {french_amount(ht)}")
    if tva is not None and abs(amount_sum) != abs(tva):
        failures.append(
            f"somme de la TVA par taux {french_amount(amount_sum)} ≠ total TVA {french_amount(tva)}"
        )
    if not failures:
        return []
    found.confidence = "low"
    rates = fields.get("vat_rates")
    if rates is not None and rates.source == found.source:
        rates.confidence = "low"
    return [
        Problem(
            "controle_tva",
            "Le détail de la TVA par taux est incohérent (" + " ; ".join(failures) + ") : vérifiez-le.",
            field="vat_breakdown",
        )
    ]


# Rates of the French VAT (CGI art. 278 to 281 nonies, Corse art. 297, DOM art. 296), 0 for exempt lines.
FRENCH_VAT_RATES = frozenset(
    Decimal(r) for r in ("20", "10", "5.5", "2.1", "0", "13", "0.9", "8.5", "1.75", "1.05")
)


def check_french_rates(fields: Fields) -> list[Problem]:
    """A French supplier charging a rate French VAT does not have has most likely been misread."""
    vat_number = fields.get("supplier_vat")
    rates = fields.get("vat_rates")
    if vat_number is None or rates is None or not str(vat_number.value).upper().startswith("FR"):
        return []
    unknown = [rate for rate in rates.value if isinstance(rate, Decimal) and rate not in FRENCH_VAT_RATES]
    if not unknown:
        return []
    rates.confidence = "low"
    breakdown = fields.get("vat_breakdown")
    if breakdown is not None:
        breakdown.confidence = "low"
    shown = ", ".join(f"{format_rate(rate).replace('.', ',')} %" for rate in unknown)
    return [
        Problem(
            "controle_taux_tva",
            f"Taux de TVA inhabituel pour un fournisseur français ({shown}) : vérifiez les taux lus.",
            field="vat_rates",
        )
    ]


def check_amount_due(fields: Fields) -> list[Problem]:
    due, ttc = _amount(fields, "amount_due"), _amount(fields, "total_ttc")
    if due is None or ttc is None or abs(due) <= abs(ttc):
        return []
    fields["amount_due"].confidence = "low"
    return [
        Problem(
            "controle_net_a_payer",
            f"Le net à payer lu ({french_amount(due)}) dépasse le total TTC ({french_amount(ttc)}) : "
            "vérifiez-le.",
            field="amount_due",
        )
    ]


def check_date(fields: Fields, today: dt.date | None = None) -> list[Problem]:
    found = fields.get("date")
    if found is None or not isinstance(found.value, dt.date):
        return []
    today = today or dt.date.today()
    if dt.date(1990, 1, 1) <= found.value <= today + dt.timedelta(days=366):
        return []
    found.confidence = "low"
    return [
        Problem(
            "controle_date",
            f"La date de facture lue ({found.value:%d/%m/%Y}) est invraisemblable : vérifiez-la.",
            field="date",
        )
    ]
