"""Composition root shared by the desktop app, the CLI and the self-check: the store, the Chorus Pro
client cache and every use case, built once, each handed its collaborators.

    context = open_context(resolve_paths(data_dir), extractor=...)   # or build_context(store, ...)
    context.importing.import_files([...]); context.deposits.deposit([id]); context.close()
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from chorus_desktop.core.chorus.clients import ChorusClients, ClientFactory, default_client_factory
from chorus_desktop.core.domain.payment_clock import RateTable
from chorus_desktop.core.domain.rate_table import RATES_FILE_NAME, load_rate_table
from chorus_desktop.core.paths import AppPaths
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.core.usecases.checking import DepositChecker
from chorus_desktop.core.usecases.chorus_access import ChorusAccess
from chorus_desktop.core.usecases.completing import InvoiceCompletion
from chorus_desktop.core.usecases.connection_check import ConnectionCheck
from chorus_desktop.core.usecases.deposit import InvoiceDeposit
from chorus_desktop.core.usecases.directory import Directory
from chorus_desktop.core.usecases.directory_search import DirectorySearch
from chorus_desktop.core.usecases.editing import InvoiceEditing
from chorus_desktop.core.usecases.importing import Extractor, InvoiceImporting, in_thread_extractor
from chorus_desktop.core.usecases.interest_claim import InterestClaim
from chorus_desktop.core.usecases.invoice_writing import InvoiceWriting
from chorus_desktop.core.usecases.learning import Learning
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle
from chorus_desktop.core.usecases.list_export import ListExport
from chorus_desktop.core.usecases.payments import PaymentTracking
from chorus_desktop.core.usecases.profiles import ProfileManagement
from chorus_desktop.core.usecases.queries import InvoiceQueries
from chorus_desktop.core.usecases.recipient_check import RecipientCheck
from chorus_desktop.core.usecases.recovery import DepositRecovery
from chorus_desktop.core.usecases.recycling import InvoiceRecycling
from chorus_desktop.core.usecases.rejection import CreditNoteWriter, RejectionHandling
from chorus_desktop.core.usecases.restore import StoreRestore
from chorus_desktop.core.usecases.returns import ReturnsDesk
from chorus_desktop.core.usecases.supplier_guard import SupplierGuard
from chorus_desktop.core.usecases.sync import StatusSync


@dataclass
class AppContext:
    """Everything a front end (GUI, CLI, self-check) calls. `close()` closes the clients and the store."""

    store: Store
    clients: ChorusClients
    queries: InvoiceQueries
    lifecycle: InvoiceLifecycle
    importing: InvoiceImporting
    editing: InvoiceEditing
    profiles: ProfileManagement
    directory: Directory
    recovery: DepositRecovery
    deposits: InvoiceDeposit
    sync: StatusSync
    connection_check: ConnectionCheck
    access: ChorusAccess
    supplier: SupplierGuard
    directory_search: DirectorySearch
    payments: PaymentTracking
    returns: ReturnsDesk
    recycling: InvoiceRecycling
    completion: InvoiceCompletion
    rejections: RejectionHandling
    interest_claims: InterestClaim
    writing: InvoiceWriting
    learning: Learning
    list_export: ListExport
    recipient_check: RecipientCheck

    def close(self) -> None:
        self.clients.close()
        self.store.close()


def build_context(store: Store, *, extractor: Extractor = in_thread_extractor,
                  client_factory: ClientFactory = default_client_factory,
                  today: Callable[[], dt.date] = dt.date.today,
                  now: Callable[[], dt.datetime] = now_utc, rates: RateTable | None = None,
                  credit_notes: CreditNoteWriter | None = None,
                  sleep: Callable[[float], None] = time.sleep) -> AppContext:
    """Wire the use cases over an open store. `extractor` reads PDFs (the app passes its worker process);
    `client_factory` gives each profile its Chorus Pro client (keyring credentials by default, the
    simulator in the demo and the tests); `today` and `now` are the clocks the rules use; `rates` the ECB
    rates for late-payment interest (the shipped table by default); `credit_notes` writes the avoir of a
    rejected invoice (the invoice writer by default); `sleep` waits between the searches for an invoice
    Chorus Pro may hold (tests pass a recorder)."""
    clients = ChorusClients(client_factory)
    checker = DepositChecker(store, today)
    learning = Learning(store)
    lifecycle = InvoiceLifecycle(store, checker, learning)
    queries = InvoiceQueries(store)
    editing = InvoiceEditing(store, lifecycle, checker)
    directory = Directory(store, now)
    profiles = ProfileManagement(store, lifecycle)
    recovery = DepositRecovery(store, clients, lifecycle, now, sleep)
    payments = PaymentTracking(store, rates or load_rate_table(), today)
    writing = InvoiceWriting(store, checker, today)
    return AppContext(
        store=store, clients=clients, queries=queries, lifecycle=lifecycle,
        importing=InvoiceImporting(store, checker, extractor, learning),
        editing=editing,
        profiles=profiles,
        directory=directory,
        recovery=recovery,
        deposits=InvoiceDeposit(store, clients, directory, lifecycle, editing, queries, recovery),
        sync=StatusSync(store, clients, directory, lifecycle, now, recovery, payments=payments),
        connection_check=ConnectionCheck(store, clients, directory, now),
        access=ChorusAccess(clients),
        supplier=SupplierGuard(store, lifecycle, profiles, editing),
        directory_search=DirectorySearch(store, clients, directory),
        payments=payments,
        returns=ReturnsDesk(store, payments),
        recycling=InvoiceRecycling(store, clients, directory, lifecycle, checker),
        completion=InvoiceCompletion(store, clients, lifecycle),
        rejections=RejectionHandling(store, clients, lifecycle, credit_notes or writing, now),
        interest_claims=InterestClaim(store, payments, today),
        writing=writing,
        learning=learning,
        list_export=ListExport(queries),
        recipient_check=RecipientCheck(store, clients, directory, editing, lifecycle),
    )


def open_context(paths: AppPaths, *, extractor: Extractor = in_thread_extractor,
                 client_factory: ClientFactory = default_client_factory) -> AppContext:
    """Open (create, migrate) the store of `paths` and wire the use cases over it."""
    return build_context(Store.open(paths), extractor=extractor, client_factory=client_factory,
                         rates=load_rate_table(paths.data_dir / RATES_FILE_NAME))


def open_restore(paths: AppPaths) -> StoreRestore:
    """Restoring the database works on the paths alone: the store may not open before it."""
    return StoreRestore(paths)
