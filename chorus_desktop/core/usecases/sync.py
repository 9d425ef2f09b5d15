"""Following deposited invoices: ask Chorus Pro which statuses changed, store the new history lines.

One search per profile over a window of days (`rechercher/fournisseur`), then one history call per
invoice whose status differs from ours: a sync of 1,000 tracked invoices with 5 changes costs 7 calls.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chorus_desktop.core import texts
from chorus_desktop.core.chorus.clients import ChorusClients
from chorus_desktop.core.chorus.errors import ChorusAuthError
from chorus_desktop.core.chorus.times import PARIS, aware, chorus_time
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.core.usecases.directory import Directory
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle
from chorus_desktop.core.usecases.payments import PaymentTracking
from chorus_desktop.core.usecases.recovery import DepositOutcome, DepositRecovery

log = logging.getLogger(__name__)

SYNC_WINDOW_MARGIN = dt.timedelta(days=1)  # Chorus times are French local time, compared by day
# Recipients that never report "Mise en paiement": these states are then as far as an invoice goes.
NO_PAYMENT_REPORT_FINAL = frozenset({InvoiceState.MANDATEE, InvoiceState.COMPTABILISEE})
# States worth telling the user about (the supplier must act, or the money is on its way).
NOTIFY_STATES: frozenset[InvoiceState] = frozenset(
    {InvoiceState.A_RECYCLER, InvoiceState.SUSPENDUE, InvoiceState.REJETEE, InvoiceState.MISE_EN_PAIEMENT}
)


@dataclass(frozen=True)
class StateNotice:
    """A status change worth a notification, with the recipient's comment that came with it."""

    invoice_id: int
    number: str
    state: InvoiceState
    comment: str | None


@dataclass(frozen=True)
class LateNotice:
    """An unpaid invoice that went past its payment deadline since the last sync (told once)."""

    invoice_id: int
    number: str
    due_date: dt.date
    days_late: int


@dataclass
class SyncReport:
    profiles: int = 0
    tracked: int = 0
    changed: list[int] = field(default_factory=list)  # local invoice ids whose state changed
    errors: list[str] = field(default_factory=list)
    notices: list[StateNotice] = field(default_factory=list)
    late: list[LateNotice] = field(default_factory=list)
    adopted: list[DepositOutcome] = field(default_factory=list)  # slow deposits found in Chorus at last


