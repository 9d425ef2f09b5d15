"""The GUI's single door into the core: blocking calls, run by the task runner, returning view objects.

Every method here runs on a worker thread (never touches widgets), calls the use cases of the
`AppContext` built by `wiring.py`, and converts their records into the plain views of `gui/views.py`.
No rule is decided here: validation, states, notifications, credentials and deposits are the core's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from chorus_desktop.core.domain.fields import doubtful_fields, read_positions
from chorus_desktop.core.domain.invoice import InvoiceRecord, StateChange
from chorus_desktop.core.domain.learning import DEPOSIT_FIELD_OF
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.core.model import Problem, json_value
from chorus_desktop.core.states import EDITABLE_STATES, InvoiceState
from chorus_desktop.core.usecases.importing import ImportOutcome, collect_pdf_files
from chorus_desktop.core.usecases.recovery import DepositOutcome
from chorus_desktop.gui import messages
from chorus_desktop.gui.views import (
    PAGE_SIZE,
    BuyerView,
    CheckStepView,
    DepositView,
    ImportProgress,
    ImportReport,
    ListPage,
    ListQuery,
    ListSnapshot,
    ProfileEntry,
    ProfileForm,
    Recap,
    SendResult,
    SyncResult,
)
from chorus_desktop.wiring import AppContext

log = logging.getLogger(__name__)

# The Deposit attributes the form shows (everything else of the deposit is kept as stored).
FORM_FIELDS = (
    "codeCadreFacturation", "codeDestinataire", "codeServiceExecutant", "numeroBonCommande", "numeroMarche",
    "numeroFactureSaisi", "dateFacture", "typeFacture", "numeroFactureOrigine", "deviseFacture", "typeTva",
    "modePaiement", "montantHtTotal", "montantTVA", "montantTtcTotal", "montantAPayer", "ligneTva", "commentaire",
)


class Bridge:
    """Adapters over the use cases built by `wiring.py`; each method is one background task."""

    def __init__(self, context: AppContext, *, demo: bool = False) -> None:
        self.context = context
        self.access = context.access
        self.demo = demo

    # -- import and list -----------------------------------------------------------------------------
    def import_paths(self, paths: Iterable[Path],
                     progress: Callable[[ImportProgress], None] | None = None) -> ImportReport:
        """Import files and folders (the core expands folders and copies, never moves)."""
        paths = list(paths)
        total = len(collect_pdf_files(paths)) if progress is not None else 0
        done: list[ImportOutcome] = []

        def one_done(outcome: ImportOutcome) -> None:
            done.append(outcome)
            if progress is not None:
                progress(ImportProgress(len(done), total, Path(outcome.path).name))

        report = ImportReport(outcomes=list(self.context.importing.import_files(paths, progress=one_done)))
        for outcome in report.outcomes:
            if outcome.invoice_id is not None:
                report.imported_ids.append(outcome.invoice_id)
            if outcome.status != "imported":
                report.messages.append(f"« {Path(outcome.path).name} » : {outcome.message}")
        return report

    def snapshot(self, query: ListQuery | None = None, limit: int = PAGE_SIZE) -> ListSnapshot:
        """The first `limit` rows of `query` (default: all invoices, newest first), its total and the counts."""
        page = self.list_page(query or ListQuery(), 0, limit)
        return ListSnapshot(page.summaries, dict(self.context.queries.dashboard()), page.total, page.query)

    # -- one invoice ---------------------------------------------------------------------------------
    def document_path(self, record: InvoiceRecord) -> Path:
        return self.context.queries.record_document_path(record)

    def deposit_view(self, invoice_id: int) -> tuple[DepositView, Path]:
        record = self.context.queries.get_invoice(invoice_id)
        # validate() stores what it finds: a read-only store shows the problems found last.
        problems = (list(self.context.lifecycle.validate(invoice_id))
                    if record.state in EDITABLE_STATES and not self.context.store.read_only
                    else list(record.problems))
        return self._view(record, problems), self.document_path(record)

    def _view(self, record: InvoiceRecord, problems: Sequence[Problem]) -> DepositView:
        deposit = record.deposit
        extraction = record.extraction or {}
        name, services = self.recipient_info(deposit.codeDestinataire or "")
        editable = record.state in EDITABLE_STATES
        comment = None
        if not editable:
            changes = self.context.queries.history(record.id)
            # The comment that came with the current status (a stale one would mislead).
            if changes and changes[-1].source == "chorus":
                comment = changes[-1].comment or None
        profiles = self.context.profiles.list_profiles()
        return DepositView(
            invoice_id=record.id,
            values={name: getattr(deposit, name, None) for name in FORM_FIELDS},
            problems=list(problems),
            low_confidence=doubtful_fields(extraction),
            sources=read_positions(extraction),
            editable=editable,
            recipient_name=name,
            services=services,
            attachments=[a.designation for a in deposit.pieceJointeComplementaire],
            document_name=record.document.original_name,
            profiles=[(p.id, p.name) for p in profiles],
            profile_id=record.profile_id,
            state_label=record.state_label,
            state_comment=comment,
            issuer_without_profile=self._issuer_without_profile(record, profiles) if editable else "",
            **self._learned_marks(record),
        )

    def _issuer_without_profile(self, record: InvoiceRecord, profiles: Sequence[Profile]) -> str:
        """The printed issuer ("NAME (SIRET)") when it has a readable SIRET and no profile is its company."""
        printed = self.context.supplier.printed_supplier(record.id)
        siret = printed["siret"] or ""
        if len(siret) != 14 or any(p.siret == siret for p in profiles):
            return ""
        return f"{printed['name']} ({siret})" if printed["name"] else siret

    def profile_from_invoice(self, invoice_id: int) -> tuple[DepositView, Path]:
        """Create the profile of the issuer printed on the invoice and move the invoice to it."""
        self.context.supplier.profile_from_invoice(invoice_id)
        return self.deposit_view(invoice_id)

    def recipient_info(self, siret: str) -> tuple[str | None, list[tuple[str, str]]]:
        """The recipient's name and active services, as far as the store knows them."""
        recipient = self.context.directory.get_recipient(siret) if siret else None
        if recipient is None:
            return None, []
        return recipient.name, [(s.code, s.name) for s in recipient.services if s.active]

    def lookup_recipient(self, invoice_id: int, siret: str) -> tuple[str | None, list[tuple[str, str]]]:
        """Ask Chorus Pro (through the invoice's profile) for the recipient's name and active services;
        without a connection, what the store already knows."""
        siret = siret.replace(" ", "")
        # Validates the stored invoice too: it becomes « Prête » once its recipient was checked.
        self.context.recipient_check.check(invoice_id, siret)
        return self.recipient_info(siret)

    def check_waiting(self, invoice_ids: Sequence[int] | None = None) -> list[int]:
        """Check with Chorus Pro the recipients of the drafts that only wait for it; the ids now « Prête »."""
        return self.context.recipient_check.check_waiting(invoice_ids)

    def preview_problems(self, invoice_id: int, changes: dict[str, object]) -> list[Problem]:
        """The problems of the form's values as typed, not saved (the form refreshes them while typing)."""
        return self.context.editing.preview_problems(invoice_id, changes)

    def search_buyers(self, text: str, invoice_id: int | None = None) -> list[BuyerView]:
        """Public buyers matching `text` in the Chorus Pro directory (cached by the core), asked with the
        invoice's profile when it has one."""
        profile_id = self.context.queries.get_invoice(invoice_id).profile_id if invoice_id is not None else None
        found = self.context.directory_search.search(text, profile_id)
        return [BuyerView(
            siret=s.siret, name=s.name,
            place=", ".join(part for part in (s.address, f"{s.postcode} {s.town}".strip()) if part),
            service_required=s.service_required, engagement_required=s.engagement_required,
            service_or_engagement=s.service_or_engagement,
            services=[(service.code, service.name) for service in s.services]) for s in found if s.active]

    def assign_profile(self, invoice_id: int, profile_id: int) -> tuple[DepositView, Path]:
        self.context.editing.assign_profile(invoice_id, profile_id)
        return self.deposit_view(invoice_id)

    def confirm_supplier(self, invoice_id: int) -> tuple[DepositView, Path]:
        self.context.supplier.confirm_supplier(invoice_id)
        return self.deposit_view(invoice_id)

    def add_attachment(self, invoice_id: int, path: Path) -> tuple[DepositView, Path]:
        self.context.editing.add_attachment(invoice_id, path)
        return self.deposit_view(invoice_id)

    def remove_attachment(self, invoice_id: int, index: int) -> tuple[DepositView, Path]:
        self.context.editing.remove_attachment(invoice_id, index)
        return self.deposit_view(invoice_id)

    def save_deposit(self, invoice_id: int, changes: dict[str, object]) -> tuple[DepositView, Path]:
        self.context.editing.update_deposit(invoice_id, changes)
        return self.deposit_view(invoice_id)

    def recap(self, invoice_id: int) -> Recap:
        deposit = self.context.queries.get_invoice(invoice_id).deposit
        name, _ = self.recipient_info(deposit.codeDestinataire or "")
        recipient = f"{name} ({deposit.codeDestinataire})" if name else (deposit.codeDestinataire or "")
        return Recap(invoice_id, deposit.numeroFactureSaisi or "", recipient, deposit.montantHtTotal,
                     deposit.montantTVA, deposit.montantTtcTotal, deposit.montantAPayer, deposit.deviseFacture)

    def ready_recaps(self) -> list[Recap]:
        self.check_waiting()  # drafts held back only by an unchecked recipient may be ready now
        return [self.recap(summary.id) for summary in self.context.queries.list_invoices(state=InvoiceState.PRETE)]

    def history(self, invoice_id: int) -> tuple[str, list[StateChange]]:
        record = self.context.queries.get_invoice(invoice_id)
        return record.deposit.numeroFactureSaisi or "", list(self.context.queries.history(invoice_id))

    # -- Chorus Pro ----------------------------------------------------------------------------------
    def send(self, invoice_id: int) -> SendResult:
        number = self.context.queries.get_invoice(invoice_id).deposit.numeroFactureSaisi or ""
        outcome = self.context.deposits.deposit([invoice_id])[0]
        if outcome.ok:
            text = messages.SEND_SUCCESS.format(number=number, chorus_id=outcome.chorus_invoice_id or "")
        else:
            text = messages.SEND_FAILURE.format(number=number, reason=outcome.message)
        return SendResult(invoice_id, number, outcome.ok, text)

    def sync(self) -> SyncResult:
        """Ask Chorus Pro for new statuses; the core says which changes are worth a notification."""
        report = self.context.sync.sync()
        return SyncResult(changed=len(report.changed), notices=list(report.notices), errors=list(report.errors))

    def recover_pending(self) -> list[DepositOutcome]:
        return self.context.recovery.recover_pending()

    # -- settings ------------------------------------------------------------------------------------
    def list_profiles(self) -> list[Profile]:
        return list(self.context.profiles.list_profiles())

    def profile_entries(self) -> list[ProfileEntry]:
        """Profiles with their keyring state (keyring reads may block: a background task)."""
        entries = []
        for profile in self.context.profiles.list_profiles():
            access = self.access.summary(profile)
            entries.append(ProfileEntry(profile, access.environment, access.client_id, access.tech_login,
                                        access.has_credentials))
        return entries

    def save_profile(self, form: ProfileForm) -> Profile:
        """Create or update the profile; identifiers and secrets go to the keyring only, all four together
        (a value left empty keeps the one already stored)."""
        profiles = self.context.profiles
        values = {"default_vat_type": form.default_vat_type, "default_payment_mode": form.default_payment_mode}
        if form.profile_id is None:
            profile = profiles.add_profile(form.name, form.siret, **values)
        else:
            profile = profiles.update_profile(form.profile_id, name=form.name, siret=form.siret, **values)
        profile = profiles.update_settings(profile.id, environment=form.environment)
        self.access.save_typed(profile, form.environment, {
            "client_id": form.client_id, "client_secret": form.client_secret, "tech_login": form.tech_login,
            "tech_password": form.tech_password})
        return profile

    def export_list(self, path: Path, invoice_ids: Sequence[int], columns: Sequence[str]) -> int:
        """Write the CSV of these invoices (in this order) with these columns; returns the rows written."""
        return self.context.list_export.write(str(path), invoice_ids, columns)

    def is_first_run(self) -> bool:
        """Nothing set up yet: no supplier profile and no invoice."""
        return not self.context.profiles.list_profiles() and not self.context.queries.list_invoices()

    def profile_from_document(self, path: Path) -> Profile:
        """Import an invoice of the user's company and create its profile from what the invoice shows."""
        report = self.import_paths([path])
        if not report.imported_ids:
            outcome = report.outcomes[0] if report.outcomes else None
            raise ChorusDesktopError(outcome.message if outcome is not None else messages.UNEXPECTED_ERROR)
        return self.context.supplier.profile_from_invoice(report.imported_ids[0])

    def password_expiry(self, profile_id: int) -> str | None:
        """The technical account's password expiry (ISO date) the last connection check read, if any."""
        settings = self.context.profiles.get_profile(profile_id).settings or {}
        value = settings.get("technical_password_expiry")
        return str(value) if value else None

    def check_connection(self, profile_id: int) -> list[CheckStepView]:
        steps = self.context.connection_check.check_connection(profile_id)
        return [CheckStepView(step.ok, step.label, step.message or "", step.warning) for step in steps]

    # -- what was learned (issue 12) -------------------------------------------------------------------
    @staticmethod
    def _learned_marks(record: InvoiceRecord) -> dict[str, Any]:
        """The `DepositView` fields saying what of this invoice was read with a learned layout (and still has
        the value read) and which routing was remembered for its buyer."""
        extraction = record.extraction or {}
        marks: dict[str, Any] = {}
        layout = extraction.get("layout_memory")
        if isinstance(layout, dict):
            marks["learned_from"] = str(layout.get("taught_invoice_number") or messages.LEARNED_UNKNOWN)
            marks["learned_fields"] = [
                DEPOSIT_FIELD_OF[name] for name in layout.get("fields") or () if name in DEPOSIT_FIELD_OF
                and json_value(getattr(record.deposit, DEPOSIT_FIELD_OF[name])) == extraction.get(name)]
        routing = extraction.get("routing_memory")
        if isinstance(routing, dict) and routing.get("fields"):
            marks["remembered_routing"] = {str(k): str(v) for k, v in routing["fields"].items()}
            marks["remembered_from"] = str(routing.get("taught_invoice_number") or messages.LEARNED_UNKNOWN)
        return marks

    # -- the list, page by page ----------------------------------------------------------------------
    def list_page(self, query: ListQuery, offset: int, limit: int = PAGE_SIZE) -> ListPage:
        """Rows `offset`.. of `query`, sorted and filtered by the store, and how many the query matches."""
        queries = self.context.queries
        arguments = query.arguments()
        summaries = list(queries.list_invoices(**arguments, order_by=query.order_by, descending=query.descending,
                                               limit=limit, offset=offset))
        total = offset + len(summaries) if len(summaries) < limit else queries.count_invoices(**arguments)
        return ListPage(query, offset, summaries, total)

    def list_ids(self, query: ListQuery) -> list[int]:
        """Every invoice the query matches, in its order (« Exporter la liste... » writes them all)."""
        return [summary.id for summary in self.context.queries.list_invoices(
            **query.arguments(), order_by=query.order_by, descending=query.descending)]
