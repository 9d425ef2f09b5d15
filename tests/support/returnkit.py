"""Helpers of the tests on invoices sent back: deposit through the simulator, then let the recipient send
the invoice back (as Chorus would) and sync it into the store."""

from __future__ import annotations

from typing import Any

from chorus_fixtures import World

from chorus_desktop.sandbox.data import RECIPIENT_PLAIN


def deposited(world: World, number: str, recipient: str = RECIPIENT_PLAIN, **fields: Any) -> int:
    invoice_id = world.add_invoice(number, recipient, **fields)
    outcome = world.chorus().deposits.deposit([invoice_id])[0]
    assert outcome.ok, outcome.message
    return invoice_id


def chorus_id(world: World, invoice_id: int) -> int:
    found = world.store.invoices.get(invoice_id).chorus.invoice_id
    assert found is not None
    return found


def sent_back(world: World, number: str, status: str, comment: str, recipient: str = RECIPIENT_PLAIN,
              **fields: Any) -> int:
    """A deposited invoice the recipient sent back as `status`, synced into the store."""
    invoice_id = deposited(world, number, recipient, **fields)
    world.sim.send_back(chorus_id(world, invoice_id), status, comment)
    report = world.chorus().sync.sync()
    assert invoice_id in report.changed and not report.errors, report
    return invoice_id
