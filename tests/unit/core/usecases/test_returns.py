"""The « À traiter » desk: sent-back invoices oldest first with the recipient's words, the meaning and the
one action; handled rejections leave it; late invoices join it; sync tells each once."""

from __future__ import annotations

import datetime as dt

from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures
from returnkit import chorus_id, deposited, sent_back

from chorus_desktop.core.domain.returns import ReturnAction
from chorus_desktop.core.states import InvoiceState


def test_worklist_oldest_first_with_comment_meaning_and_action(world: World) -> None:
    rejected = sent_back(world, "W-001", "REJETEE", "Montant erroné")
    suspended = sent_back(world, "W-002", "SUSPENDUE", "Joindre le BL")
    recycle = sent_back(world, "W-003", "A_RECYCLER", "Code service inconnu")
    deposited(world, "W-004")  # nothing to do
    items = world.chorus().returns.worklist()
    assert [(i.invoice_id, i.action) for i in items] == [
        (rejected, ReturnAction.CREDIT_NOTE), (suspended, ReturnAction.COMPLETE), (recycle, ReturnAction.RECYCLE)]
    assert [i.comment for i in items] == ["Montant erroné", "Joindre le BL", "Code service inconnu"]
    data = items[2].to_json()
    assert data["number"] == "W-003" and data["state_label"] == "À recycler" and data["action_label"] == "Recycler"
    assert "même numéro" not in data["meaning"] and "garde son numéro" in data["meaning"]


def test_a_handled_rejection_leaves_the_worklist(world: World) -> None:
    rejected = sent_back(world, "W-010", "REJETEE", "Doublon")
    chorus = world.chorus()
    chorus.rejections.acknowledge_rejection(rejected)
    assert chorus.returns.worklist() == []


def test_sync_notifies_a_sent_back_invoice_once(world: World) -> None:
    invoice_id = deposited(world, "W-020")
    world.sim.send_back(chorus_id(world, invoice_id), "SUSPENDUE", "Pièce manquante")
    first = world.chorus().sync.sync()
    assert [(n.invoice_id, n.state, n.comment) for n in first.notices] == [
        (invoice_id, InvoiceState.SUSPENDUE, "Pièce manquante")]
    assert world.chorus().sync.sync().notices == []


def test_a_late_invoice_joins_the_desk_and_is_notified_once(world: World) -> None:
    invoice_id = deposited(world, "W-030")
    world.sim.advance(chorus_id(world, invoice_id))  # MISE_A_DISPOSITION today
    world.chorus().sync.sync()
    later = dt.date.today() + dt.timedelta(days=45)
    later_now = dt.datetime.now(dt.UTC) + dt.timedelta(days=45)
    chorus = world.chorus(today=lambda: later, now=lambda: later_now)
    [item] = chorus.returns.worklist()
    assert item.action is ReturnAction.CLAIM_INTEREST and item.days_late == 15 and "15 jour(s)" in item.meaning
    assert chorus.payments.count_late() == 1
    report = chorus.sync.sync()
    assert [(n.invoice_id, n.days_late) for n in report.late] == [(invoice_id, 15)] and report.notices == []
    assert chorus.sync.sync().late == []
