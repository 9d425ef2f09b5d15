"""wiring.py builds every use case once, over one store and one Chorus Pro client cache."""

from __future__ import annotations

from pathlib import Path

from chorus_fixtures import FAST_TIMEOUT, World, sim, sleeps, world  # noqa: F401 - fixtures
from storekit import FakeExtractor

from chorus_desktop.core.chorus.client import ChorusClient
from chorus_desktop.core.chorus.clients import fixed_client_factory
from chorus_desktop.core.chorus.http import RetryPolicy
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.wiring import build_context, open_context


def test_the_deposit_and_the_sync_share_the_profiles_client_and_its_token(world: World) -> None:
    invoice_id = world.add_invoice("W-001")
    made: list[int] = []
    simulator_client = fixed_client_factory(world.sim.environment(), world.sim.credentials, timeout=FAST_TIMEOUT,
                                            retry=RetryPolicy(max_attempts=1, sleep=world.sleeps))

    def counting_factory(profile: Profile) -> ChorusClient:
        made.append(profile.id)
        return simulator_client(profile)

    context = build_context(world.store, client_factory=counting_factory)
    try:
        world.sim.reset_counts()
        assert context.deposits.deposit([invoice_id])[0].ok
        context.sync.sync()
        context.recovery.recover_pending()
    finally:
        context.clients.close()
    assert made == [world.profile_id]  # one client for the profile, reused by deposit, sync and recovery
    assert world.sim.calls["token"] == 1, world.sim.calls


def test_the_importing_use_case_reads_with_the_extractor_it_was_given(isolated_data_dir: Path,
                                                                       tmp_path: Path) -> None:
    extractor = FakeExtractor()
    context = open_context(resolve_paths(isolated_data_dir), extractor=extractor)
    try:
        pdf = tmp_path / "F-9.pdf"
        pdf.write_bytes(b"%PDF-1.4\n% une facture\n%%EOF\n")
        [outcome] = context.importing.import_files([pdf])
        assert outcome.status == "imported" and extractor.calls == [pdf]
        assert context.queries.get_invoice(outcome.invoice_id or 0).deposit.numeroFactureSaisi == "F-9"
    finally:
        context.close()
