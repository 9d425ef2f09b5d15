"""Supplier profiles (an accountant deposits for several companies): list, find, add, change."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from chorus_desktop.core import texts
from chorus_desktop.core.domain.deposit_input import apply_changes
from chorus_desktop.core.domain.numbering import clean_patterns
from chorus_desktop.core.domain.profile import VAT_REGIMES, Profile
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import EDITABLE_STATES
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle
from chorus_desktop.core.validation import profile_problems

_BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")
_ID_FIELDS = ("chorus_supplier_id", "chorus_service_id", "chorus_bank_account_id")
_CLOSED_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default_vat_type", ("TVA_SUR_DEBIT", "TVA_SUR_ENCAISSEMENT", "EXONERATION", "SANS_TVA")),
    ("default_payment_mode", ("CHEQUE", "PRELEVEMENT", "VIREMENT", "ESPECE", "AUTRE", "REPORT")),
)


def clean_profile_values(values: dict[str, Any]) -> dict[str, Any]:
    """Normalise and check profile values; SIRET, VAT number and IBAN by python-stdnum."""
    cleaned = dict(values)
    for name in ("siret", "vat_number", "iban"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].replace(" ", "").upper() or None
    for name in _ID_FIELDS:
        if name in cleaned and cleaned[name] not in (None, ""):
            try:
                cleaned[name] = int(cleaned[name])
            except (TypeError, ValueError):
                raise UserFixableError(code="valeur_invalide", text_id="entier_attendu",
                                       params={"name": name}) from None
        elif name in cleaned:
            cleaned[name] = None
    for name, allowed in _CLOSED_FIELDS:
        if name in cleaned:
            cleaned[name] = str(cleaned[name]).upper()
            if cleaned[name] not in allowed:
                raise UserFixableError(code="valeur_invalide", text_id="valeur_non_admise",
                                       params={"name": name, "allowed": ", ".join(allowed)})
    _clean_writing_values(cleaned)
    problems = profile_problems(cleaned.get("siret"), cleaned.get("vat_number"), cleaned.get("iban"))
    if problems:
        raise UserFixableError(" ".join(p.message for p in problems), code=problems[0].code)
    return cleaned


def _clean_writing_values(cleaned: dict[str, Any]) -> None:
    """The seller identity printed on written invoices: BIC shape, VAT regime, address lines, numbering."""
    for name in ("legal_name", "legal_form", "capital", "rcs", "logo_path", "bic", "vat_regime", "address"):
        if name in cleaned:
            text = str(cleaned[name] or "").strip()
            cleaned[name] = text or None
    if cleaned.get("bic"):
        cleaned["bic"] = cleaned["bic"].replace(" ", "").upper()
        if not _BIC.fullmatch(cleaned["bic"]):
            raise UserFixableError(code="valeur_invalide", text_id="bic_invalide", params={"value": cleaned["bic"]})
    if cleaned.get("vat_regime"):
        cleaned["vat_regime"] = cleaned["vat_regime"].upper()
        if cleaned["vat_regime"] not in VAT_REGIMES:
            raise UserFixableError(code="valeur_invalide", text_id="regime_tva_inconnu",
                                   params={"value": cleaned["vat_regime"], "allowed": ", ".join(VAT_REGIMES)})
    if cleaned.get("address"):  # lines typed as "12 rue X|75001 Paris" on the command line
        lines = cleaned["address"].replace("|", "\n").splitlines()
        cleaned["address"] = "\n".join(line.strip() for line in lines if line.strip())
    if cleaned.get("logo_path"):
        logo = Path(cleaned["logo_path"]).expanduser()
        if not logo.is_file() or logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            raise UserFixableError(code="valeur_invalide", text_id="logo_invalide", params={"path": logo})
        cleaned["logo_path"] = str(logo.resolve())
    if cleaned.get("capital"):
        cleaned["capital"] = cleaned["capital"].replace("€", "").strip()
    if "number_patterns" in cleaned:
        cleaned["number_patterns"] = clean_patterns(cleaned["number_patterns"] or {})


class ProfileManagement:
    def __init__(self, store: Store, lifecycle: InvoiceLifecycle) -> None:
        self._store = store
        self._lifecycle = lifecycle

    def list_profiles(self) -> list[Profile]:
        return self._store.profiles.list()

    def get_profile(self, profile_id: int) -> Profile:
        return self._store.profiles.get(profile_id)

    def find_profile(self, key: str | int) -> Profile:
        """A profile by id, name or SIRET."""
        return self._store.profiles.find(key)

    def add_profile(self, name: str, siret: str, **values: Any) -> Profile:
        """Create a supplier profile; SIRET, VAT number and IBAN are checked (python-stdnum).

        Other values: vat_number, iban, chorus_supplier_id, chorus_service_id, chorus_bank_account_id,
        default_vat_type, default_payment_mode, settings (dict, never secrets), and the identity printed on
        written invoices: legal_name, address, bic, legal_form, capital, rcs, logo_path, vat_regime
        (REEL or FRANCHISE), number_patterns ({series: pattern}).
        """
        values = clean_profile_values({"siret": siret, **values})
        if not name.strip():
            raise UserFixableError(code="valeur_invalide", text_id="nom_profil_vide")
        return self._store.profiles.add(name.strip(), values.pop("siret"), **values)

    def update_profile(self, profile_id: int, **values: Any) -> Profile:
        """Change a profile. New Chorus ids reach the profile's unsent invoices that had none or the old ones."""
        current = self._store.profiles.get(profile_id)
        values = clean_profile_values({"siret": current.siret, **values})
        if values.get("siret") == current.siret:
            values.pop("siret")
        updated = self._store.profiles.update(profile_id, **values)
        self._propagate_supplier_ids(current, updated)
        return updated

    def update_settings(self, profile_id: int, **settings: Any) -> Profile:
        """Merge values into the profile's free settings (environment, remembered facts; never secrets)."""
        profile = self._store.profiles.get(profile_id)
        return self._store.profiles.update(profile_id, settings={**(profile.settings or {}), **settings})

    def _propagate_supplier_ids(self, before: Profile, after: Profile) -> None:
        pairs = (("idFournisseur", before.chorus_supplier_id, after.chorus_supplier_id),
                 ("idServiceFournisseur", before.chorus_service_id, after.chorus_service_id),
                 ("codeCoordonneesBancairesFournisseur", before.chorus_bank_account_id, after.chorus_bank_account_id))
        changed = [(name, old, new) for name, old, new in pairs if old != new]
        if not changed:
            return
        for summary in self._store.invoices.list(state=EDITABLE_STATES, profile_id=after.id):
            record = self._store.invoices.get(summary.id)
            changes = {name: new for name, old, new in changed if getattr(record.deposit, name) in (None, old)}
            if changes:
                self._lifecycle.save_and_validate(record, apply_changes(record.deposit, changes),
                                                  comment=texts.render("historique_profil_modifie"))

    def last_sync(self, profile_id: int) -> dt.datetime | None:
        return self._store.profiles.get(profile_id).last_sync_at

    def set_last_sync(self, profile_id: int, at: dt.datetime | None = None) -> None:
        self._store.profiles.set_last_sync(profile_id, at or now_utc())
