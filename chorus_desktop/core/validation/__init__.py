"""Rules that catch, before sending, what Chorus Pro would reject or send back weeks later.

`validate_deposit(deposit, context)` is pure: everything it needs from the store (profile, remembered
recipient parameters, whether the number is already used, the PDF's facts) comes in `ValidationContext`.
Each `Problem` has a French message, `field` = the payload field name, and `blocking` (prevents sending)
or not (a warning). Sources for each rule: API-NOTES 12 and 16.
"""

from __future__ import annotations

from collections.abc import Iterable

from stdnum import iban as stdnum_iban
from stdnum.eu import vat as stdnum_vat
from stdnum.fr import siret as stdnum_siret

from chorus_desktop.core.domain.deposit import Deposit
from chorus_desktop.core.model import Problem
from chorus_desktop.core.validation.attachments import _attachments
from chorus_desktop.core.validation.common import (
    FRENCH_VAT_RATES,
    MAX_ATTACHMENT_NAME,
    RECIPIENT_UNCHECKED,
    DocumentFacts,
    ValidationContext,
    block,
)
from chorus_desktop.core.validation.deposit_rules import (
    _amounts,
    _cadre,
    _credit_note,
    _date,
    _recipient,
    _references,
    _routing,
    _supplier,
    _vat_lines,
)

__all__ = ["FRENCH_VAT_RATES", "MAX_ATTACHMENT_NAME", "RECIPIENT_UNCHECKED", "DocumentFacts", "ValidationContext",
           "is_blocking", "is_ready", "profile_problems", "validate_deposit"]



def validate_deposit(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    """Every problem found in the deposit, blocking ones first, in form order within each group."""
    problems: list[Problem] = []
    for rule in (_cadre, _recipient, _routing, _supplier, _references, _date, _amounts, _vat_lines,
                 _credit_note, _attachments):
        problems.extend(rule(deposit, context))
    return sorted(problems, key=lambda p: not p.blocking)


def is_blocking(problems: list[Problem]) -> bool:
    return any(p.blocking for p in problems)


def is_ready(problems: Iterable[Problem]) -> bool:
    """« Prête »: nothing blocks and the recipient was checked with Chorus Pro (a SIRET that merely has
    the right check digits may still be unknown there, or require a code service)."""
    return not any(p.blocking or p.code == RECIPIENT_UNCHECKED for p in problems)


# --- profile values ---

def profile_problems(siret: str | None, vat_number: str | None = None, iban: str | None = None) -> list[Problem]:
    """Check digits of a supplier profile's identifiers (all blocking: a profile must be right)."""
    problems = []
    if not siret or not stdnum_siret.is_valid(siret):
        problems.append(block("siret_profil_invalide",
                               "Le SIRET du fournisseur est invalide (14 chiffres, clé de contrôle).", "siret"))
    if vat_number and not stdnum_vat.is_valid(vat_number):
        problems.append(block("tva_profil_invalide", "Le numéro de TVA intracommunautaire est invalide.",
                               "vat_number"))
    if iban and not stdnum_iban.is_valid(iban):
        problems.append(block("iban_profil_invalide", "L'IBAN est invalide (clé de contrôle).", "iban"))
    return problems
