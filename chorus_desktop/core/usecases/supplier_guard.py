"""The supplier guard's ways out. The guard itself is a validation rule (`fournisseur_different`,
blocking: an invoice printed by company X is never deposited under company Y's profile). The user either
moves the invoice to the printed supplier's profile (created from what the invoice shows when there is
none), or confirms that the printed company is the profile's own (a trading name, a former SIRET), which
the history records."""

from __future__ import annotations

from chorus_desktop.core import texts
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import EDITABLE_STATES
from chorus_desktop.core.store import Store
from chorus_desktop.core.usecases.checking import extraction_value
from chorus_desktop.core.usecases.editing import InvoiceEditing
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle
from chorus_desktop.core.usecases.profiles import ProfileManagement


class SupplierGuard:
    def __init__(self, store: Store, lifecycle: InvoiceLifecycle, profiles: ProfileManagement,
                 editing: InvoiceEditing) -> None:
        self._store = store
        self._lifecycle = lifecycle
        self._profiles = profiles
        self._editing = editing

    def printed_supplier(self, invoice_id: int) -> dict[str, str | None]:
        """What the invoice shows of its issuer: name, SIRET (or SIREN), VAT number, IBAN."""
        extraction = self._store.invoices.get(invoice_id).extraction
        return {"name": str(extraction.get("supplier_name") or "").strip() or None,
                "siret": extraction_value(extraction, "supplier_siret"),
                "vat_number": extraction_value(extraction, "supplier_vat"),
                "iban": extraction_value(extraction, "iban")}

    def profile_from_invoice(self, invoice_id: int, name: str | None = None) -> Profile:
        """Create the profile of the printed supplier (its identifiers checked as any profile's) and move
        the invoice to it."""
        printed = self.printed_supplier(invoice_id)
        siret = printed["siret"] or ""
        if len(siret) != 14:
            raise UserFixableError(code="siret_emetteur_illisible")
        values = {key: printed[key] for key in ("vat_number", "iban") if printed[key]}
        profile = self._profiles.add_profile(name or printed["name"] or siret, siret, **values)
        self._editing.assign_profile(invoice_id, profile.id)
        return profile

    def confirm_supplier(self, invoice_id: int) -> InvoiceRecord:
        """Record that the printed supplier is the profile's company, then validate again."""
        record = self._store.invoices.get(invoice_id)
        if record.state not in EDITABLE_STATES:
            raise UserFixableError(code="modification_interdite", params={"state": record.state_label})
        if not any(p.code == "fournisseur_different" for p in self._lifecycle.validate(invoice_id)):
            raise UserFixableError(code="fournisseur_deja_conforme")
        printed = (extraction_value(record.extraction, "supplier_siret")
                   or extraction_value(record.extraction, "supplier_vat") or "")
        profile = self._store.profiles.get(record.profile_id) if record.profile_id is not None else None
        with self._store.unit_of_work():
            self._store.invoices.set_supplier_confirmed(invoice_id, printed)
            self._store.history.add(invoice_id, record.state, "local", texts.render(
                "historique_fournisseur_confirme", printed=printed, profile=profile.name if profile else ""))
        self._lifecycle.validate(invoice_id)
        return self._store.invoices.get(invoice_id)
