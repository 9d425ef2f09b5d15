"""The GUI's single door into the core: blocking calls, run by the task runner, returning view objects.

Every method here runs on a worker thread (never touches widgets) and only *calls* the core services
(`InvoiceServices`, `ChorusServices`, `credentials`); it converts their records into the small view
objects the widgets display. No rule is decided here: validation, states and deposits are the core's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chorus_desktop.core import credentials as credentials_store
from chorus_desktop.core.credentials import ChorusCredentials
from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.core.model import BoundingBox, Problem
from chorus_desktop.core.services import collect_pdf_files
from chorus_desktop.core.states import EDITABLE_STATES, InvoiceState
from chorus_desktop.gui import messages
from chorus_desktop.core.domain.fields import PAYLOAD_FIELD
from chorus_desktop.gui.deposit_form import DepositView
from chorus_desktop.gui.send_dialog import Recap, SendResult

log = logging.getLogger(__name__)

# States worth a desktop notification (the supplier must act, or the money is on its way).
NOTIFY_STATES: frozenset[InvoiceState] = frozenset(
    {InvoiceState.A_RECYCLER, InvoiceState.SUSPENDUE, InvoiceState.REJETEE, InvoiceState.MISE_EN_PAIEMENT}
)

# The Deposit attributes the form shows (everything else of the deposit is kept as stored).
FORM_FIELDS = (
    "codeCadreFacturation", "codeDestinataire", "codeServiceExecutant", "numeroBonCommande", "numeroMarche",
    "numeroFactureSaisi", "dateFacture", "typeFacture", "numeroFactureOrigine", "deviseFacture", "typeTva",
    "modePaiement", "montantHtTotal", "montantTVA", "montantTtcTotal", "montantAPayer", "ligneTva", "commentaire",
)


@dataclass
class ImportReport:
    outcomes: list[Any] = field(default_factory=list)  # core ImportOutcome
    imported_ids: list[int] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # French, one per file that did not import cleanly


@dataclass(frozen=True)
class ImportProgress:
    done: int
    total: int
    file_name: str


@dataclass(frozen=True)
class StateNotice:
    invoice_id: int
    number: str
    state: InvoiceState
    comment: str | None


@dataclass
class SyncResult:
    changed: int
    notices: list[StateNotice]
    errors: list[str]  # French, per profile that could not be synchronised


@dataclass
class ListSnapshot:
    summaries: list[Any]
    counts: dict[InvoiceState, int]


@dataclass(frozen=True)
class CheckStepView:
    ok: bool | None  # None: not checked because an earlier step failed
    label: str
    detail: str = ""
    warning: bool = False


@dataclass
class ProfileForm:
    """What the settings dialog sends: secrets empty when the user did not type them (keep the stored)."""

    profile_id: int | None
    name: str
    siret: str
    environment: str
    client_id: str
    tech_login: str
    default_vat_type: str
    default_payment_mode: str
    client_secret: str = ""
    tech_password: str = ""

    def __repr__(self) -> str:  # never show identifiers or secrets, even in a traceback
        return f"ProfileForm(profile_id={self.profile_id!r}, name={self.name!r})"


@dataclass(frozen=True)
class ProfileEntry:
    """A profile as the settings dialog lists it; identifiers read from the keyring, never the secrets."""

    profile: Any
    environment: str
    client_id: str
    tech_login: str
    has_credentials: bool

    def __repr__(self) -> str:
        return f"ProfileEntry(profile_id={self.profile.id!r}, has_credentials={self.has_credentials!r})"


class Bridge:
    """Holds the core services built by `app.py`; each method is one background task."""

    def __init__(self, invoices: Any, chorus: Any | None, store: Any, *, demo: bool = False) -> None:
        self.invoices = invoices
        self.chorus = chorus
        self.store = store
        self.demo = demo

    # -- import and list -----------------------------------------------------------------------------
    def import_paths(self, paths: Iterable[Path],
                     progress: Callable[[ImportProgress], None] | None = None) -> ImportReport:
        """Import files and folders (the core expands folders and copies, never moves)."""
        paths = list(paths)
        total = len(collect_pdf_files(paths)) if progress is not None else 0
        done: list[Any] = []

        def one_done(outcome: Any) -> None:
            done.append(outcome)
            if progress is not None:
                progress(ImportProgress(len(done), total, Path(outcome.path).name))

        report = ImportReport(outcomes=list(self.invoices.import_files(paths, progress=one_done)))
        for outcome in report.outcomes:
            if outcome.invoice_id is not None:
                report.imported_ids.append(outcome.invoice_id)
            if outcome.status != "imported":
                report.messages.append(f"« {Path(outcome.path).name} » : {outcome.message}")
        return report

    def snapshot(self) -> ListSnapshot:
        return ListSnapshot(list(self.invoices.list_invoices()), dict(self.invoices.dashboard()))

    # -- one invoice ---------------------------------------------------------------------------------
    def document_path(self, record: Any) -> Path:
        return Path(self.store.documents.path_of(record.document))

    def deposit_view(self, invoice_id: int) -> tuple[DepositView, Path]:
        record = self.invoices.get_invoice(invoice_id)
        problems = list(self.invoices.validate(invoice_id)) if record.state in EDITABLE_STATES else list(record.problems)
        return self._view(record, problems), self.document_path(record)

    def _view(self, record: Any, problems: Sequence[Problem]) -> DepositView:
        deposit = record.deposit
        values = {name: getattr(deposit, name, None) for name in FORM_FIELDS}
        extraction = record.extraction or {}
        # "Not marked as paid" is the default cadre A1, not a value read on the page: flagging it as
        # doubtful on every invoice would only teach users to ignore the marks.
        low = {PAYLOAD_FIELD.get(name, name) for name, level in (extraction.get("confidence") or {}).items()
               if level == "low" and not (name == "already_paid" and not extraction.get("already_paid"))}
        sources: dict[str, tuple[int, BoundingBox]] = {}
        for name, where in (extraction.get("sources") or {}).items():
            if where.get("page") and where.get("bbox"):
                sources[PAYLOAD_FIELD.get(name, name)] = (int(where["page"]), BoundingBox(*where["bbox"]))
        name, services = self.recipient_info(deposit.codeDestinataire or "")
        editable = record.state in EDITABLE_STATES
        comment = None
        if not editable:
            changes = self.invoices.history(record.id)
            # The comment that came with the current status (a stale one would mislead).
            if changes and changes[-1].source == "chorus":
                comment = changes[-1].comment or None
        return DepositView(
            invoice_id=record.id,
            values=values,
            problems=list(problems),
            low_confidence=low,
            sources=sources,
            editable=editable,
            recipient_name=name,
            services=services,
            attachments=[a.designation for a in deposit.pieceJointeComplementaire],
            document_name=record.document.original_name,
            profiles=[(p.id, p.name) for p in self.invoices.list_profiles()],
            profile_id=record.profile_id,
            state_label=record.state_label,
            state_comment=comment,
        )

    def recipient_info(self, siret: str) -> tuple[str | None, list[tuple[str, str]]]:
        """The recipient's name and active services, as far as the store knows them."""
        if not siret:
            return None, []
        recipient = self.store.recipients.get(siret)
        if recipient is None:
            return None, []
        return recipient.name, [(s.code, s.name) for s in recipient.services if s.active]

    def lookup_recipient(self, invoice_id: int, siret: str) -> tuple[str | None, list[tuple[str, str]]]:
        """Ask Chorus Pro (through the invoice's profile) for the recipient's name and active services;
        without a connection, what the store already knows."""
        siret = siret.replace(" ", "")
        if self.chorus is not None and len(siret) == 14 and siret.isdigit():
            record = self.invoices.get_invoice(invoice_id)
            if record.profile_id is not None:
                try:
                    profile = self.invoices.get_profile(record.profile_id)
                    self.chorus.refresh_recipient(siret, self.chorus.client_for(profile))
                except ChorusDesktopError as error:  # no credentials, offline: fall back to the store
                    log.info("recipient lookup unavailable: %s", error.message)
        return self.recipient_info(siret)

    def assign_profile(self, invoice_id: int, profile_id: int) -> tuple[DepositView, Path]:
        self.invoices.assign_profile(invoice_id, profile_id)
        return self.deposit_view(invoice_id)

    def add_attachment(self, invoice_id: int, path: Path) -> tuple[DepositView, Path]:
        self.invoices.add_attachment(invoice_id, path)
        return self.deposit_view(invoice_id)

    def remove_attachment(self, invoice_id: int, index: int) -> tuple[DepositView, Path]:
        self.invoices.remove_attachment(invoice_id, index)
        return self.deposit_view(invoice_id)

    def save_deposit(self, invoice_id: int, changes: dict[str, Any]) -> tuple[DepositView, Path]:
        self.invoices.update_deposit(invoice_id, changes)
        return self.deposit_view(invoice_id)

    def recap(self, invoice_id: int) -> Recap:
        record = self.invoices.get_invoice(invoice_id)
        deposit = record.deposit
        name, _ = self.recipient_info(deposit.codeDestinataire or "")
        recipient = f"{name} ({deposit.codeDestinataire})" if name else (deposit.codeDestinataire or "")
        return Recap(invoice_id, deposit.numeroFactureSaisi or "", recipient, deposit.montantHtTotal,
                     deposit.montantTVA, deposit.montantTtcTotal, deposit.montantAPayer, deposit.deviseFacture)

    def ready_recaps(self) -> list[Recap]:
        return [self.recap(summary.id) for summary in self.invoices.list_invoices(state=InvoiceState.PRETE)]

    def history(self, invoice_id: int) -> tuple[str, list[Any]]:
        record = self.invoices.get_invoice(invoice_id)
        return record.deposit.numeroFactureSaisi or "", list(self.invoices.history(invoice_id))

    # -- Chorus Pro ----------------------------------------------------------------------------------
    def send(self, invoice_id: int) -> SendResult:
        number = self.invoices.get_invoice(invoice_id).deposit.numeroFactureSaisi or ""
        outcome = self._require_chorus().deposit([invoice_id])[0]
        if outcome.ok:
            text = messages.SEND_SUCCESS.format(number=number, chorus_id=outcome.chorus_invoice_id or "")
        else:
            text = messages.SEND_FAILURE.format(number=number, reason=outcome.message)
        return SendResult(invoice_id, number, outcome.ok, text)

    def sync(self) -> SyncResult:
        """Ask Chorus Pro for new statuses; return the changes worth a notification."""
        report = self._require_chorus().sync()
        notices = []
        for invoice_id in report.changed:
            record = self.invoices.get_invoice(invoice_id)
            if record.state in NOTIFY_STATES:
                changes = list(self.invoices.history(invoice_id))
                comment = changes[-1].comment if changes else None
                notices.append(StateNotice(invoice_id, record.deposit.numeroFactureSaisi or "", record.state,
                                           comment))
        return SyncResult(changed=len(report.changed), notices=notices, errors=list(report.errors))

    def recover_pending(self) -> Any:
        return self._require_chorus().recover_pending() if self.chorus is not None else None

    def _require_chorus(self) -> Any:
        if self.chorus is None:
            from chorus_desktop.core.errors import EnvironmentFailure

            raise EnvironmentFailure(messages.CORE_MISSING.format(what="Chorus Pro"))
        return self.chorus

    # -- settings ------------------------------------------------------------------------------------
    def list_profiles(self) -> list[Any]:
        return list(self.invoices.list_profiles())

    def profile_entries(self) -> list[ProfileEntry]:
        """Profiles with their keyring state (keyring reads may block: a background task)."""
        entries = []
        for profile in self.invoices.list_profiles():
            environment = self.profile_environment(profile)
            stored = self._stored_credentials(profile, environment)
            entries.append(ProfileEntry(profile, environment, stored.client_id if stored else "",
                                        stored.tech_login if stored else "", stored is not None))
        return entries

    @staticmethod
    def profile_environment(profile: Any) -> str:
        return str(profile.settings.get("environment") or "qualification")

    @staticmethod
    def credentials_key(profile: Any) -> str:
        from chorus_desktop.core.chorus.service import credentials_key

        return credentials_key(profile)

    def _stored_credentials(self, profile: Any, environment: str) -> ChorusCredentials | None:
        try:
            return credentials_store.load_credentials(self.credentials_key(profile), environment)
        except ChorusDesktopError:  # none yet, incomplete, or no keyring: nothing to show
            return None

    def save_profile(self, form: ProfileForm) -> Any:
        """Create or update the profile; identifiers and secrets go to the keyring only, all four together
        (a value left empty keeps the one already stored)."""
        values = {"default_vat_type": form.default_vat_type, "default_payment_mode": form.default_payment_mode}
        if form.profile_id is None:
            profile = self.invoices.add_profile(form.name, form.siret, **values)
        else:
            profile = self.invoices.update_profile(form.profile_id, name=form.name, siret=form.siret, **values)
        profile = self.invoices.update_profile(profile.id, settings={**profile.settings,
                                                                     "environment": form.environment})
        typed = {"client_id": form.client_id, "client_secret": form.client_secret, "tech_login": form.tech_login,
                 "tech_password": form.tech_password}
        stored = self._stored_credentials(profile, form.environment)
        merged = {name: value or (getattr(stored, name) if stored else "") for name, value in typed.items()}
        if stored is not None and all(getattr(stored, name) == value for name, value in merged.items()):
            return profile  # nothing changed
        if any(typed.values()):
            missing = [name for name, value in merged.items() if not value]
            if missing:
                raise credentials_store.MissingCredentialsError(profile.name, form.environment, missing)
            credentials_store.save_credentials(self.credentials_key(profile), form.environment,
                                               ChorusCredentials(**merged))
        return profile

    def check_connection(self, profile_id: int) -> list[CheckStepView]:
        steps = self._require_chorus().check_connection(profile_id)
        return [CheckStepView(step.ok, step.label, step.message or "", step.warning) for step in steps]
