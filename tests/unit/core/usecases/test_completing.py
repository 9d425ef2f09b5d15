"""Completing a « Suspendue » invoice: files checked like a deposit, uploaded, one `completer`."""

from __future__ import annotations

from pathlib import Path

import pytest
from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures
from returnkit import chorus_id, sent_back

from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import InvoiceState


def test_complete_uploads_each_file_then_calls_completer_once(world: World, tmp_path: Path) -> None:
    invoice_id = sent_back(world, "CP-001", "SUSPENDUE", "Joindre le bon de livraison")
    files = [tmp_path / "bon-de-livraison.pdf", tmp_path / "pv-reception.png"]
    files[0].write_bytes(b"%PDF-1.4 BL signe")
    files[1].write_bytes(b"\x89PNG pv")
    chorus = world.chorus()
    world.sim.reset_counts()
    record = chorus.completion.complete(invoice_id, files, "BL et PV joints")
    assert world.sim.calls["transverses/v1/ajouter/fichier"] == 2
    assert world.sim.calls["factures/v1/completer"] == 1 and world.sim.calls["factures/v1/soumettre"] == 0
    assert record.state is InvoiceState.COMPLETEE
    assert [a.designation for a in record.deposit.pieceJointeComplementaire] == [f.name for f in files]
    assert all(a.chorus_id for a in record.deposit.pieceJointeComplementaire)
    at_chorus = world.sim.backend.invoices[chorus_id(world, invoice_id)]
    assert at_chorus.status == "COMPLETEE" and len(at_chorus.attachments) == 2
    assert "BL et PV joints" in (world.invoices.queries.history(invoice_id)[-1].comment or "")
    stored = world.invoices.queries.attachment_path(record.deposit.pieceJointeComplementaire[0])
    assert stored.read_bytes() == files[0].read_bytes()


def test_files_chorus_would_refuse_are_refused_before_any_call(world: World, tmp_path: Path) -> None:
    invoice_id = sent_back(world, "CP-002", "SUSPENDUE", "Pièce")
    bad_type = tmp_path / "programme.exe"
    bad_type.write_bytes(b"MZ")
    too_big = tmp_path / "scan.pdf"
    too_big.write_bytes(b"0" * (10 * 1024 * 1024 + 1))
    long_name = tmp_path / ("x" * 60 + ".pdf")
    long_name.write_bytes(b"%PDF")
    chorus = world.chorus()
    world.sim.reset_counts()
    for path in (bad_type, too_big, long_name):
        with pytest.raises(UserFixableError):
            chorus.completion.complete(invoice_id, [path])
    with pytest.raises(UserFixableError, match="introuvable"):
        chorus.completion.complete(invoice_id, [tmp_path / "absent.pdf"])
    with pytest.raises(UserFixableError):
        chorus.completion.complete(invoice_id, [])
    assert world.sim.total_calls() == 0
    assert world.store.invoices.get(invoice_id).state is InvoiceState.SUSPENDUE


def test_complete_on_a_recycler_names_recycle(world: World, tmp_path: Path) -> None:
    invoice_id = sent_back(world, "CP-003", "A_RECYCLER", "Service")
    piece = tmp_path / "piece.pdf"
    piece.write_bytes(b"%PDF")
    chorus = world.chorus()
    world.sim.reset_counts()
    with pytest.raises(UserFixableError) as refused:
        chorus.completion.complete(invoice_id, [piece])
    assert "chorus-desktop recycle" in refused.value.message and "Rien n'a été envoyé" in refused.value.message
    assert world.sim.total_calls() == 0


def test_editing_a_suspended_invoice_names_complete(world: World, tmp_path: Path) -> None:
    invoice_id = sent_back(world, "CP-004", "SUSPENDUE", "PV")
    piece = tmp_path / "pv.pdf"
    piece.write_bytes(b"%PDF")
    with pytest.raises(UserFixableError, match="chorus-desktop complete"):
        world.invoices.editing.add_attachment(invoice_id, piece)
    deposit = world.chorus().deposits.deposit([invoice_id])[0]
    assert not deposit.ok and "chorus-desktop complete" in deposit.message