class StatusSync:
    def __init__(self, store: Store, clients: ChorusClients, directory: Directory, lifecycle: InvoiceLifecycle,
                 now: Callable[[], dt.datetime] = now_utc, recovery: DepositRecovery | None = None, *,
                 payments: PaymentTracking | None = None) -> None:
        self._store = store
        self._payments = payments
        self._late: list[LateNotice] = []
        self._clients = clients
        self._directory = directory
        self._lifecycle = lifecycle
        self._now = now
        self._recovery = recovery

    def sync(self, profile_id: int | None = None, *, recheck_attempts: bool = True) -> SyncReport:
        """Follow the deposited invoices. First (`recheck_attempts`), look again for the invoices whose
        last soumettre Chorus Pro may hold without showing it yet: found, they are adopted."""
        report = SyncReport()
        self._late = []
        if recheck_attempts and self._recovery is not None:
            report.adopted = self._recovery.recheck_attempts()
            report.changed.extend(o.invoice_id for o in report.adopted if o.ok)
        profiles = [self._store.profiles.get(profile_id)] if profile_id is not None else self._store.profiles.list()
        for profile in profiles:
            try:
                self._sync_profile(profile, report)
            except ChorusDesktopError as error:
                if isinstance(error, ChorusAuthError):
                    self._clients.reset_connection(profile.id)
                report.errors.append(texts.render("erreur_synchro_profil", profile=profile.name,
                                                  reason=error.message))
        report.notices = self._notices(report.changed)
        report.late = self._late
        return report

    def _notices(self, changed: list[int]) -> list[StateNotice]:
        notices = []
        for invoice_id in changed:
            record = self._store.invoices.get(invoice_id)
            if record.state in NOTIFY_STATES:
                changes = self._store.history.list(invoice_id)
                comment = changes[-1].comment if changes else None
                notices.append(StateNotice(invoice_id, record.deposit.numeroFactureSaisi or "", record.state,
                                           comment))
        return notices

    def _sync_profile(self, profile: Profile, report: SyncReport) -> None:
        tracked: dict[int, InvoiceRecord] = {}
        for invoice_id in self._store.invoices.ids_to_poll(profile.id):
            record = self._store.invoices.get(invoice_id)
            if record.state in NO_PAYMENT_REPORT_FINAL and self._directory.never_reports_payment(record, profile):
                continue
            if record.chorus.invoice_id is not None:
                tracked[record.chorus.invoice_id] = record
        if not tracked:
            return
        report.profiles += 1
        report.tracked += len(tracked)
        started = self._now()
        since = profile.last_sync_at or min(
            (aware(r.chorus.deposited_at or r.created_at) for r in tracked.values()), default=started)
        client = self._clients.client_for(profile)
        if profile.chorus_supplier_id is None:
            profile = self._directory.ensure_supplier_ids(profile, client)
        # Chorus compares status-change dates by day in French local time: a day of margin, and only the
        # invoices whose status differs from ours cost a second call.
        window_start = (aware(since) - SYNC_WINDOW_MARGIN).date().isoformat()
        criteria = {"idFournisseur": profile.chorus_supplier_id, "periodeDateHeureEtatCourantDu": window_start}
        changed: list[tuple[InvoiceRecord, str]] = []
        for found in client.iter_supplier_invoices(criteria):
            known = tracked.get(int(found.get("identifiantFactureCPP") or 0))
            code = str(found.get("statut") or "")
            if known is not None and code and code != (known.chorus.status_code or known.state.value):
                changed.append((known, code))
        for record, code in changed:
            history = client.invoice_history(record.chorus.invoice_id or 0)
            self._apply_history(record, history, code)
            report.changed.append(record.id)
        self._late_notices(profile, tracked)
        self._store.profiles.set_last_sync(profile.id, started)

    def _late_notices(self, profile: Profile, tracked: dict[int, InvoiceRecord]) -> None:
        """Invoices that went past their payment deadline since this profile's last sync: told once."""
        if self._payments is None:
            return
        since = aware(profile.last_sync_at).astimezone(PARIS).date() if profile.last_sync_at else None
        for payment in self._payments.newly_late([r.id for r in tracked.values()], since):
            assert payment.due_date is not None
            self._late.append(LateNotice(payment.invoice_id, payment.number, payment.due_date, payment.days_late))

    def _apply_history(self, record: InvoiceRecord, history: dict[str, Any], code_from_search: str) -> None:
        """Store the status lines Chorus added since our last known status, the last one being current."""
        current_code = str(history.get("statutCourantCode") or code_from_search)
        entries = sorted((history.get("historiquesDesStatuts") or {}).get("histoStatut") or [],
                         key=lambda e: (str(e.get("histoStatutDatePassage") or ""), int(e.get("histoStatutId") or 0)))
        previous_code = record.chorus.status_code or record.state.value
        last_known = max((i for i, e in enumerate(entries) if e.get("histoStatutCode") == previous_code), default=-1)
        new_entries = [(str(e["histoStatutCode"]), chorus_time(e.get("histoStatutDatePassage")),
                        str(e.get("histoStatutCommentaire") or "") or None)
                       for e in entries[last_known + 1:] if e.get("histoStatutCode")]
        if not new_entries or new_entries[-1][0] != current_code:
            new_entries.append((current_code, None, None))
        for code, at, comment in new_entries:
            try:
                self._lifecycle.apply_chorus_status(record.id, code, at=at, comment=comment)
            except ChorusDesktopError as error:  # e.g. a move out of a final state: Chorus is odd, keep ours
                log.warning("Chorus status %s ignored for invoice %d: %s", code, record.id, error.code)
