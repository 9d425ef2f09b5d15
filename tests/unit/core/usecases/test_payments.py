"""Payment clocks from the stored history: the recipient's kind and contract, suspension, rejection, interest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures
from returnkit import chorus_id, deposited

from chorus_desktop.core.domain.payment_clock import BuyerKind, ClockStatus
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.sandbox.data import RECIPIENT_EJ_REQUIRED, RECIPIENT_PLAIN

TODAY = dt.date.today()


def test_deposited_invoice_is_due_30_days_after_it_was_made_available(world: World) -> None:
    invoice_id = deposited(world, "P-001")
    estimate = world.chorus().payments.payment_for(invoice_id)
    assert estimate is not None and estimate.clock.start_estimated
    assert estimate.due_date == TODAY + dt.timedelta(days=30)
    world.sim.advance(chorus_id(world, invoice_id))
    world.chorus().sync.sync()
    payment = world.chorus().payments.payment_for(invoice_id)
    assert payment is not None and not payment.clock.start_estimated and payment.clock.delay_days == 30
    assert payment.to_json()["payment_due_date"] == (TODAY + dt.timedelta(days=30)).isoformat()


def test_hospital_by_name_50_days_and_a_shorter_contract(world: World) -> None:
    invoice_id = deposited(world, "P-002", RECIPIENT_EJ_REQUIRED, po_number="EJ-1")
    payments = world.chorus().payments
    payment = payments.payment_for(invoice_id)
    assert payment is not None and payment.buyer_kind is BuyerKind.SANTE and payment.buyer_kind_guessed
    assert payment.clock.delay_days == 50
    payments.set_recipient_terms(RECIPIENT_EJ_REQUIRED, "sante", 20)
    payment = payments.payment_for(invoice_id)
    assert payment is not None and payment.clock.delay_days == 20 and not payment.buyer_kind_guessed
    with pytest.raises(UserFixableError):
        payments.set_recipient_terms(RECIPIENT_EJ_REQUIRED, "sante", 70)
    with pytest.raises(UserFixableError):
        payments.set_recipient_terms(RECIPIENT_PLAIN, "privee", None)


def test_suspended_then_completed_and_rejected(world: World) -> None:
    suspended = deposited(world, "P-003")
    world.sim.send_back(chorus_id(world, suspended), "SUSPENDUE", "PJ")
    rejected = deposited(world, "P-004")
    world.sim.send_back(chorus_id(world, rejected), "REJETEE", "Non")
    world.chorus().sync.sync()
    payments = world.chorus(today=lambda: TODAY + dt.timedelta(days=90)).payments.payments_for([suspended, rejected])
    assert payments[suspended].clock.status is ClockStatus.SUSPENDED and payments[suspended].days_late == 0
    assert payments[rejected].clock.status is ClockStatus.CANCELLED and payments[rejected].due_date is None


def test_late_invoice_owes_interest_and_the_indemnity(world: World) -> None:
    invoice_id = deposited(world, "P-005")
    world.sim.advance(chorus_id(world, invoice_id))
    world.chorus().sync.sync()
    payment = world.chorus(today=lambda: TODAY + dt.timedelta(days=40)).payments.payment_for(invoice_id)
    assert payment is not None and payment.days_late == 10 and payment.interest is not None
    assert payment.interest.indemnity == Decimal("40.00") and payment.interest.rate is not None
    assert payment.interest.rate == payment.interest.rate_period.ecb_rate + 8  # type: ignore[union-attr]
    assert payment.to_json()["late_interest"]["total"] == str(payment.interest.total)


def test_user_copy_of_the_rates_overrides_the_shipped_table(world: World, tmp_path: object) -> None:
    from pathlib import Path

    from chorus_desktop.core.domain.rate_table import load_rate_table

    copy = Path(str(tmp_path)) / "taux-bce.json"
    copy.write_text('{"periods": [{"half_year": "2030-S1", "ecb_rate": "5.00", "source": "moi"}]}', "utf-8")
    assert [p.half_year for p in load_rate_table(copy).periods] == ["2030-S1"]
    copy.write_text("pas du json", "utf-8")
    assert load_rate_table(copy).periods[0].half_year == "2023-S2"
