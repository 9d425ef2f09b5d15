"""Deposit through the real client and the simulator: validation first, business errors, exactly once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures

from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.sandbox.data import (
    RECIPIENT_INACTIVE,
    RECIPIENT_PLAIN,
    RECIPIENT_SERVICE_REQUIRED,
    SUPPLIER_BANK_ACCOUNT_ID,
    SUPPLIER_ID,
    UNKNOWN_SIRET,
)
from chorus_desktop.wiring import AppContext, build_context


def test_happy_deposit_records_chorus_ids(world: World) -> None:
    invoice_id = world.add_invoice("F-001")
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert outcome.ok, outcome.message
    record = world.store.invoices.get(invoice_id)
    assert record.state is InvoiceState.DEPOSEE
    in_chorus = world.sim.backend.invoice_by_number("F-001")
    assert in_chorus is not None and record.chorus.invoice_id == in_chorus.id
    assert record.chorus.certificate_fingerprint == in_chorus.fingerprint
    assert record.chorus.deposited_at is not None
    profile = world.store.profiles.get(world.profile_id)
    assert (profile.chorus_supplier_id, profile.chorus_bank_account_id) == (SUPPLIER_ID, SUPPLIER_BANK_ACCOUNT_ID)
    assert in_chorus.deposit_mode == "DEPOT_PDF_API" and in_chorus.total_ttc == 120
    assert len(world.sim.backend.attachments) == 1


def test_recipient_cached_then_rechecked_after_a_week(world: World) -> None:
    first, second, third = (world.add_invoice(f"F-10{n}") for n in range(3))
    chorus = world.chorus()
    assert all(o.ok for o in chorus.deposits.deposit([first, second]))
    assert world.sim.calls["structures/v1/rechercher"] == 1
    recipient = world.store.recipients.get(RECIPIENT_PLAIN)
    assert recipient is not None and recipient.chorus_structure_id is not None and recipient.checked_at is not None
    later = world.chorus(now=lambda: recipient.checked_at + dt.timedelta(days=8))  # type: ignore[operator]
    assert later.deposits.deposit([third])[0].ok
    assert world.sim.calls["structures/v1/rechercher"] == 2


def test_blocking_problem_sends_nothing(world: World) -> None:
    invoice_id = world.add_invoice("F-201", RECIPIENT_SERVICE_REQUIRED)  # needs a code service
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert not outcome.ok and "code service" in outcome.message
    assert world.sim.calls["factures/v1/soumettre"] == 0 and world.sim.calls["transverses/v1/ajouter/fichier"] == 0
    assert world.store.invoices.get(invoice_id).state is InvoiceState.BROUILLON


def test_unknown_and_inactive_recipients_are_caught_before_sending(world: World) -> None:
    unknown = world.add_invoice("F-202", UNKNOWN_SIRET)
    inactive = world.add_invoice("F-203", RECIPIENT_INACTIVE)
    outcomes = world.chorus().deposits.deposit([unknown, inactive])
    assert [o.ok for o in outcomes] == [False, False]
    assert "n'est pas référencé" in outcomes[0].message and "inactif" in outcomes[1].message
    assert world.sim.calls["factures/v1/soumettre"] == 0
    assert world.store.invoices.get(unknown).blocking_problems


def test_service_requiring_an_engagement_is_checked_before_sending(world: World) -> None:
    invoice_id = world.add_invoice("F-204", RECIPIENT_SERVICE_REQUIRED, service_code="SE-ACHATS")
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert not outcome.ok and "engagement" in outcome.message
    assert world.sim.calls["factures/v1/soumettre"] == 0
    assert world.sim.calls["structures/v1/consulter/service"] == 1
    world.invoices.editing.update_deposit(invoice_id, {"numeroBonCommande": "EJ-2024-17"})
    assert world.chorus().deposits.deposit([invoice_id])[0].ok
    assert world.sim.backend.invoice_by_number("F-204").po_number == "EJ-2024-17"  # type: ignore[union-attr]


def test_chorus_refusal_becomes_a_french_message_and_stays_fixable(world: World) -> None:
    world.sim.backend.seed_invoice("F-301", RECIPIENT_PLAIN)  # already deposited from the portal
    invoice_id = world.add_invoice("F-301")
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert not outcome.ok and "déjà été utilisé" in outcome.message
    record = world.store.invoices.get(invoice_id)
    assert record.state is InvoiceState.ERREUR_ENVOI
    assert any(p.code == "chorus_refus" for p in record.problems)
    assert world.invoices.queries.history(invoice_id)[-1].comment == outcome.message
    # Fixed (new number), it can be sent again.
    world.invoices.editing.update_deposit(invoice_id, {"numeroFactureSaisi": "F-301-B"})
    assert world.chorus().deposits.deposit([invoice_id])[0].ok


def test_batch_continues_after_a_failure(world: World) -> None:
    world.sim.backend.seed_invoice("F-402", RECIPIENT_PLAIN)
    ids = [world.add_invoice(n) for n in ("F-401", "F-402", "F-403")]
    seen: list[int] = []
    outcomes = world.chorus().deposits.deposit(ids, progress=lambda done, total, o: seen.append(done))
    assert [o.ok for o in outcomes] == [True, False, True]
    assert seen == [1, 2, 3]


def test_dropped_connection_after_chorus_accepted_creates_one_invoice(world: World) -> None:
    invoice_id = world.add_invoice("F-501")
    world.sim.inject("drop_after", "factures/v1/soumettre")
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert outcome.ok and outcome.adopted
    assert world.sim.invoice_count() == 1 and world.sim.calls["factures/v1/soumettre"] == 1
    record = world.store.invoices.get(invoice_id)
    assert record.state is InvoiceState.DEPOSEE
    assert record.chorus.invoice_id == world.sim.backend.invoice_by_number("F-501").id  # type: ignore[union-attr]


def test_server_error_on_soumettre_checks_then_sends_again(world: World) -> None:
    invoice_id = world.add_invoice("F-502")
    world.sim.inject("500", "factures/v1/soumettre")  # refused before being processed
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert outcome.ok and not outcome.adopted
    assert world.sim.calls["factures/v1/soumettre"] == 2 and world.sim.calls["factures/v1/rechercher/fournisseur"] == 1
    assert world.sim.invoice_count() == 1


def test_crash_between_sending_and_answer_is_recovered_at_start(world: World) -> None:
    invoice_id = world.add_invoice("F-601")
    world.sim.inject("drop_after", "factures/v1/soumettre")
    world.sim.inject("drop", "factures/v1/rechercher/fournisseur", times=3)  # and Chorus unreachable afterwards
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert not outcome.ok and outcome.state is InvoiceState.ENVOI_EN_COURS
    assert world.store.invoices.get(invoice_id).state is InvoiceState.ENVOI_EN_COURS
    # The application restarts: a new store connection and a new service instance.
    with Store.open_file(world.store.db.path, world.store.documents.root) as reopened:
        world.store = reopened
        [recovered] = world.chorus().recovery.recover_pending()
        assert recovered.ok and recovered.adopted
        assert reopened.invoices.get(invoice_id).state is InvoiceState.DEPOSEE
        # Sending again does nothing: still one invoice in Chorus Pro.
        assert not world.chorus().deposits.deposit([invoice_id])[0].ok
    assert world.sim.invoice_count() == 1 and world.sim.calls["factures/v1/soumettre"] == 1


def test_crash_before_soumettre_left_nothing_so_invoice_is_ready_again(world: World) -> None:
    invoice_id = world.add_invoice("F-602")
    world.chorus().directory.ensure_supplier_ids(world.store.profiles.get(world.profile_id),
                                       world.chorus().clients.client_for(world.store.profiles.get(world.profile_id)))
    world.invoices.editing.update_deposit(invoice_id, {"idFournisseur": SUPPLIER_ID})
    world.chorus().recipient_check.check(invoice_id)  # « Prête » once its recipient was checked
    world.invoices.lifecycle.mark_sending(invoice_id)  # ...and the process died here
    [recovered] = world.chorus().recovery.recover_pending()
    assert recovered.ok and recovered.state is InvoiceState.PRETE
    assert world.chorus().deposits.deposit([invoice_id])[0].ok
    assert world.sim.invoice_count() == 1


def test_next_attempt_adopts_instead_of_resending(world: World) -> None:
    invoice_id = world.add_invoice("F-603")
    world.sim.inject("drop_after", "factures/v1/soumettre")
    world.sim.inject("drop", "factures/v1/rechercher/fournisseur", times=3)
    world.chorus().deposits.deposit([invoice_id])
    [again] = world.chorus().deposits.deposit([invoice_id])
    assert again.ok and again.adopted
    assert world.sim.invoice_count() == 1 and world.sim.calls["factures/v1/soumettre"] == 1


def test_transient_errors_are_retried(world: World) -> None:
    invoice_id = world.add_invoice("F-701")
    world.sim.inject("429", "transverses/v1/ajouter/fichier", retry_after=7)
    world.sim.inject("500", "structures/v1/rechercher")
    world.sim.inject("expire_token", "factures/v1/soumettre")
    [outcome] = world.chorus().deposits.deposit([invoice_id])
    assert outcome.ok, outcome.message
    assert 7.0 in world.sleeps.waits
    assert world.sim.calls["token"] == 2


def test_wrong_credentials_fail_the_batch_fast_with_an_explanation(world: World) -> None:
    ids = [world.add_invoice(n) for n in ("F-801", "F-802")]
    stale = world.sim.credentials
    world.sim.client_secret = "changed-on-piste"
    outcomes = world.chorus(stale).deposits.deposit(ids)
    assert [o.ok for o in outcomes] == [False, False]
    assert all("client_secret" in o.message for o in outcomes)
    assert world.sim.calls["token"] == 1  # the second invoice did not hammer PISTE
    assert all(world.store.invoices.get(i).state in (InvoiceState.BROUILLON, InvoiceState.PRETE) for i in ids)


def test_already_deposited_invoice_is_never_sent_twice(world: World) -> None:
    invoice_id = world.add_invoice("F-901")
    chorus: AppContext = world.chorus()
    assert chorus.deposits.deposit([invoice_id])[0].ok
    again = chorus.deposits.deposit([invoice_id])[0]
    assert not again.ok and "déjà déposée" in again.message
    assert world.sim.invoice_count() == 1


def test_kill_9_during_soumettre_then_restart_adopts(world: World) -> None:
    """The real CLI is killed while Chorus Pro holds its soumettre; Chorus then registers the invoice."""
    import os
    import subprocess
    import sys

    invoice_id = world.add_invoice("F-KILL")
    world.sim.inject("hold", "factures/v1/soumettre")
    env = {**os.environ, "CHORUS_DESKTOP_TOKEN_URL": world.sim.token_url, "CHORUS_DESKTOP_API_URL": world.sim.api_url,
           "CHORUS_DESKTOP_CLIENT_ID": world.sim.client_id, "CHORUS_DESKTOP_CLIENT_SECRET": world.sim.client_secret,
           "CHORUS_DESKTOP_TECH_LOGIN": world.sim.tech_login, "CHORUS_DESKTOP_TECH_PASSWORD": world.sim.tech_password}
    process = subprocess.Popen([sys.executable, "-m", "chorus_desktop", "deposit", str(invoice_id), "--yes"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert world.sim.wait_for(lambda: world.sim.calls["factures/v1/soumettre"] >= 1)
    finally:
        process.kill()  # SIGKILL: no cleanup, no answer read
        process.wait(timeout=10)
    assert world.store.invoices.get(invoice_id).state is InvoiceState.ENVOI_EN_COURS
    world.sim.release_held()
    assert world.sim.wait_for(lambda: world.sim.invoice_count() == 1)
    [recovered] = world.chorus().recovery.recover_pending()
    assert recovered.ok and recovered.adopted
    assert world.store.invoices.get(invoice_id).state is InvoiceState.DEPOSEE
    assert world.sim.invoice_count() == 1 and world.sim.calls["factures/v1/soumettre"] == 1


def test_corrected_credentials_are_used_on_the_next_attempt(world: World) -> None:
    from chorus_desktop.core.chorus.client import ChorusClient
    from chorus_desktop.core.credentials import ChorusCredentials

    invoice_id = world.add_invoice("F-950")
    current = {"secret": "ancien-secret"}
    sim = world.sim

    def factory(profile: object) -> ChorusClient:  # reads the credentials as they are *now*
        return ChorusClient(sim.environment(), ChorusCredentials(sim.client_id, current["secret"], sim.tech_login,
                                                                 sim.tech_password))

    chorus = build_context(world.store, client_factory=factory)
    world.services.append(chorus)
    assert not chorus.deposits.deposit([invoice_id])[0].ok
    current["secret"] = sim.client_secret  # the user fixed them in the settings
    assert chorus.deposits.deposit([invoice_id])[0].ok


def test_timeout_on_soumettre_never_makes_a_second_invoice(world: World) -> None:
    """The first soumettre is stuck in Chorus past our timeout; we check, resend, then the stuck one lands."""
    import httpx

    from chorus_desktop.core.chorus.client import ChorusClient
    from chorus_desktop.core.chorus.http import RetryPolicy

    invoice_id = world.add_invoice("F-960")
    sim = world.sim
    sim.inject("hold", "factures/v1/soumettre")
    chorus = build_context(world.store, client_factory=lambda profile: ChorusClient(
        sim.environment(), sim.credentials, timeout=httpx.Timeout(0.3),
        retry=RetryPolicy(max_attempts=3, base_delay=0.1, sleep=world.sleeps)))
    world.services.append(chorus)
    [outcome] = chorus.deposits.deposit([invoice_id])
    assert outcome.ok and sim.invoice_count() == 1
    sim.release_held()  # the stuck request is processed now: Chorus refuses the duplicate number
    assert sim.wait_for(lambda: len([e for e in sim.exchanges if e[0] == "factures/v1/soumettre"]) == 2)
    assert sim.invoice_count() == 1
    assert world.store.invoices.get(invoice_id).chorus.invoice_id == sim.backend.invoice_by_number("F-960").id  # type: ignore[union-attr]


def test_recovery_does_not_adopt_a_different_invoice_with_the_same_number(world: World) -> None:
    invoice_id = world.add_invoice("F-970")
    world.chorus().directory.ensure_supplier_ids(world.store.profiles.get(world.profile_id),
                                       world.chorus().clients.client_for(world.store.profiles.get(world.profile_id)))
    world.invoices.editing.update_deposit(invoice_id, {"idFournisseur": SUPPLIER_ID})
    world.chorus().recipient_check.check(invoice_id)  # « Prête » once its recipient was checked
    world.invoices.lifecycle.mark_sending(invoice_id)  # crashed before soumettre...
    world.sim.backend.seed_invoice("F-970", RECIPIENT_PLAIN, total_ht=Decimal("999.00"))  # ...portal deposit
    [outcome] = world.chorus().recovery.recover_pending()
    assert not outcome.ok and "autre montant" in outcome.message
    record = world.store.invoices.get(invoice_id)
    assert record.state is InvoiceState.ERREUR_ENVOI and record.chorus.invoice_id is None
