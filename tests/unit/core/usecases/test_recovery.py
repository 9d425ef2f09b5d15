"""Exactly once, even in the race: a slow Chorus Pro stores an invoice before its search shows it.

The simulator's "lag" fault stores the invoice at once (its number is taken: 20108 for a second one) but
shows it in `rechercher/fournisseur` only later, and answers late too.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures

from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.texts import TEXTS
from chorus_desktop.core.usecases.recovery import LOOK_AGAIN_DELAYS, RECHECK_WINDOW
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

SOUMETTRE = "factures/v1/soumettre"
SEARCH = "factures/v1/rechercher/fournisseur"


def _revealing_sleep(world: World, number: str, after: int) -> list[float]:
    """A sleep for DepositRecovery that lets Chorus show `number` once it has been called `after` times."""
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == after:
            found = world.sim.backend.invoice_by_number(number)
            assert found is not None
            world.sim.backend.hide_from_search(found.id, 0)

    world.look_again_sleeps = sleep  # type: ignore[assignment]
    return waits


def test_own_number_refused_as_used_is_looked_for_again_and_adopted(world: World) -> None:
    """Lost answer, empty search, resend refused 20108: our invoice, adopted after growing waits."""
    invoice_id = world.add_invoice("F-R01")
    world.sim.inject("lag", SOUMETTRE, delay=30.0)  # the answer never comes in time (1 s client timeout)
    waits = _revealing_sleep(world, "F-R01", after=2)
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert outcome.ok and outcome.adopted, outcome.message
    assert waits == list(LOOK_AGAIN_DELAYS[:2])
    assert world.sim.invoice_count() == 1 and world.sim.calls[SOUMETTRE] == 2
    record = world.store.invoices.get(invoice_id)
    chorus = world.sim.backend.invoice_by_number("F-R01")
    assert chorus is not None and record.chorus.invoice_id == chorus.id
    assert record.state is InvoiceState.DEPOSEE and record.chorus.send_attempted_at is None


def test_unresolved_refusal_never_asks_to_renumber_and_sync_adopts_later(world: World) -> None:
    invoice_id = world.add_invoice("F-R02")
    world.sim.inject("lag", SOUMETTRE, delay=30.0)
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert not outcome.ok and outcome.state is InvoiceState.ERREUR_ENVOI
    assert outcome.message == TEXTS["numero_utilise_non_visible"].format(number="F-R02")
    assert "Ne changez pas son numéro" in outcome.message
    assert world.look_again_sleeps.waits == list(LOOK_AGAIN_DELAYS)  # bounded: ~15 s, then it concludes
    record = world.store.invoices.get(invoice_id)
    assert record.chorus.send_attempted_at is not None  # kept: Chorus may hold it
    assert not any(p.code == "chorus_refus" for p in record.problems)
    # Chorus Pro catches up; the background check (start-up, sync) adopts it.
    found = world.sim.backend.invoice_by_number("F-R02")
    assert found is not None
    world.sim.backend.hide_from_search(found.id, 0)
    [adopted] = world.chorus().recovery.recover_pending()
    assert adopted.ok and adopted.adopted and adopted.chorus_invoice_id == found.id
    record = world.store.invoices.get(invoice_id)
    assert record.state is InvoiceState.DEPOSEE and record.chorus.invoice_id == found.id
    assert world.sim.invoice_count() == 1


def test_retry_of_an_unresolved_invoice_looks_before_sending(world: World) -> None:
    invoice_id = world.add_invoice("F-R03")
    world.sim.inject("lag", SOUMETTRE, delay=30.0)
    world.chorus().deposits.deposit([invoice_id])
    calls = world.sim.calls[SOUMETTRE]
    _revealing_sleep(world, "F-R03", after=1)
    [again] = world.chorus().deposits.deposit([invoice_id])
    assert again.ok and again.adopted
    assert world.sim.calls[SOUMETTRE] == calls and world.sim.invoice_count() == 1


def test_an_attempt_chorus_never_shows_is_forgotten_after_the_window(world: World) -> None:
    invoice_id = world.add_invoice("F-R04")
    world.sim.inject("lag", SOUMETTRE, delay=30.0)
    world.chorus().deposits.deposit([invoice_id])
    assert world.chorus().recovery.recover_pending() == []  # not shown yet: still marked
    assert world.store.invoices.get(invoice_id).chorus.send_attempted_at is not None
    later = dt.datetime.now(dt.UTC) + RECHECK_WINDOW + dt.timedelta(hours=1)
    searches = world.sim.calls[SEARCH]
    assert world.chorus(now=lambda: later).recovery.recover_pending() == []
    assert world.sim.calls[SEARCH] == searches + 1
    assert world.store.invoices.get(invoice_id).chorus.send_attempted_at is None
    world.chorus().recovery.recover_pending()
    assert world.sim.calls[SEARCH] == searches + 1  # never searched again


def test_a_portal_homonym_is_still_a_refusal_on_a_first_attempt(world: World) -> None:
    world.sim.backend.seed_invoice("F-R05", RECIPIENT_PLAIN)
    invoice_id = world.add_invoice("F-R05")
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert not outcome.ok and "déjà été utilisé" in outcome.message
    assert world.look_again_sleeps.waits == []
    assert world.store.invoices.get(invoice_id).chorus.send_attempted_at is None


def test_kill_9_during_slow_soumettre_then_retries_and_sync_keep_one_invoice(world: World) -> None:
    """The scripted race: slow soumettre, real kill -9 of the CLI, immediate retry, a second retry, sync."""
    invoice_id = world.add_invoice("F-RACE")
    world.sim.inject("lag", SOUMETTRE, delay=2.0)
    env = {**os.environ, "CHORUS_DESKTOP_TOKEN_URL": world.sim.token_url, "CHORUS_DESKTOP_API_URL": world.sim.api_url,
           "CHORUS_DESKTOP_CLIENT_ID": world.sim.client_id, "CHORUS_DESKTOP_CLIENT_SECRET": world.sim.client_secret,
           "CHORUS_DESKTOP_TECH_LOGIN": world.sim.tech_login, "CHORUS_DESKTOP_TECH_PASSWORD": world.sim.tech_password}
    command = [sys.executable, "-m", "chorus_desktop", "deposit", str(invoice_id), "--yes"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert world.sim.wait_for(lambda: world.sim.invoice_count() == 1)  # Chorus stored it, no answer yet
    finally:
        process.kill()  # SIGKILL while soumettre is still waiting for its answer
        process.wait(timeout=10)
    assert world.store.invoices.get(invoice_id).state is InvoiceState.ENVOI_EN_COURS
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    sync = subprocess.run([sys.executable, "-m", "chorus_desktop", "sync"], env=env, capture_output=True, check=False,
                          text=True, timeout=60)
    assert "Traceback" not in first.stderr + second.stderr + sync.stderr
    assert first.returncode == 0, first.stdout + first.stderr
    assert sync.returncode == 0, sync.stdout + sync.stderr
    assert world.sim.invoice_count() == 1 and world.sim.calls[SOUMETTRE] == 1
    chorus = world.sim.backend.invoice_by_number("F-RACE")
    record = world.store.invoices.get(invoice_id)
    assert chorus is not None and record.chorus.invoice_id == chorus.id
    assert record.state is InvoiceState.from_chorus(chorus.status) and record.chorus.status_code == chorus.status


def test_the_periodic_sync_adopts_a_slow_deposit(world: World) -> None:
    invoice_id = world.add_invoice("F-R06")
    world.sim.inject("lag", SOUMETTRE, delay=30.0)
    world.chorus().deposits.deposit([invoice_id])
    found = world.sim.backend.invoice_by_number("F-R06")
    assert found is not None
    world.sim.backend.hide_from_search(found.id, 0)
    report = world.chorus().sync.sync()  # what the app's sync timer calls
    assert [o.invoice_id for o in report.adopted] == [invoice_id] and invoice_id in report.changed
    assert world.store.invoices.get(invoice_id).chorus.invoice_id == found.id
