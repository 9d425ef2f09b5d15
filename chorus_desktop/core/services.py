"""Use cases over the store: what the CLI, the desktop app and the Chorus Pro part all call.

`InvoiceServices(store)`:
- import: `import_files` (files and folders, copies never moves, skips what is already there);
- edit and check: `get_invoice`, `update_deposit`, `validate`, `add_attachment`, `remove_attachment`,
  `assign_profile`, `delete_invoice` (never-sent invoices only);
- read: `list_invoices`, `count_invoices`, `dashboard`, `history`, `payload`, `document_path`;
- supplier profiles: `list_profiles`, `get_profile`, `find_profile`, `add_profile`, `update_profile`;
- for the Chorus Pro part (deposit and sync): `mark_sending`, `record_attachment_ids`, `record_deposit`,
  `record_send_failure`, `return_to_ready`, `apply_chorus_status`, `mark_checked`, `invoices_to_poll`,
  `invoices_in_state`, `find_by_chorus_id`, recipients (`get_recipient`, `save_recipient_parameters`,
  `remember_routing`) and `last_sync` / `set_last_sync`.

Every state change goes through `core.states.ensure_transition` and leaves a history line with its
source ("local" or "chorus") and an optional comment (e.g. a rejection reason).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from chorus_desktop.core.domain.deposit import Deposit, DepositAttachment
from chorus_desktop.core.domain.deposit_input import apply_changes
from chorus_desktop.core.domain.prefill import prefill_deposit
from chorus_desktop.core.errors import NotFoundError, UserFixableError
from chorus_desktop.core.model import ExtractionResult, Problem
from chorus_desktop.core.payload import build_payload
from chorus_desktop.core.states import (
    EDITABLE_STATES, RECYCLABLE_FIELDS, InvoiceState, ensure_transition,
)
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.core.store.documents import sha256_of
from chorus_desktop.core.store.history import add_change
from chorus_desktop.core.domain.invoice import InvoiceRecord, InvoiceSummary, StateChange
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.recipient import Recipient, RecipientService
from chorus_desktop.core.validation import (
    MAX_ATTACHMENT_NAME, DocumentFacts, ValidationContext, profile_problems, validate_deposit,
)

log = logging.getLogger(__name__)

Extractor = Callable[[Path], ExtractionResult]
ImportStatus = Literal["imported", "duplicate", "failed"]

# The states the dashboard always shows, in the portal's order, even at zero.
DASHBOARD_STATES: tuple[InvoiceState, ...] = (
    InvoiceState.BROUILLON, InvoiceState.PRETE, InvoiceState.ENVOI_EN_COURS, InvoiceState.ERREUR_ENVOI,
    InvoiceState.DEPOSEE, InvoiceState.EN_COURS_ACHEMINEMENT, InvoiceState.MISE_A_DISPOSITION,
    InvoiceState.A_RECYCLER, InvoiceState.SUSPENDUE, InvoiceState.COMPLETEE, InvoiceState.REJETEE,
    InvoiceState.SERVICE_FAIT, InvoiceState.MANDATEE, InvoiceState.MISE_A_DISPOSITION_COMPTABLE,
    InvoiceState.COMPTABILISEE, InvoiceState.MISE_EN_PAIEMENT,
)


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: imported (new id), duplicate (existing id) or failed (problems)."""

    path: Path
    status: ImportStatus
    invoice_id: int | None
    message: str
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "status": self.status, "id": self.invoice_id, "message": self.message,
                "problems": [p.to_json() for p in self.problems]}


def _default_extractor(path: Path) -> ExtractionResult:
    from chorus_desktop.core.extraction import extract_invoice

    return extract_invoice(path, use_embedded_xml=True)


