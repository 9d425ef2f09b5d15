"""Editing before sending: rules by state, French errors, attachments, deletion."""

from __future__ import annotations

from pathlib import Path

import pytest
from usecasekit import TODAY, S, deposited, import_one, ready  # noqa: F401

from chorus_desktop.core.errors import NotFoundError, UserFixableError
from chorus_desktop.wiring import AppContext


def test_edit_rules_by_state(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = deposited(services, pdfs[0])
    with pytest.raises(UserFixableError):
        services.editing.update_deposit(invoice_id, {"commentaire": "trop tard"})
    services.lifecycle.apply_chorus_status(invoice_id, "A_RECYCLER", comment="Code service erroné")
    with pytest.raises(UserFixableError):
        services.editing.update_deposit(invoice_id, {"numeroFactureSaisi": "NOUVEAU"})
    record = services.editing.update_deposit(invoice_id, {"codeServiceExecutant": "SE02"})
    assert record.state is S.A_RECYCLER and record.deposit.codeServiceExecutant == "SE02"


def test_unknown_field_and_bad_values_are_french_errors(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = import_one(services, pdfs[0])
    for changes in ({"nope": "1"}, {"dateFacture": "32/13/2024"}, {"montantHtTotal": "abc"}, {"typeTva": "X"}):
        with pytest.raises(UserFixableError) as caught:
            services.editing.update_deposit(invoice_id, changes)
        assert caught.value.message
    with pytest.raises(NotFoundError):
        services.queries.get_invoice(999)


def test_attachments(services: AppContext, pdfs: list[Path], tmp_path: Path) -> None:
    invoice_id = import_one(services, pdfs[0])
    annex = tmp_path / "bon-de-livraison.pdf"
    annex.write_bytes(b"%PDF-1.4 annexe\n%%EOF\n")
    record = services.editing.add_attachment(invoice_id, annex, "BON_LIVRAISON")
    [attachment] = record.deposit.pieceJointeComplementaire
    assert attachment.designation == annex.name and services.queries.attachment_path(attachment).read_bytes() == annex.read_bytes()
    assert services.queries.payload(invoice_id)["pieceJointeComplementaire"][0]["pieceJointeComplementaireType"] == "BON_LIVRAISON"
    assert services.editing.remove_attachment(invoice_id, 0).deposit.pieceJointeComplementaire == []


def test_delete_a_draft_removes_its_files_but_not_shared_ones(services: AppContext, pdfs: list[Path],
                                                               tmp_path: Path) -> None:
    annex = tmp_path / "annexe.pdf"
    annex.write_bytes(b"%PDF-1.4 annexe commune\n%%EOF\n")
    first, second = import_one(services, pdfs[0]), import_one(services, pdfs[1])
    services.editing.add_attachment(first, annex)
    services.editing.add_attachment(second, annex)
    main_file = services.queries.document_path(first)
    [shared] = services.queries.get_invoice(first).deposit.pieceJointeComplementaire
    services.editing.delete_invoice(first)
    with pytest.raises(NotFoundError):
        services.queries.get_invoice(first)
    assert not main_file.exists()
    assert services.queries.attachment_path(shared).exists()  # still listed by the second invoice
    assert services.queries.dashboard()[S.BROUILLON] == 1
    assert services.store.db.conn.execute("SELECT count(*) FROM state_history WHERE invoice_id = ?",
                                          (first,)).fetchone()[0] == 0
    services.editing.delete_invoice(second)
    assert [p for p in services.store.documents.root.rglob("*") if p.is_file()] == []
    # The same file can be imported again afterwards.
    assert services.importing.import_files([pdfs[0]])[0].status == "imported"


def test_a_sent_invoice_cannot_be_deleted(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = deposited(services, pdfs[0])
    with pytest.raises(UserFixableError):
        services.editing.delete_invoice(invoice_id)
    assert services.queries.get_invoice(invoice_id).state is S.DEPOSEE


def test_the_net_a_payer_follows_a_change_of_cadre_unless_typed(services: AppContext, pdfs: list[Path]) -> None:
    from decimal import Decimal

    invoice_id = ready(services, pdfs[0])
    ttc = services.queries.get_invoice(invoice_id).deposit.montantTtcTotal
    assert ttc is not None and ttc > 0
    # A2 « déjà payée »: the net à payer becomes 0 (the rule says so), with nothing else typed.
    record = services.editing.update_deposit(invoice_id, {"codeCadreFacturation": "A2"})
    assert record.deposit.montantAPayer == Decimal("0.00")
    assert not [p for p in record.problems if p.field == "montantAPayer"]
    # Back to A1 with the zero left as it was (what the form sends): the TTC is to be paid again.
    record = services.editing.update_deposit(invoice_id, {"codeCadreFacturation": "A1", "montantAPayer": "0,00"})
    assert record.deposit.montantAPayer == ttc
    # A net typed along with the cadre is the user's.
    record = services.editing.update_deposit(invoice_id, {"codeCadreFacturation": "A2", "montantAPayer": "12,00"})
    assert record.deposit.montantAPayer == Decimal("12.00")
    # And the preview of typed values agrees with what saving does.
    services.editing.update_deposit(invoice_id, {"codeCadreFacturation": "A1", "montantAPayer": str(ttc)})
    preview = services.editing.preview_problems(invoice_id, {"codeCadreFacturation": "A2"})
    assert not [p for p in preview if p.field == "montantAPayer" and p.blocking]


def test_preview_problems_names_an_unreadable_value_and_saves_nothing(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = ready(services, pdfs[0])
    before = services.queries.get_invoice(invoice_id)
    problems = services.editing.preview_problems(invoice_id, {"montantHtTotal": "douze", "codeDestinataire": ""})
    by_field = {p.field: p for p in problems if p.blocking}
    assert "douze" in by_field["montantHtTotal"].message
    assert by_field["codeDestinataire"].code == "destinataire_manquant"
    after = services.queries.get_invoice(invoice_id)
    assert (after.state, after.deposit, after.problems) == (before.state, before.deposit, before.problems)
