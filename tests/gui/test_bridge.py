"""The bridge over the real core: a real SQLite file, real corpus PDFs, the simulator over loopback HTTP."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui.bridge import FORM_FIELDS, Bridge
from chorus_desktop.gui.views import ImportProgress, ProfileForm
from chorus_desktop.sandbox import Simulator
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN, RECIPIENT_SERVICE_REQUIRED, SUPPLIER_SIRET

from .window_driver import INVOICE, OTHER_INVOICE, as_the_demo_supplier, truth


def import_one(bridge: Bridge, corpus_dir: Path, name: str = INVOICE) -> int:
    report = bridge.import_paths([corpus_dir / "pdfs" / name])
    [invoice_id] = report.imported_ids
    return invoice_id


def make_ready(bridge: Bridge, invoice_id: int) -> None:
    """Route the invoice to a plain simulator recipient; what is left to pay is the total."""
    ttc = bridge.context.queries.get_invoice(invoice_id).deposit.montantTtcTotal
    view, _ = bridge.save_deposit(invoice_id, {"codeDestinataire": RECIPIENT_PLAIN, "codeServiceExecutant": "",
                                               "montantAPayer": ttc})
    assert [p.message for p in view.problems if p.blocking] == []


def test_import_reports_progress_per_file_and_explains_what_was_not_imported(bridge, corpus_dir, tmp_path) -> None:
    text_file = tmp_path / "devis.txt"
    text_file.write_text("pas une facture", encoding="utf-8")
    steps: list[ImportProgress] = []
    report = bridge.import_paths([corpus_dir / "pdfs" / INVOICE, text_file, corpus_dir / "pdfs" / OTHER_INVOICE],
                                 progress=steps.append)
    assert [o.status for o in report.outcomes] == ["imported", "failed", "imported"]
    stored = {s.id for s in bridge.context.queries.list_invoices()}
    assert set(report.imported_ids) == stored and len(stored) == 2
    assert [(s.done, s.total, s.file_name) for s in steps] == [
        (1, 3, INVOICE), (2, 3, "devis.txt"), (3, 3, OTHER_INVOICE)]
    [message] = report.messages
    assert message.startswith("« devis.txt » : ") and len(message) > len("« devis.txt » : ")


def test_snapshot_and_deposit_view_show_what_the_store_holds(bridge, corpus_dir) -> None:
    invoice_id = import_one(bridge, corpus_dir)
    expected = truth(corpus_dir, "fnfe-facture-fr")
    snapshot = bridge.snapshot()
    assert [s.invoice_number for s in snapshot.summaries] == [expected["invoice_number"]]
    record = bridge.context.queries.get_invoice(invoice_id)
    assert snapshot.counts.get(record.state) == 1 and sum(snapshot.counts.values()) == 1
    view, document = bridge.deposit_view(invoice_id)
    assert set(view.values) == set(FORM_FIELDS)
    assert view.values["numeroFactureSaisi"] == expected["invoice_number"]
    assert view.values["montantTtcTotal"] == record.deposit.montantTtcTotal
    assert view.editable and view.document_name == INVOICE
    assert [p.message for p in view.problems] == [p.message for p in bridge.context.lifecycle.validate(invoice_id)]
    assert document.exists() and document != corpus_dir / "pdfs" / INVOICE  # the store's copy
    assert document.read_bytes() == (corpus_dir / "pdfs" / INVOICE).read_bytes()
    assert [name for _, name in view.profiles] == [p.name for p in bridge.list_profiles()]


def test_edits_go_to_the_store_and_come_back_in_the_view_and_the_recap(bridge, corpus_dir, tmp_path) -> None:
    invoice_id = import_one(bridge, corpus_dir)
    view, _ = bridge.save_deposit(invoice_id, {"numeroMarche": "MARCHE-2024-12", "codeDestinataire": RECIPIENT_PLAIN})
    stored = bridge.context.queries.get_invoice(invoice_id).deposit
    assert stored.numeroMarche == "MARCHE-2024-12" and view.values["numeroMarche"] == "MARCHE-2024-12"
    other = bridge.context.profiles.add_profile("Menuiserie Martin", "73282932000074")
    view, _ = bridge.assign_profile(invoice_id, other.id)
    assert view.profile_id == other.id == bridge.context.queries.get_invoice(invoice_id).profile_id
    note = tmp_path / "bon-de-livraison.pdf"
    note.write_bytes((corpus_dir / "pdfs" / OTHER_INVOICE).read_bytes())
    view, _ = bridge.add_attachment(invoice_id, note)
    assert view.attachments == ["bon-de-livraison.pdf"]
    view, _ = bridge.remove_attachment(invoice_id, 0)
    assert view.attachments == [] and bridge.context.queries.get_invoice(invoice_id).deposit.pieceJointeComplementaire == []
    recap = bridge.recap(invoice_id)
    assert (recap.invoice_id, recap.number, recap.total_ttc) == (invoice_id, stored.numeroFactureSaisi,
                                                                 stored.montantTtcTotal)
    assert recap.recipient == RECIPIENT_PLAIN  # no name known yet for this SIRET


def test_recipient_lookup_asks_chorus_once_then_the_store_knows(bridge, corpus_dir, simulator: Simulator) -> None:
    invoice_id = import_one(bridge, corpus_dir)
    [demo] = [p for p in bridge.list_profiles() if p.siret == SUPPLIER_SIRET]
    bridge.assign_profile(invoice_id, demo.id)
    before = simulator.total_calls()
    spaced = RECIPIENT_SERVICE_REQUIRED[:7] + " " + RECIPIENT_SERVICE_REQUIRED[7:]  # as typed, with a space
    name, services = bridge.lookup_recipient(invoice_id, spaced)
    structure = simulator.backend.structure_by_siret(RECIPIENT_SERVICE_REQUIRED)
    assert name == structure.name
    assert services == [(s.code, s.label) for s in structure.services if s.active] and services
    assert simulator.total_calls() > before
    after = simulator.total_calls()
    assert bridge.recipient_info(RECIPIENT_SERVICE_REQUIRED) == (name, services)
    assert bridge.lookup_recipient(invoice_id, "1234") == (None, [])  # not a SIRET: Chorus Pro is not asked
    assert simulator.total_calls() == after


def test_send_sync_and_history_against_the_simulator(bridge, corpus_dir, simulator: Simulator) -> None:
    invoice_id = import_one(bridge, corpus_dir)
    as_the_demo_supplier(bridge.context, invoice_id)
    make_ready(bridge, invoice_id)
    assert [r.invoice_id for r in bridge.ready_recaps()] == [invoice_id]
    assert bridge.recover_pending() == []  # nothing was being sent
    result = bridge.send(invoice_id)
    assert result.ok, result.message
    record = bridge.context.queries.get_invoice(invoice_id)
    assert record.state is InvoiceState.DEPOSEE and simulator.invoice_count() == 1
    assert record.chorus.invoice_id is not None and str(record.chorus.invoice_id) in result.message
    assert result.number in result.message
    assert bridge.ready_recaps() == []
    assert not bridge.deposit_view(invoice_id)[0].editable

    simulator.set_status(record.chorus.invoice_id, "SUSPENDUE", "Merci de joindre le bon de livraison.")
    synced = bridge.sync()
    assert synced.changed == 1 and synced.errors == []
    [notice] = synced.notices
    assert (notice.invoice_id, notice.state, notice.comment) == (
        invoice_id, InvoiceState.SUSPENDUE, "Merci de joindre le bon de livraison.")
    view, _ = bridge.deposit_view(invoice_id)
    assert view.state_comment == "Merci de joindre le bon de livraison."
    number, changes = bridge.history(invoice_id)
    assert number == result.number
    assert [c.state for c in changes][-2:] == [InvoiceState.DEPOSEE, InvoiceState.SUSPENDUE]


def test_a_refused_send_is_a_result_not_an_exception(bridge, corpus_dir, simulator: Simulator) -> None:
    invoice_id = import_one(bridge, corpus_dir)
    as_the_demo_supplier(bridge.context, invoice_id)
    make_ready(bridge, invoice_id)
    simulator.inject("403", "factures/v1/soumettre", times=5)
    result = bridge.send(invoice_id)
    assert not result.ok and result.number in result.message
    assert bridge.context.queries.get_invoice(invoice_id).state is not InvoiceState.DEPOSEE


def test_profiles_keep_credentials_in_the_keyring_and_keep_what_is_left_empty(bridge) -> None:
    form = ProfileForm(None, "Menuiserie Martin", "73282932000074", "qualification", "mon-application",
                       "TECH_martin@cpro.fr", "TVA_SUR_DEBIT", "VIREMENT", client_secret="secret-1",
                       tech_password="motdepasse-1")
    profile = bridge.save_profile(form)
    account = f"profil-{profile.id}/qualification"
    assert keyring.get_password("chorus-desktop", f"{account}/client_secret") == "secret-1"
    [entry] = [e for e in bridge.profile_entries() if e.profile.id == profile.id]
    assert (entry.environment, entry.client_id, entry.tech_login, entry.has_credentials) == (
        "qualification", "mon-application", "TECH_martin@cpro.fr", True)
    assert "secret" not in repr(entry) and "secret" not in repr(form)
    again = ProfileForm(profile.id, "Menuiserie Martin SARL", "73282932000074", "qualification", "autre-application",
                        "", "TVA_SUR_ENCAISSEMENT", "CHEQUE")
    bridge.save_profile(again)
    assert keyring.get_password("chorus-desktop", f"{account}/client_id") == "autre-application"
    assert keyring.get_password("chorus-desktop", f"{account}/client_secret") == "secret-1"
    assert keyring.get_password("chorus-desktop", f"{account}/tech_login") == "TECH_martin@cpro.fr"
    stored = bridge.context.profiles.get_profile(profile.id)
    assert (stored.name, stored.default_vat_type, stored.default_payment_mode) == (
        "Menuiserie Martin SARL", "TVA_SUR_ENCAISSEMENT", "CHEQUE")


def test_connection_check_explains_each_step(bridge, simulator: Simulator) -> None:
    [demo] = [p for p in bridge.list_profiles() if p.siret == SUPPLIER_SIRET]
    simulator.reset_counts()
    steps = bridge.check_connection(demo.id)
    assert steps and all(step.ok for step in steps) and all(step.label for step in steps)
    assert simulator.total_calls() > 0


@pytest.mark.parametrize("siret", ["", "00000000000000"])
def test_unknown_recipients_have_no_name(bridge, siret: str) -> None:
    assert bridge.recipient_info(siret) == (None, [])
