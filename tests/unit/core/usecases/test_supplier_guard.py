"""The supplier guard: an invoice printed by another company is never deposited under this profile unless
the user moves it or confirms the issuer; a drop without profile picks the printed supplier's profile."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures

from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN
from chorus_desktop.wiring import build_context

# Printed on the corpus file chorus-p01.pdf (see ../shared/corpus/truth.tsv): another company than the
# simulator's supplier, whose profile the `world` fixture creates.
PRINTED_NAME, PRINTED_SIRET = "BRICORAMA FRANCE", "40668031401116"


def import_other_company_invoice(world: World, corpus_dir: Path, profile_id: int | None) -> int:
    source = world.folder / "bricorama.pdf"
    shutil.copy(corpus_dir / "pdfs" / "chorus-p01.pdf", source)
    context = build_context(world.store)  # the real extraction engine
    [outcome] = context.importing.import_files([source], profile_id=profile_id, overrides={
        "codeDestinataire": RECIPIENT_PLAIN, "codeServiceExecutant": "", "numeroBonCommande": ""})
    assert outcome.invoice_id is not None, outcome.message
    return outcome.invoice_id


def test_an_invoice_of_another_company_is_blocked_until_its_issuer_is_confirmed(world: World,
                                                                                 corpus_dir: Path) -> None:
    invoice_id = import_other_company_invoice(world, corpus_dir, world.profile_id)
    chorus = world.chorus()
    # What the page leaves to type (the VAT of this old Chorus test invoice), as the user would.
    chorus.editing.update_deposit(invoice_id, {"montantTVA": "20.00", "ligneTva": [
        {"taux": 20, "base": "100.00", "tva": "20.00"}]})
    problems = chorus.lifecycle.validate(invoice_id)
    [guard] = [p for p in problems if p.code == "fournisseur_different"]
    assert guard.blocking and guard.field == "idFournisseur"
    assert f"émise par {PRINTED_NAME} (SIRET {PRINTED_SIRET}), pas par Fournisseur Démo" in guard.message

    [outcome] = chorus.deposits.deposit([invoice_id])
    assert not outcome.ok and "émise par" in outcome.message
    assert world.sim.invoice_count() == 0  # nothing reached Chorus Pro

    record = chorus.supplier.confirm_supplier(invoice_id)
    assert "fournisseur_different" not in [p.code for p in record.problems]
    comments = [change.comment or "" for change in chorus.queries.history(invoice_id)]
    assert comments[-2:] == [f"Fournisseur confirmé : l'émetteur imprimé ({PRINTED_SIRET}) est bien « Fournisseur Démo »",
                             "Validée : prête à l'envoi"]
    [outcome] = chorus.deposits.deposit([invoice_id])
    assert outcome.ok, outcome.message
    assert world.sim.invoice_count() == 1
    with pytest.raises(UserFixableError):  # nothing left to confirm once deposited
        chorus.supplier.confirm_supplier(invoice_id)


def test_a_drop_without_profile_never_takes_another_companys_profile(world: World, corpus_dir: Path) -> None:
    invoice_id = import_other_company_invoice(world, corpus_dir, None)
    context = build_context(world.store)
    record = context.queries.get_invoice(invoice_id)
    assert record.profile_id is None  # the only profile is another company's
    assert "profil_manquant" in [p.code for p in context.lifecycle.validate(invoice_id)]
    assert context.supplier.printed_supplier(invoice_id)["siret"] == PRINTED_SIRET

    profile = context.supplier.profile_from_invoice(invoice_id)
    assert (profile.name, profile.siret) == (PRINTED_NAME, PRINTED_SIRET)
    record = context.queries.get_invoice(invoice_id)
    assert record.profile_id == profile.id and record.state is InvoiceState.BROUILLON
    assert "fournisseur_different" not in [p.code for p in record.problems]

    second = world.folder / "bricorama-bis.pdf"
    second.write_bytes((corpus_dir / "pdfs" / "chorus-p01.pdf").read_bytes() + b"\n% autre copie\n")
    [outcome] = context.importing.import_files([second])
    assert context.queries.get_invoice(outcome.invoice_id or 0).profile_id == profile.id  # by printed SIRET