def collect_pdf_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the PDFs found (recursively, sorted) in the folders given; no duplicates."""
    found: list[Path] = []
    seen: set[Path] = set()
    for item in paths:
        path = Path(item).expanduser()
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        else:
            candidates = [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def short_designation(name: str, limit: int = MAX_ATTACHMENT_NAME) -> str:
    """A file name cut to `limit` characters, keeping its extension (Chorus limits names to 50)."""
    if len(name) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        return name[:limit]
    return stem[: limit - len(suffix) - 1] + "." + suffix


def _extraction_value(extraction: dict[str, Any], name: str) -> str | None:
    value = extraction.get(name)
    return None if value in (None, "") else str(value).replace(" ", "")


class InvoiceServices:
    """The application's use cases over one `Store`.

    `extractor` reads a PDF (the extraction engine by default; tests may pass another); `today` gives
    the date used by the "not in the future" rule.
    """

    def __init__(self, store: Store, *, extractor: Extractor | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store = store
        self._extract = extractor or _default_extractor
        self._today = today

    # ------------------------------------------------------------------ import

    def import_files(self, paths: Iterable[str | Path], *, profile_id: int | None = None,
                     overrides: dict[str, Any] | None = None,
                     progress: Callable[[ImportOutcome], None] | None = None) -> list[ImportOutcome]:
        """Import files and folders (PDFs inside, recursively) as drafts; one outcome per file.

        Files are copied into the store, never moved. A file whose content is already stored is
        skipped (`duplicate`, with the existing id). `overrides` are deposit fields (API names) applied
        over the pre-filled values, e.g. {"codeServiceExecutant": "SE01"}. Each file is committed on
        its own, so an interrupted batch keeps what was done and a re-run skips it.
        """
        if overrides:
            apply_changes(Deposit(), overrides)  # reject bad field names/values before touching any file
        self.store.documents.sweep_orphans()
        outcomes = []
        for path in collect_pdf_files(paths):
            outcome = self.import_file(path, profile_id=profile_id, overrides=overrides)
            outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
        return outcomes

    def import_file(self, path: Path, *, profile_id: int | None = None,
                    overrides: dict[str, Any] | None = None) -> ImportOutcome:
        """Import one PDF; see `import_files`."""
        try:
            sha256 = sha256_of(path)
            size = path.stat().st_size
        except FileNotFoundError:
            return ImportOutcome(path, "failed", None, f"Fichier introuvable : « {path} ».")
        except OSError:
            return ImportOutcome(path, "failed", None, f"Le fichier « {path.name} » ne peut pas être lu.")
        existing = self.store.invoices.id_for_document(sha256)
        if existing is not None:
            return ImportOutcome(path, "duplicate", existing, f"Déjà importée (facture n° {existing}).")

        try:
            extraction = self._extract(path)
        except Exception:  # the engine promises not to raise; a bug in it must not stop the whole batch
            log.exception("extraction failed for %s", path)
            return ImportOutcome(path, "failed", None,
                                 f"Erreur interne pendant la lecture de « {path.name} » : le fichier n'a pas été importé.")
        if not extraction.readable:
            problems = [p for p in extraction.problems if p.blocking] or extraction.problems
            message = problems[0].message if problems else "Ce fichier ne peut pas être lu comme une facture PDF."
            return ImportOutcome(path, "failed", None, message, problems)

        profile = self._profile_for_import(profile_id, extraction)
        siret = str((overrides or {}).get("codeDestinataire") or extraction.value("buyer_siret") or "")
        recipient = self.store.recipients.get(siret.replace(" ", "")) if siret else None
        deposit = prefill_deposit(extraction, profile, recipient)
        if overrides:
            deposit = apply_changes(deposit, overrides)
        deposit.pieceJointePrincipale = DepositAttachment(designation=short_designation(path.name), sha256=sha256,
                                                          size=size)
        is_text_pdf = not any(p.code == "pdf_image" for p in extraction.problems)
        extraction_json = extraction.to_json()
        profile_id_final = profile.id if profile else None
        problems = self._check(deposit, profile, extraction_json, profile_id_final, None,
                               DocumentFacts(size=size, is_text_pdf=is_text_pdf))

        relative = self.store.documents.stage(path, sha256)
        try:
            with self.store.db.transaction() as conn:
                self.store.documents.register(conn, sha256=sha256, size=size, original_name=path.name,
                                              relative_path=relative, is_text_pdf=is_text_pdf,
                                              page_count=extraction.page_count or None)
                invoice_id = self.store.invoices.insert(
                    conn, profile_id=profile_id_final, document_sha256=sha256, state=InvoiceState.BROUILLON,
                    deposit=deposit, extraction=extraction_json, problems=problems,
                    supplier_siret=_extraction_value(extraction_json, "supplier_siret"),
                    recipient_name=(recipient.name if recipient and recipient.name else extraction.value("buyer")),
                )
                add_change(conn, invoice_id, InvoiceState.BROUILLON, "local", f"Importée depuis « {path.name} »")
        except sqlite3.IntegrityError:
            # The same file was imported by another process meanwhile.
            existing = self.store.invoices.id_for_document(sha256)
            return ImportOutcome(path, "duplicate", existing, f"Déjà importée (facture n° {existing}).")
        blocking = sum(p.blocking for p in problems)
        message = f"Importée : facture n° {invoice_id}" + (f" ({blocking} point(s) bloquant(s))" if blocking else "")
        return ImportOutcome(path, "imported", invoice_id, message + ".", problems)

    def _profile_for_import(self, profile_id: int | None, extraction: ExtractionResult) -> Profile | None:
        if profile_id is not None:
            return self.store.profiles.get(profile_id)
        profiles = self.store.profiles.list()
        siret = str(extraction.value("supplier_siret") or "").replace(" ", "")
        if siret:
            for profile in profiles:
                if profile.siret == siret or (len(siret) == 9 and profile.siret.startswith(siret)):
                    return profile
        return profiles[0] if len(profiles) == 1 else None

    # ------------------------------------------------------------------ reading

    def get_invoice(self, invoice_id: int) -> InvoiceRecord:
        return self.store.invoices.get(invoice_id)

    def list_invoices(self, state: InvoiceState | Iterable[InvoiceState] | None = None, search: str | None = None,
                      order_by: str = "date", descending: bool = True, limit: int | None = None, offset: int = 0,
                      profile_id: int | None = None) -> list[InvoiceSummary]:
        """Invoices, newest first by default. `search` matches the number, the recipient (SIRET or name)
        or the TTC amount ("1234,50"). `order_by`: date, number, amount, state, updated, id."""
        return self.store.invoices.list(state=state, search=search, profile_id=profile_id, order_by=order_by,
                                        descending=descending, limit=limit, offset=offset)

    def count_invoices(self, state: InvoiceState | Iterable[InvoiceState] | None = None, search: str | None = None,
                       profile_id: int | None = None) -> int:
        return self.store.invoices.count(state=state, search=search, profile_id=profile_id)

    def dashboard(self) -> dict[InvoiceState, int]:
        """Count per state, like the portal's "Tableau de bord": the usual states (zeros included) in the
        portal's order, then any other state that has invoices."""
        counts = self.store.invoices.counts_by_state()
        result = {state: counts.get(state, 0) for state in DASHBOARD_STATES}
        for state, count in counts.items():
            result.setdefault(state, count)
        return result

    def history(self, invoice_id: int) -> list[StateChange]:
        self.store.invoices.get(invoice_id)
        return self.store.history.list(invoice_id)

    def payload(self, invoice_id: int, *, main_attachment_id: int | None = None,
                attachment_ids: list[int] | None = None) -> dict[str, Any]:
        """The JSON body `factures/v1/soumettre` would receive for this invoice (no secrets)."""
        record = self.store.invoices.get(invoice_id)
        return build_payload(record.deposit, main_attachment_id=main_attachment_id, attachment_ids=attachment_ids)

    def document_path(self, invoice_id: int) -> Path:
        """The stored copy of the invoice PDF."""
        return self.store.documents.path_of(self.store.invoices.get(invoice_id).document)

    def attachment_path(self, attachment: DepositAttachment) -> Path:
        document = self.store.documents.get(attachment.sha256)
        if document is None:
            raise NotFoundError(f"La pièce jointe « {attachment.designation} » est introuvable.")
        return self.store.documents.path_of(document)

    # ------------------------------------------------------------------ editing and validation

    def update_deposit(self, invoice_id: int, changes: dict[str, Any]) -> InvoiceRecord:
        """Apply field changes (API names, text accepted) and re-validate.

        Allowed while nothing is sent (Brouillon, Prête, Erreur d'envoi); in "À recycler" only the
        routing data (destinataire, code service, numéro d'engagement). A "Prête" invoice whose
        change brings a blocking problem goes back to "Brouillon"; an "Erreur d'envoi" one goes to
        "Brouillon" or "Prête" according to the new validation.
        """
        record = self.store.invoices.get(invoice_id)
        if record.state is InvoiceState.A_RECYCLER:
            refused = set(changes) - RECYCLABLE_FIELDS
            if refused:
                raise UserFixableError(
                    "Une facture à recycler garde son numéro : seuls le destinataire, le code service et le "
                    "numéro d'engagement peuvent être corrigés.", code="modification_interdite")
        elif record.state not in EDITABLE_STATES:
            raise UserFixableError(
                f"La facture est à l'état « {record.state_label} » : elle ne peut plus être modifiée.",
                code="modification_interdite")
        deposit = apply_changes(record.deposit, changes)
        return self._save_and_validate(record, deposit, comment="Modifiée")

    def assign_profile(self, invoice_id: int, profile_id: int) -> InvoiceRecord:
        """Attach the invoice to a supplier profile and take its Chorus ids and defaults."""
        record = self.store.invoices.get(invoice_id)
        if record.state not in EDITABLE_STATES:
            raise UserFixableError(f"La facture est à l'état « {record.state_label} » : elle ne peut plus être "
                                   "modifiée.", code="modification_interdite")
        profile = self.store.profiles.get(profile_id)
        with self.store.db.transaction() as conn:
            conn.execute("UPDATE invoices SET profile_id = ? WHERE id = ?", (profile.id, invoice_id))
        deposit = dataclasses.replace(
            record.deposit, idFournisseur=profile.chorus_supplier_id, idServiceFournisseur=profile.chorus_service_id,
            codeCoordonneesBancairesFournisseur=profile.chorus_bank_account_id)
        return self._save_and_validate(self.store.invoices.get(invoice_id), deposit, comment="Profil changé")

    def delete_invoice(self, invoice_id: int) -> None:
        """Remove an invoice that was never sent (Brouillon, Prête, Erreur d'envoi), its history and
        the stored files no other invoice uses. A sent invoice is never deleted: Chorus Pro keeps it."""
        record = self.store.invoices.get(invoice_id)
        if record.state not in EDITABLE_STATES:
            raise UserFixableError(
                f"La facture est à l'état « {record.state_label} » : elle a été envoyée à Chorus Pro et ne peut "
                "pas être supprimée.", code="suppression_interdite")
        hashes = {record.document.sha256, *(a.sha256 for a in record.deposit.pieceJointeComplementaire)}
        with self.store.db.transaction() as conn:
            conn.execute("DELETE FROM invoices WHERE id = ?", (invoice_id,))
            for sha256 in hashes:
                # Attachments are shared by content: keep a file another invoice still lists.
                used = conn.execute("SELECT 1 FROM invoices WHERE document_sha256 = ? OR deposit_json LIKE ? LIMIT 1",
                                    (sha256, f"%{sha256}%")).fetchone()
                if not used:
                    self.store.documents.release(conn, sha256)
        self.store.documents.delete_released()

    def add_attachment(self, invoice_id: int, path: str | Path, attachment_type: str = "") -> InvoiceRecord:
        """Add a pièce complémentaire (copied into the store)."""
        source = Path(path)
        record = self.store.invoices.get(invoice_id)
        if record.state not in EDITABLE_STATES:
            raise UserFixableError(f"La facture est à l'état « {record.state_label} » : elle ne peut plus être "
                                   "modifiée.", code="modification_interdite")
        try:
            sha256, size = sha256_of(source), source.stat().st_size
        except FileNotFoundError:
            raise UserFixableError(f"Fichier introuvable : « {source} ».", code="fichier_introuvable") from None
        except OSError:
            raise UserFixableError(f"Le fichier « {source.name} » ne peut pas être lu.", code="fichier_illisible") from None
        relative = self.store.documents.stage(source, sha256)
        with self.store.db.transaction() as conn:
            self.store.documents.register(conn, sha256=sha256, size=size, original_name=source.name,
                                          relative_path=relative, is_text_pdf=None, page_count=None)
        deposit = dataclasses.replace(record.deposit, pieceJointeComplementaire=[
            *record.deposit.pieceJointeComplementaire,
            DepositAttachment(designation=source.name, sha256=sha256, size=size, type=attachment_type)])
        return self._save_and_validate(record, deposit, comment=None)

    def remove_attachment(self, invoice_id: int, index: int) -> InvoiceRecord:
        record = self.store.invoices.get(invoice_id)
        if record.state not in EDITABLE_STATES:
            raise UserFixableError(f"La facture est à l'état « {record.state_label} » : elle ne peut plus être "
                                   "modifiée.", code="modification_interdite")
        attachments = list(record.deposit.pieceJointeComplementaire)
        if not 0 <= index < len(attachments):
            raise NotFoundError(f"Aucune pièce jointe n° {index + 1}.")
        del attachments[index]
        deposit = dataclasses.replace(record.deposit, pieceJointeComplementaire=attachments)
        return self._save_and_validate(record, deposit, comment=None)

    def validate(self, invoice_id: int) -> list[Problem]:
        """Check the deposit again, store the problems and return them.

        A "Brouillon" (or "Erreur d'envoi") invoice without blocking problem becomes "Prête"; a
        "Prête" one with a blocking problem goes back to "Brouillon". Other states keep their state.
        A successful validation remembers the recipient's code service and numéro d'engagement.
        """
        record = self.store.invoices.get(invoice_id)
        problems = self._problems_for(record, record.deposit)
        blocking = any(p.blocking for p in problems)
        with self.store.db.transaction() as conn:
            self.store.invoices.save_problems(conn, invoice_id, problems)
            if not blocking and record.state in (InvoiceState.BROUILLON, InvoiceState.ERREUR_ENVOI):
                self._move(conn, invoice_id, record.state, InvoiceState.PRETE, "local", "Validée : prête à l'envoi")
            elif blocking and record.state is InvoiceState.PRETE:
                self._move(conn, invoice_id, record.state, InvoiceState.BROUILLON, "local",
                           f"{sum(p.blocking for p in problems)} point(s) bloquant(s)")
        if not blocking:
            self._remember_routing(record.deposit)
        return problems

    def _save_and_validate(self, record: InvoiceRecord, deposit: Deposit, comment: str | None) -> InvoiceRecord:
        problems = self._problems_for(record, deposit)
        blocking = any(p.blocking for p in problems)
        recipient = self.store.recipients.get(deposit.codeDestinataire) if deposit.codeDestinataire else None
        with self.store.db.transaction() as conn:
            self.store.invoices.save_deposit(conn, record.id, deposit, problems,
                                             recipient_name=recipient.name if recipient else None)
            if record.state is InvoiceState.PRETE and blocking:
                self._move(conn, record.id, record.state, InvoiceState.BROUILLON, "local",
                           f"{comment or 'Modifiée'} : {sum(p.blocking for p in problems)} point(s) bloquant(s)")
            elif record.state is InvoiceState.ERREUR_ENVOI:
                target = InvoiceState.BROUILLON if blocking else InvoiceState.PRETE
                self._move(conn, record.id, record.state, target, "local", comment or "Modifiée")
        return self.store.invoices.get(record.id)

    def _problems_for(self, record: InvoiceRecord, deposit: Deposit) -> list[Problem]:
        profile = self.store.profiles.get(record.profile_id) if record.profile_id is not None else None
        return self._check(deposit, profile, record.extraction, record.profile_id, record.id,
                           DocumentFacts(size=record.document.size, is_text_pdf=record.document.is_text_pdf))

    def _check(self, deposit: Deposit, profile: Profile | None, extraction: dict[str, Any], profile_id: int | None,
               invoice_id: int | None, facts: DocumentFacts) -> list[Problem]:
        number = (deposit.numeroFactureSaisi or "").strip()
        recipient = self.store.recipients.get(deposit.codeDestinataire) if deposit.codeDestinataire else None
        context = ValidationContext(
            today=self._today(), profile=profile, recipient=recipient,
            number_already_used=bool(number) and self.store.invoices.number_used(profile_id, number, invoice_id),
            main_document=facts,
            supplier_siret_on_invoice=_extraction_value(extraction, "supplier_siret"),
            supplier_vat_on_invoice=_extraction_value(extraction, "supplier_vat"),
            iban_on_invoice=_extraction_value(extraction, "iban"),
        )
        return validate_deposit(deposit, context)

    def _move(self, conn: sqlite3.Connection, invoice_id: int, current: InvoiceState, target: InvoiceState,
              source: Literal["local", "chorus"], comment: str | None, chorus_code: str | None = None,
              at: dt.datetime | None = None) -> None:
        ensure_transition(current, target)
        self.store.invoices.set_state(conn, invoice_id, target, chorus_code=chorus_code, at=at)
        add_change(conn, invoice_id, target, source, comment, chorus_code=chorus_code, at=at)

    def _remember_routing(self, deposit: Deposit) -> None:
        if deposit.codeDestinataire:
            self.store.recipients.remember_routing(deposit.codeDestinataire, deposit.codeServiceExecutant,
                                                   deposit.numeroBonCommande)

    # ------------------------------------------------------------------ profiles

    def list_profiles(self) -> list[Profile]:
        return self.store.profiles.list()

    def get_profile(self, profile_id: int) -> Profile:
        return self.store.profiles.get(profile_id)

    def find_profile(self, key: str | int) -> Profile:
        """A profile by id, name or SIRET."""
        return self.store.profiles.find(key)

    def add_profile(self, name: str, siret: str, **values: Any) -> Profile:
        """Create a supplier profile; SIRET, VAT number and IBAN are checked (python-stdnum).

        Other values: vat_number, iban, chorus_supplier_id, chorus_service_id, chorus_bank_account_id,
        default_vat_type, default_payment_mode, settings (dict, never secrets).
        """
        values = self._clean_profile_values({"siret": siret, **values})
        if not name.strip():
            raise UserFixableError("Donnez un nom au profil.", code="valeur_invalide")
        return self.store.profiles.add(name.strip(), values.pop("siret"), **values)

    def update_profile(self, profile_id: int, **values: Any) -> Profile:
        """Change a profile. New Chorus ids reach the profile's unsent invoices that had none or the old ones."""
        current = self.store.profiles.get(profile_id)
        values = self._clean_profile_values({"siret": current.siret, **values})
        if values.get("siret") == current.siret:
            values.pop("siret")
        updated = self.store.profiles.update(profile_id, **values)
        self._propagate_supplier_ids(current, updated)
        return updated

    def _propagate_supplier_ids(self, before: Profile, after: Profile) -> None:
        pairs = (("idFournisseur", before.chorus_supplier_id, after.chorus_supplier_id),
                 ("idServiceFournisseur", before.chorus_service_id, after.chorus_service_id),
                 ("codeCoordonneesBancairesFournisseur", before.chorus_bank_account_id, after.chorus_bank_account_id))
        changed = [(name, old, new) for name, old, new in pairs if old != new]
        if not changed:
            return
        for summary in self.store.invoices.list(state=EDITABLE_STATES, profile_id=after.id):
            record = self.store.invoices.get(summary.id)
            changes = {name: new for name, old, new in changed if getattr(record.deposit, name) in (None, old)}
            if changes:
                self._save_and_validate(record, apply_changes(record.deposit, changes), comment="Profil modifié")

    @staticmethod
    def _clean_profile_values(values: dict[str, Any]) -> dict[str, Any]:
        cleaned = dict(values)
        for name in ("siret", "vat_number", "iban"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = cleaned[name].replace(" ", "").upper() or None
        for name in ("chorus_supplier_id", "chorus_service_id", "chorus_bank_account_id"):
            if name in cleaned and cleaned[name] not in (None, ""):
                try:
                    cleaned[name] = int(cleaned[name])
                except (TypeError, ValueError):
                    raise UserFixableError(f"{name} attend un nombre entier.", code="valeur_invalide") from None
            elif name in cleaned:
                cleaned[name] = None
        for name, allowed in (("default_vat_type", ("TVA_SUR_DEBIT", "TVA_SUR_ENCAISSEMENT", "EXONERATION",
                                                     "SANS_TVA")),
                              ("default_payment_mode", ("CHEQUE", "PRELEVEMENT", "VIREMENT", "ESPECE", "AUTRE",
                                                        "REPORT"))):
            if name in cleaned:
                cleaned[name] = str(cleaned[name]).upper()
                if cleaned[name] not in allowed:
                    raise UserFixableError(f"Valeur non admise pour {name} : {', '.join(allowed)}.",
                                           code="valeur_invalide")
        problems = profile_problems(cleaned.get("siret"), cleaned.get("vat_number"), cleaned.get("iban"))
        if problems:
            raise UserFixableError(" ".join(p.message for p in problems), code=problems[0].code)
        return cleaned

    # ------------------------------------------------------------------ for the Chorus Pro part

    def mark_sending(self, invoice_id: int, comment: str | None = None) -> InvoiceRecord:
        """Re-validate, then move to "Envoi en cours" before any request leaves (from Prête, Erreur
        d'envoi or À recycler). Raises `UserFixableError` when a blocking problem remains, and
        `InvalidTransitionError` from any other state (e.g. already deposited: never send twice)."""
        record = self.store.invoices.get(invoice_id)
        problems = self._problems_for(record, record.deposit)
        blocking = [p for p in problems if p.blocking]
        with self.store.db.transaction() as conn:
            self.store.invoices.save_problems(conn, invoice_id, problems)
        if blocking:
            raise UserFixableError(f"La facture n° {invoice_id} ne peut pas être envoyée : {blocking[0].message}",
                                   code="facture_invalide")
        with self.store.db.transaction() as conn:
            current = self.store.invoices.state_of(conn, invoice_id)
            self._move(conn, invoice_id, current, InvoiceState.ENVOI_EN_COURS, "local", comment or "Envoi à Chorus Pro")
        return self.store.invoices.get(invoice_id)

    def record_attachment_ids(self, invoice_id: int, main_id: int | None,
                              complementary_ids: Sequence[int] | None = None) -> InvoiceRecord:
        """Keep the `pieceJointeId`s Chorus returned for the uploaded files (so a retry reuses them)."""
        record = self.store.invoices.get(invoice_id)
        deposit = record.deposit
        if main_id is not None and deposit.pieceJointePrincipale is not None:
            deposit.pieceJointePrincipale = dataclasses.replace(deposit.pieceJointePrincipale, chorus_id=main_id)
        if complementary_ids is not None:
            deposit.pieceJointeComplementaire = [
                dataclasses.replace(attachment, chorus_id=chorus_id)
                for attachment, chorus_id in zip(deposit.pieceJointeComplementaire, complementary_ids, strict=True)
            ]
        with self.store.db.transaction() as conn:
            self.store.invoices.save_deposit(conn, invoice_id, deposit, record.problems)
        return self.store.invoices.get(invoice_id)

    def record_deposit(self, invoice_id: int, *, chorus_invoice_id: int, status_code: str | None,
                       certificate_fingerprint: str | None = None, deposited_at: dt.datetime | None = None,
                       comment: str | None = None) -> InvoiceRecord:
        """Chorus accepted the invoice (`soumettre` answer): keep `identifiantFactureCPP`, the deposit
        certificate fingerprint (`empreinteCertificatDepot`) and date, and move "Envoi en cours" to the
        returned status (`statutFacture`, DEPOSEE when absent), all in one transaction. Remembers the
        routing data for the recipient."""
        code = (status_code or InvoiceState.DEPOSEE.value).strip().upper()
        target = InvoiceState.from_chorus(code)
        with self.store.db.transaction() as conn:
            current = self.store.invoices.state_of(conn, invoice_id)
            self.store.invoices.set_chorus_ids(conn, invoice_id, chorus_invoice_id=chorus_invoice_id,
                                               certificate_fingerprint=certificate_fingerprint,
                                               deposited_at=deposited_at or now_utc())
            if current is not target:
                self._move(conn, invoice_id, current, target, "chorus",
                           comment or f"Déposée sur Chorus Pro (n° {chorus_invoice_id})", chorus_code=code)
            self.store.invoices.set_checked(conn, invoice_id)
        self._remember_routing(self.store.invoices.get(invoice_id).deposit)
        return self.store.invoices.get(invoice_id)

    def record_send_failure(self, invoice_id: int, message: str) -> InvoiceRecord:
        """The sending failed (Chorus refused it, or an error we are sure left nothing deposited):
        "Envoi en cours" -> "Erreur d'envoi", with the French message as comment."""
        with self.store.db.transaction() as conn:
            current = self.store.invoices.state_of(conn, invoice_id)
            self._move(conn, invoice_id, current, InvoiceState.ERREUR_ENVOI, "local", message)
        return self.store.invoices.get(invoice_id)

    def return_to_ready(self, invoice_id: int, comment: str) -> InvoiceRecord:
        """"Envoi en cours" -> "Prête" when it is certain nothing reached Chorus (crash recovery)."""
        with self.store.db.transaction() as conn:
            current = self.store.invoices.state_of(conn, invoice_id)
            self._move(conn, invoice_id, current, InvoiceState.PRETE, "local", comment)
        return self.store.invoices.get(invoice_id)

    def apply_chorus_status(self, invoice_id: int, status_code: str, *, at: dt.datetime | None = None,
                            comment: str | None = None) -> bool:
        """Apply a status read from Chorus Pro (sync). Returns True when the state changed.

        Unknown codes are stored as "Autre statut Chorus Pro" with the raw code kept. The same status
        again only updates the last-checked time. A move the rules refuse (e.g. out of a final state)
        raises `InvalidTransitionError`. `comment` is e.g. the rejection reason
        (`histoStatutCommentaire`); `at` the status date from Chorus.
        """
        code = status_code.strip().upper()
        target = InvoiceState.from_chorus(code)
        with self.store.db.transaction() as conn:
            current = self.store.invoices.state_of(conn, invoice_id)
            row = conn.execute("SELECT chorus_status_code FROM invoices WHERE id = ?", (invoice_id,)).fetchone()
            self.store.invoices.set_checked(conn, invoice_id)
            if current is target and row["chorus_status_code"] == code:
                return False
            if current is target:  # two unknown codes in a row: keep the new raw code and a history line
                self.store.invoices.set_state(conn, invoice_id, target, chorus_code=code, at=at)
                add_change(conn, invoice_id, target, "chorus", comment, chorus_code=code, at=at)
                return True
            self._move(conn, invoice_id, current, target, "chorus", comment, chorus_code=code, at=at)
        return True

    def mark_checked(self, invoice_id: int, at: dt.datetime | None = None) -> None:
        """Record that Chorus was asked about this invoice (without a status change)."""
        with self.store.db.transaction() as conn:
            self.store.invoices.set_checked(conn, invoice_id, at)

    def invoices_to_poll(self, profile_id: int | None = None) -> list[InvoiceRecord]:
        """Invoices deposited on Chorus and not in a final state: what `sync` should ask about."""
        return [self.store.invoices.get(i) for i in self.store.invoices.ids_to_poll(profile_id)]

    def invoices_in_state(self, state: InvoiceState) -> list[InvoiceRecord]:
        """E.g. `invoices_in_state(ENVOI_EN_COURS)` at start, to recover interrupted sendings."""
        return [self.store.invoices.get(i) for i in self.store.invoices.ids_in_state(state)]

    def find_by_chorus_id(self, chorus_invoice_id: int) -> InvoiceRecord | None:
        found = self.store.invoices.id_for_chorus_id(chorus_invoice_id)
        return None if found is None else self.store.invoices.get(found)

    def get_recipient(self, siret: str) -> Recipient | None:
        return self.store.recipients.get(siret)

    def list_recipients(self) -> list[Recipient]:
        return self.store.recipients.list()

    def save_recipient_parameters(
        self, siret: str, *, name: str | None = None, chorus_structure_id: int | None = None,
        services: list[RecipientService] | None = None, service_required: bool | None = None,
        engagement_required: bool | None = None, service_or_engagement: bool | None = None,
        active: bool | None = None, checked_at: dt.datetime | None = None,
    ) -> Recipient:
        """Record the recipient's Chorus parameters (`structures/v1/consulter`, services list);
        validation then enforces them. `checked_at` defaults to now."""
        recipient = self.store.recipients.save_chorus_parameters(
            siret, name=name, chorus_structure_id=chorus_structure_id, services=services,
            service_required=service_required, engagement_required=engagement_required,
            service_or_engagement=service_or_engagement, active=active, checked_at=checked_at)
        if name:
            with self.store.db.transaction() as conn:
                conn.execute("UPDATE invoices SET recipient_name = ? WHERE recipient_siret = ?", (name, siret))
        return recipient

    def remember_routing(self, siret: str, service_code: str | None, engagement: str | None) -> None:
        self.store.recipients.remember_routing(siret, service_code, engagement)

    def last_sync(self, profile_id: int) -> dt.datetime | None:
        return self.store.profiles.get(profile_id).last_sync_at

    def set_last_sync(self, profile_id: int, at: dt.datetime | None = None) -> None:
        self.store.profiles.set_last_sync(profile_id, at or now_utc())
