"""Checking an invoice's recipient with Chorus Pro, then validating the invoice.

An invoice is « Prête » only once its recipient's parameters were read from Chorus Pro (a SIRET with the
right check digits may still be unknown there, inactive, or require a code service): the form asks as
soon as it shows an invoice, `chorus-desktop validate` before it checks. Without a connection (no
credentials yet, offline) the invoice is validated with what the store knows and the reason is returned. The same connection fills
the supplier's own Chorus ids (idFournisseur, bank account), as a deposit would.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from chorus_desktop.core.chorus.clients import ChorusClients
from chorus_desktop.core.domain.recipient import Recipient
from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.core.usecases.directory import Directory
from chorus_desktop.core.usecases.editing import InvoiceEditing
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle
from chorus_desktop.core.validation import RECIPIENT_UNCHECKED, is_ready

log = logging.getLogger(__name__)


@dataclass
class RecipientCheckOutcome:
    recipient: Recipient | None  # as the store knows it after the check (None: nothing known)
    problems: list[Problem] = field(default_factory=list)  # the invoice's problems after validation
    unavailable: str | None = None  # why Chorus Pro could not be asked (French), None when it answered


def _is_siret(text: str) -> bool:
    return len(text) == 14 and text.isdigit()


class RecipientCheck:
    def __init__(self, store: Store, clients: ChorusClients, directory: Directory, editing: InvoiceEditing,
                 lifecycle: InvoiceLifecycle) -> None:
        self._store = store
        self._clients = clients
        self._directory = directory
        self._editing = editing
        self._lifecycle = lifecycle

    def check(self, invoice_id: int, siret: str | None = None, *,
              unreachable: dict[int, str] | None = None) -> RecipientCheckOutcome:
        """Ask Chorus Pro (with the invoice's profile) for the parameters of `siret` — by default the
        invoice's own recipient; answers younger than a week are reused — then validate the invoice.
        `unreachable` (profile id -> why) skips the profiles that already failed in a batch, and learns
        the new failures."""
        record = self._store.invoices.get(invoice_id)
        siret = (siret if siret is not None else record.deposit.codeDestinataire or "").replace(" ", "")
        unreachable = {} if unreachable is None else unreachable
        unavailable = unreachable.get(record.profile_id) if record.profile_id is not None else None
        if _is_siret(siret) and record.profile_id is not None and unavailable is None:
            try:
                profile = self._store.profiles.get(record.profile_id)
                client = self._clients.client_for(profile)
                # The supplier's own Chorus ids come with the same connection (as before a deposit).
                self._editing.fill_supplier_ids(invoice_id, self._directory.ensure_supplier_ids(profile, client))
                self._directory.refresh_recipient(siret, client, profile=profile)
            except ChorusDesktopError as error:  # no credentials yet, offline: the store's knowledge stands
                log.info("recipient %s not checked: %s", siret, error.message)
                unavailable = unreachable[record.profile_id] = error.message
        problems = self._lifecycle.validate(invoice_id)
        return RecipientCheckOutcome(self._directory.get_recipient(siret) if siret else None, problems, unavailable)

    def check_waiting(self, invoice_ids: Iterable[int] | None = None) -> list[int]:
        """Check the recipient of each « Brouillon » invoice that nothing but the unchecked recipient holds
        back (among `invoice_ids`, or all); returns the ids now « Prête ». One failed connection is not
        retried for the other invoices of its profile."""
        unreachable: dict[int, str] = {}
        ready = []
        for invoice_id in (self._store.invoices.ids_in_state(InvoiceState.BROUILLON) if invoice_ids is None
                           else invoice_ids):
            record = self._store.invoices.get(invoice_id)
            if record.state is not InvoiceState.BROUILLON or not _waits_for_recipient(record.problems):
                continue
            outcome = self.check(invoice_id, unreachable=unreachable)
            if is_ready(outcome.problems):
                ready.append(invoice_id)
        return ready


def _waits_for_recipient(problems: Iterable[Problem]) -> bool:
    problems = list(problems)
    return not any(p.blocking for p in problems) and any(p.code == RECIPIENT_UNCHECKED for p in problems)
