"""Sync: cost grows with what changed, history with the recipient's comments, final states left alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures

from chorus_desktop.core.domain.deposit import Deposit
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN, SUPPLIER_ID


def deposited(world: World, number: str) -> int:
    invoice_id = world.add_invoice(number)
    assert world.chorus().deposits.deposit([invoice_id])[0].ok
    return invoice_id


def chorus_id(world: World, invoice_id: int) -> int:
    found = world.store.invoices.get(invoice_id).chorus.invoice_id
    assert found is not None
    return found


def test_status_change_with_comment_is_stored(world: World) -> None:
    invoice_id = deposited(world, "S-001")
    world.sim.advance(chorus_id(world, invoice_id))  # MISE_A_DISPOSITION
    world.sim.set_status(chorus_id(world, invoice_id), "SUSPENDUE", "Joindre le bon de livraison signé")
    report = world.chorus().sync.sync()
    assert report.changed == [invoice_id] and not report.errors
    assert world.store.invoices.get(invoice_id).state is InvoiceState.SUSPENDUE
    history = world.invoices.queries.history(invoice_id)
    assert [h.chorus_code for h in history if h.source == "chorus"][-2:] == ["MISE_A_DISPOSITION", "SUSPENDUE"]
    assert history[-1].comment == "Joindre le bon de livraison signé"


def test_nothing_changed_costs_two_calls(world: World) -> None:
    deposited(world, "S-002")
    world.sim.reset_counts()
    report = world.chorus().sync.sync()
    assert report.tracked == 1 and report.changed == []
    assert world.sim.total_calls() == 2  # token + one page of rechercher/fournisseur


def test_final_states_are_no_longer_polled(world: World) -> None:
    invoice_id = deposited(world, "S-003")
    world.sim.set_status(chorus_id(world, invoice_id), "REJETEE", "Numéro d'engagement inconnu")
    world.chorus().sync.sync()
    assert world.store.invoices.get(invoice_id).state is InvoiceState.REJETEE
    world.sim.reset_counts()
    report = world.chorus().sync.sync()
    assert report.tracked == 0 and world.sim.total_calls() == 0


def test_unknown_status_code_is_kept(world: World) -> None:
    invoice_id = deposited(world, "S-004")
    world.sim.set_status(chorus_id(world, invoice_id), "NOUVEAU_STATUT_2027")
    world.chorus().sync.sync()
    record = world.store.invoices.get(invoice_id)
    assert record.state is InvoiceState.AUTRE_STATUT_CHORUS and record.state_label == "NOUVEAU_STATUT_2027"


def test_sync_error_is_reported_not_raised(world: World) -> None:
    deposited(world, "S-005")
    world.sim.subscribed.discard("factures")
    report = world.chorus().sync.sync()
    assert report.errors and "API Factures" in report.errors[0]


def test_thousand_tracked_five_changed_at_most_ten_calls(world: World) -> None:
    long_ago = dt.datetime.now() - dt.timedelta(days=10)
    store = world.store
    store.profiles.update(world.profile_id, chorus_supplier_id=SUPPLIER_ID)
    ids: list[tuple[int, int]] = []
    with store.db.transaction() as conn:
        for n in range(1000):
            in_chorus = world.sim.backend.seed_invoice(f"M-{n:04}", RECIPIENT_PLAIN, at=long_ago)
            sha = f"{n:064x}"
            store.documents.register(sha256=sha, size=10, original_name=f"M-{n:04}.pdf",
                                     relative_path=f"{sha[:2]}/{sha}.pdf", is_text_pdf=True, page_count=1)
            deposit = Deposit(numeroFactureSaisi=f"M-{n:04}", codeDestinataire=RECIPIENT_PLAIN,
                              idFournisseur=SUPPLIER_ID, montantTtcTotal=Decimal("120.00"))
            local = store.invoices.insert(profile_id=world.profile_id, document_sha256=sha,
                                          state=InvoiceState.DEPOSEE, deposit=deposit, extraction={}, problems=[],
                                          supplier_siret=None, recipient_name=None)
            store.invoices.set_chorus_ids(local, chorus_invoice_id=in_chorus.id, certificate_fingerprint=None,
                                          deposited_at=long_ago.replace(tzinfo=dt.timezone.utc))
            store.invoices.set_state(local, InvoiceState.DEPOSEE, chorus_code="DEPOSEE", at=long_ago)
            store.history.add(local, InvoiceState.DEPOSEE, "chorus", chorus_code="DEPOSEE", at=long_ago)
            ids.append((local, in_chorus.id))
    store.profiles.set_last_sync(world.profile_id, now_utc() - dt.timedelta(hours=6))
    changed = ids[::200]
    for _, cpp in changed:
        world.sim.set_status(cpp, "MISE_A_DISPOSITION")
    world.sim.reset_counts()
    report = world.chorus().sync.sync()
    assert report.tracked == 1000
    assert sorted(report.changed) == sorted(local for local, _ in changed)
    assert world.sim.total_calls() <= 10, world.sim.calls
    assert world.sim.calls["factures/v1/consulter/historique"] == 5
    assert all(store.invoices.get(local).state is InvoiceState.MISE_A_DISPOSITION for local, _ in changed)
    assert store.invoices.get(ids[1][0]).state is InvoiceState.DEPOSEE


def test_mandatee_is_final_for_recipients_that_never_report_payment(world: World) -> None:
    from chorus_desktop.sandbox.data import RECIPIENT_NO_PAYMENT_REPORT

    reporting = deposited(world, "S-101")
    silent = world.add_invoice("S-102", RECIPIENT_NO_PAYMENT_REPORT)
    assert world.chorus().deposits.deposit([silent])[0].ok
    for invoice_id in (reporting, silent):
        world.sim.set_status(chorus_id(world, invoice_id), "MANDATEE")
    world.chorus().sync.sync()
    assert world.store.invoices.get(silent).state is InvoiceState.MANDATEE
    world.sim.reset_counts()
    report = world.chorus().sync.sync()
    assert report.tracked == 1  # only the invoice whose recipient will report "Mise en paiement"


def test_a_status_set_now_at_chorus_is_dated_now_in_the_history(world: World) -> None:
    # Chorus Pro writes French local times without an offset; the simulator must too, or a return would
    # show an hour (or two) before the deposit.
    invoice_id = world.add_invoice("TZ-001")
    assert world.chorus().deposits.deposit([invoice_id])[0].ok
    chorus_id = world.store.invoices.get(invoice_id).chorus.invoice_id
    world.sim.set_status(chorus_id, "SUSPENDUE", "Pièce manquante")
    world.chorus().sync.sync()
    [last] = world.store.history.list(invoice_id)[-1:]
    assert last.state is InvoiceState.SUSPENDUE
    assert abs((last.at - now_utc()).total_seconds()) < 120, (last.at, now_utc())
