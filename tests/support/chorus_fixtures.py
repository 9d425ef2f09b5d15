"""Shared fixtures for the Chorus Pro tests: a running simulator and a fast client (no real waiting)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from chorus_desktop.core.chorus.client import ChorusClient
from chorus_desktop.core.chorus.http import RetryPolicy
from chorus_desktop.sandbox import Simulator, start_simulator


class SleepRecorder:
    """Injected instead of time.sleep: records the waits, never waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


FAST_TIMEOUT = httpx.Timeout(1.0, connect=1.0)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    simulator = start_simulator()
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


def make_client(sim: Simulator, sleeps: SleepRecorder, credentials: object = None, **options: object) -> ChorusClient:
    return ChorusClient(sim.environment(), credentials or sim.credentials, timeout=FAST_TIMEOUT,  # type: ignore[arg-type]
                        retry=RetryPolicy(max_attempts=3, base_delay=0.5, max_delay=4.0, sleep=sleeps), **options)  # type: ignore[arg-type]


@pytest.fixture
def client(sim: Simulator, sleeps: SleepRecorder) -> Iterator[ChorusClient]:
    with make_client(sim, sleeps) as chorus:
        yield chorus


# ---------------------------------------------------------------------- a store wired to the simulator

import datetime as dt  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from storekit import FakeExtractor  # noqa: E402

from chorus_desktop.core.chorus.clients import fixed_client_factory  # noqa: E402
from chorus_desktop.core.paths import resolve_paths  # noqa: E402
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN, SUPPLIER_SIRET  # noqa: E402
from chorus_desktop.wiring import AppContext, build_context  # noqa: E402
from chorus_desktop.core.store import Store  # noqa: E402


@dataclass
class World:
    sim: Simulator
    store: Store
    invoices: AppContext
    sleeps: SleepRecorder
    folder: Path
    profile_id: int
    extractor: FakeExtractor = field(default_factory=FakeExtractor)
    services: list[AppContext] = field(default_factory=list)
    look_again_sleeps: SleepRecorder = field(default_factory=SleepRecorder)

    def chorus(self, credentials: Any = None, **options: Any) -> AppContext:
        factory = fixed_client_factory(self.sim.environment(), credentials or self.sim.credentials,
                                       timeout=FAST_TIMEOUT,
                                       retry=RetryPolicy(max_attempts=3, base_delay=0.5, sleep=self.sleeps))
        options.setdefault("sleep", self.look_again_sleeps)  # DepositRecovery's waits: recorded, not slept
        service = build_context(self.store, client_factory=factory, **options)
        self.services.append(service)
        return service

    def add_invoice(self, number: str, recipient: str = RECIPIENT_PLAIN, **fields: Any) -> int:
        """Import a (tiny, distinct) PDF whose extracted fields describe a valid invoice to `recipient`."""
        path = self.folder / f"{number.replace('/', '-')}.pdf"
        path.write_bytes(b"%PDF-1.4\n% facture " + number.encode() + b"\n%%EOF\n")
        self.extractor.by_name[path.name] = {"invoice_number": number, "buyer_siret": recipient,
                                             "supplier_siret": SUPPLIER_SIRET, "date": dt.date.today(), **fields}
        outcome = build_context(self.store, extractor=self.extractor).importing.import_files(
            [path], profile_id=self.profile_id)[0]
        assert outcome.invoice_id is not None, outcome.message
        return outcome.invoice_id


@pytest.fixture
def world(sim: Simulator, sleeps: SleepRecorder, tmp_path: Path) -> Iterator[World]:
    store = Store.open(resolve_paths())
    invoices = build_context(store)
    profile = invoices.profiles.add_profile("Fournisseur Démo", SUPPLIER_SIRET, settings={"environment": "qualification"})
    folder = tmp_path / "pdfs"
    folder.mkdir()
    w = World(sim, store, invoices, sleeps, folder, profile.id)
    try:
        yield w
    finally:
        for service in w.services:
            service.clients.close()  # the store is closed once, below
        store.close()
