"""Handling a « Rejetée » invoice: traiterRejet once, then the injected credit-note writer (if any)."""

from __future__ import annotations

import pytest
from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures
from returnkit import chorus_id, sent_back

from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.usecases.rejection import CreditNoteWriter


class RecordingWriter:
    def __init__(self) -> None:
        self.calls: list[tuple[int, str | None]] = []

    def write_credit_note(self, rejected_invoice_id: int, reason: str | None) -> int:
        self.calls.append((rejected_invoice_id, reason))
        return 777


def test_acknowledge_rejection_calls_traiter_rejet_once(world: World) -> None:
    invoice_id = sent_back(world, "RJ-001", "REJETEE", "Montant erroné")
    chorus = world.chorus()
    world.sim.reset_counts()
    record = chorus.rejections.acknowledge_rejection(invoice_id)
    assert world.sim.calls["factures/v1/traiterRejet"] == 1 and world.sim.calls["factures/v1/soumettre"] == 0
    assert record.state is InvoiceState.REJETEE and record.chorus.rejection_handled_at is not None
    assert world.sim.backend.invoices[chorus_id(world, invoice_id)].rejection_handled
    with pytest.raises(UserFixableError, match="déjà été traité"):
        chorus.rejections.acknowledge_rejection(invoice_id)
    assert world.sim.calls["factures/v1/traiterRejet"] == 1


def test_credit_note_with_the_apps_writer_books_a_local_avoir(world: World) -> None:
    invoice_id = sent_back(world, "RJ-002", "REJETEE", "Mauvais taux de TVA")
    context = world.chorus()
    outcome = context.rejections.credit_note(invoice_id)
    assert outcome.acknowledged_now and outcome.writer_available and outcome.credit_note_id is not None
    avoir = context.queries.get_invoice(outcome.credit_note_id)
    assert (avoir.deposit.typeFacture, avoir.deposit.numeroFactureOrigine) == ("AVOIR", "RJ-002")
    assert avoir.state is InvoiceState.BROUILLON and world.sim.invoice_count() == 1  # not deposited


def test_credit_note_hands_the_rejected_invoice_to_the_writer(world: World) -> None:
    invoice_id = sent_back(world, "RJ-003", "REJETEE", "Prestation non commandée")
    writer = RecordingWriter()
    seam: CreditNoteWriter = writer
    chorus = world.chorus(credit_notes=seam)
    world.sim.reset_counts()
    outcome = chorus.rejections.credit_note(invoice_id)
    assert outcome.credit_note_id == 777 and writer.calls == [(invoice_id, "Prestation non commandée")]
    assert world.sim.calls["factures/v1/traiterRejet"] == 1 and world.sim.invoice_count() == 1
    again = chorus.rejections.credit_note(invoice_id)  # rejection already handled: only the writer runs
    assert not again.acknowledged_now and world.sim.calls["factures/v1/traiterRejet"] == 1


def test_credit_note_only_on_rejetee(world: World) -> None:
    invoice_id = sent_back(world, "RJ-004", "SUSPENDUE", "PJ")
    world.sim.reset_counts()
    with pytest.raises(UserFixableError, match="complete"):
        world.chorus().rejections.credit_note(invoice_id)
    assert world.sim.total_calls() == 0
