"""Recycling an « À recycler » invoice: routing checked against the directory, one `recycler`, same number."""

from __future__ import annotations

import pytest
from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures
from returnkit import chorus_id, sent_back

from chorus_desktop.core.chorus.times import PARIS
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.sandbox.data import RECIPIENT_INACTIVE, RECIPIENT_SERVICE_REQUIRED


def test_recycle_sends_the_new_routing_once_under_the_same_number(world: World) -> None:
    invoice_id = sent_back(world, "RC-001", "A_RECYCLER", "Code service manquant")
    chorus = world.chorus()
    world.sim.reset_counts()
    changes = chorus.recycling.routing_changes(RECIPIENT_SERVICE_REQUIRED, "SE-COMPTA", None)
    record = chorus.recycling.recycle(invoice_id, changes)
    assert world.sim.calls["factures/v1/recycler"] == 1 and world.sim.calls["factures/v1/soumettre"] == 0
    assert record.state is InvoiceState.DEPOSEE and record.deposit.numeroFactureSaisi == "RC-001"
    assert (record.deposit.codeDestinataire, record.deposit.codeServiceExecutant) == (
        RECIPIENT_SERVICE_REQUIRED, "SE-COMPTA")
    at_chorus = world.sim.backend.invoices[chorus_id(world, invoice_id)]
    assert (at_chorus.number, at_chorus.recipient.siret, at_chorus.service_code) == (
        "RC-001", RECIPIENT_SERVICE_REQUIRED, "SE-COMPTA")
    assert world.sim.invoice_count() == 1
    last = world.invoices.queries.history(invoice_id)[-1]
    assert "Recyclée" in (last.comment or "") and "SE-COMPTA" in (last.comment or "")
    recipient = world.store.recipients.get(RECIPIENT_SERVICE_REQUIRED)
    assert recipient is not None and recipient.last_service_code == "SE-COMPTA"


def test_routing_the_directory_refuses_is_not_sent(world: World) -> None:
    invoice_id = sent_back(world, "RC-002", "A_RECYCLER", "SIRET erroné")
    chorus = world.chorus()
    world.sim.reset_counts()
    with pytest.raises(UserFixableError, match="code service"):
        chorus.recycling.recycle(invoice_id, {"codeDestinataire": RECIPIENT_SERVICE_REQUIRED})
    with pytest.raises(UserFixableError, match="inactif"):
        chorus.recycling.recycle(invoice_id, {"codeDestinataire": RECIPIENT_SERVICE_REQUIRED,
                                              "codeServiceExecutant": "SE-ANCIEN"})
    with pytest.raises(UserFixableError):
        chorus.recycling.recycle(invoice_id, {"codeDestinataire": RECIPIENT_INACTIVE})
    assert world.sim.calls["factures/v1/recycler"] == 0
    assert world.store.invoices.get(invoice_id).state is InvoiceState.A_RECYCLER


def test_only_routing_fields_and_only_a_recycler(world: World) -> None:
    invoice_id = sent_back(world, "RC-003", "SUSPENDUE", "Pièce manquante")
    recyclable = sent_back(world, "RC-004", "A_RECYCLER", "EJ")
    chorus = world.chorus()
    world.sim.reset_counts()
    with pytest.raises(UserFixableError, match="complete"):
        chorus.recycling.recycle(invoice_id, {})
    with pytest.raises(UserFixableError, match="garde son numéro"):
        chorus.recycling.recycle(recyclable, {"numeroFactureSaisi": "RC-999"})
    assert world.sim.total_calls() == 0


def test_other_actions_on_a_recycler_name_recycle_before_any_call(world: World) -> None:
    invoice_id = sent_back(world, "RC-005", "A_RECYCLER", "Mauvais destinataire")
    chorus = world.chorus()
    world.sim.reset_counts()
    outcome = chorus.deposits.deposit([invoice_id])[0]
    assert not outcome.ok and "recycle" in outcome.message and "portail" not in outcome.message
    with pytest.raises(UserFixableError, match="recycle"):
        chorus.completion.complete(invoice_id, [], "commentaire")
    with pytest.raises(UserFixableError, match="recycle"):
        chorus.rejections.acknowledge_rejection(invoice_id)
    assert world.sim.total_calls() == 0


def test_after_recycling_sync_follows_the_new_routing_and_the_clock_restarts(world: World) -> None:
    invoice_id = sent_back(world, "RC-006", "A_RECYCLER", "Service")
    chorus = world.chorus()
    chorus.recycling.recycle(invoice_id, {"codeDestinataire": RECIPIENT_SERVICE_REQUIRED,
                                          "codeServiceExecutant": "SE-COMPTA"})
    assert chorus.sync.sync().changed == []  # Chorus says DEPOSEE, as recorded
    world.sim.advance(chorus_id(world, invoice_id))
    assert world.chorus().sync.sync().changed == [invoice_id]
    history = world.invoices.queries.history(invoice_id)
    assert [h.state for h in history][-3:] == [InvoiceState.A_RECYCLER, InvoiceState.DEPOSEE,
                                               InvoiceState.MISE_A_DISPOSITION]
    payment = world.chorus().payments.payment_for(invoice_id)
    assert payment is not None and not payment.clock.start_estimated
    assert payment.clock.started_on == history[-1].at.astimezone(PARIS).date()


def test_a_refusal_by_chorus_changes_nothing_locally(world: World) -> None:
    invoice_id = sent_back(world, "RC-007", "A_RECYCLER", "Service")
    chorus = world.chorus()
    # The directory is read once (then cached for a week), and Chorus changes meanwhile.
    chorus.directory.refresh_recipient(RECIPIENT_SERVICE_REQUIRED,
                                       chorus.clients.client_for(world.store.profiles.get(world.profile_id)))
    structure = world.sim.backend.structure_by_siret(RECIPIENT_SERVICE_REQUIRED)
    assert structure is not None
    structure.services[0].active = False  # SE-COMPTA closed at Chorus since our last look
    world.sim.reset_counts()
    with pytest.raises(UserFixableError, match="Chorus Pro a refusé"):
        chorus.recycling.recycle(invoice_id, {"codeDestinataire": RECIPIENT_SERVICE_REQUIRED,
                                              "codeServiceExecutant": "SE-COMPTA"})
    assert world.sim.calls["factures/v1/recycler"] == 1
    record = world.store.invoices.get(invoice_id)
    assert record.state is InvoiceState.A_RECYCLER and record.deposit.codeServiceExecutant != "SE-COMPTA"
