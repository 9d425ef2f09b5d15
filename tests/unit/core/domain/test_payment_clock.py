"""The payment clock on the legal cases: State 30 days, hospital 50, public company 60, a shorter
contract, suspension and restart (30 days or the balance), rejection, recycling; interest and indemnity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chorus_desktop.core.domain.payment_clock import (
    BuyerKind,
    ClockEvent,
    ClockStatus,
    RatePeriod,
    RateTable,
    compute_clock,
    guess_buyer_kind,
    late_interest,
    payment_delay,
)
from chorus_desktop.core.domain.rate_table import parse_rate_table, shipped_rate_table
from chorus_desktop.core.states import InvoiceState as S

D = dt.date


def events(*items: tuple[S, dt.date]) -> list[ClockEvent]:
    return [ClockEvent(state, day) for state, day in items]


def test_state_buyer_has_30_days_from_the_day_it_was_made_available() -> None:
    clock = compute_clock(events((S.DEPOSEE, D(2026, 3, 2)), (S.MISE_A_DISPOSITION, D(2026, 3, 3))),
                          payment_delay(BuyerKind.ETAT_COLLECTIVITE))
    assert clock.status is ClockStatus.RUNNING and not clock.start_estimated
    assert clock.started_on == D(2026, 3, 3) and clock.due_date == D(2026, 4, 2)
    assert clock.days_late(D(2026, 4, 2)) == 0 and clock.days_late(D(2026, 4, 12)) == 10


def test_public_hospital_has_50_days_and_a_public_company_60() -> None:
    made_available = events((S.MISE_A_DISPOSITION, D(2026, 1, 10)))
    assert compute_clock(made_available, payment_delay(BuyerKind.SANTE)).due_date == D(2026, 3, 1)
    assert compute_clock(made_available, payment_delay(BuyerKind.ENTREPRISE_PUBLIQUE)).due_date == D(2026, 3, 11)
    assert guess_buyer_kind("CENTRE HOSPITALIER DE DÉMOVILLE") is BuyerKind.SANTE
    assert guess_buyer_kind("COMMUNE DE DÉMOVILLE") is BuyerKind.ETAT_COLLECTIVITE


def test_a_contract_may_only_shorten_the_delay() -> None:
    assert payment_delay(BuyerKind.ETAT_COLLECTIVITE, 20) == 20
    assert payment_delay(BuyerKind.ETAT_COLLECTIVITE, 45) == 30
    assert payment_delay(BuyerKind.SANTE, None) == 50


def test_deposit_day_is_an_estimate_until_the_history_shows_the_made_available_day() -> None:
    clock = compute_clock(events((S.DEPOSEE, D(2026, 5, 4))), 30)
    assert clock.start_estimated and clock.due_date == D(2026, 6, 3)
    later = compute_clock(events((S.DEPOSEE, D(2026, 5, 4)), (S.MISE_A_DISPOSITION, D(2026, 5, 6))), 30)
    assert not later.start_estimated and later.due_date == D(2026, 6, 5)


def test_suspension_pauses_and_completion_opens_30_days_when_the_balance_is_shorter() -> None:
    history = [(S.MISE_A_DISPOSITION, D(2026, 3, 1)), (S.SUSPENDUE, D(2026, 3, 21))]  # 10 days left of 30
    suspended = compute_clock(events(*history), 30)
    assert suspended.status is ClockStatus.SUSPENDED and suspended.balance_days == 10
    assert suspended.days_late(D(2026, 6, 1)) == 0  # no lateness while the buyer waits for documents
    resumed = compute_clock(events(*history, (S.COMPLETEE, D(2026, 4, 15))), 30)
    assert resumed.status is ClockStatus.RUNNING and resumed.due_date == D(2026, 5, 15)


def test_completion_keeps_the_balance_when_it_is_longer_than_30_days() -> None:
    history = events((S.MISE_A_DISPOSITION, D(2026, 1, 1)), (S.SUSPENDUE, D(2026, 1, 6)),  # 45 days left of 50
                     (S.COMPLETEE, D(2026, 2, 1)))
    clock = compute_clock(history, payment_delay(BuyerKind.SANTE))
    assert clock.due_date == D(2026, 2, 1) + dt.timedelta(days=45)


def test_a_second_suspension_is_counted() -> None:
    clock = compute_clock(events((S.MISE_A_DISPOSITION, D(2026, 1, 1)), (S.SUSPENDUE, D(2026, 1, 5)),
                                 (S.COMPLETEE, D(2026, 1, 10)), (S.SUSPENDUE, D(2026, 1, 20))), 30)
    assert clock.suspensions == 2 and clock.status is ClockStatus.SUSPENDED


def test_rejection_cancels_the_clock() -> None:
    clock = compute_clock(events((S.MISE_A_DISPOSITION, D(2026, 1, 1)), (S.REJETEE, D(2026, 1, 20))), 30)
    assert clock.status is ClockStatus.CANCELLED and clock.due_date is None
    assert clock.days_late(D(2026, 6, 1)) == 0


def test_recycling_restarts_the_clock_when_the_right_buyer_receives_it() -> None:
    clock = compute_clock(events((S.MISE_A_DISPOSITION, D(2026, 1, 1)), (S.A_RECYCLER, D(2026, 1, 10)),
                                 (S.DEPOSEE, D(2026, 1, 12)), (S.MISE_A_DISPOSITION, D(2026, 1, 13))), 30)
    assert clock.started_on == D(2026, 1, 13) and clock.due_date == D(2026, 2, 12)


def test_paid_late_counts_days_until_payment() -> None:
    clock = compute_clock(events((S.MISE_A_DISPOSITION, D(2026, 1, 1)), (S.MISE_EN_PAIEMENT, D(2026, 2, 10))), 30)
    assert clock.status is ClockStatus.PAID and clock.days_late(D(2026, 12, 1)) == 10


def test_interest_uses_the_rate_of_the_half_year_it_starts_in_plus_8_points() -> None:
    table = RateTable((RatePeriod(D(2025, 7, 1), Decimal("2.15")), RatePeriod(D(2026, 1, 1), Decimal("2.15"))))
    owed = late_interest(Decimal("1200.00"), D(2025, 12, 31), D(2026, 3, 1), table)  # starts 1 Jan 2026
    assert owed is not None and owed.days_late == 60 and owed.rate == Decimal("10.15")
    assert owed.rate_period is not None and owed.rate_period.half_year == "2026-S1" and not owed.rate_estimated
    assert owed.interest == Decimal("20.02")  # 1200 × 10.15 % × 60 / 365
    assert owed.indemnity == Decimal("40.00") and owed.total == Decimal("60.02")
    assert late_interest(Decimal("1200.00"), D(2026, 3, 1), D(2026, 3, 1), table) is None


def test_a_half_year_missing_from_the_table_uses_the_latest_rate_as_an_estimate() -> None:
    owed = late_interest(Decimal(100), D(2026, 8, 1), D(2026, 9, 1), shipped_rate_table())
    assert owed is not None and owed.rate_estimated and owed.rate_period is not None
    assert owed.rate_period.half_year == "2026-S1"


def test_the_rates_table_is_data_with_its_sources() -> None:
    table = shipped_rate_table()
    assert [p.half_year for p in table.periods][:2] == ["2023-S2", "2024-S1"]
    assert all(p.source for p in table.periods)
    edited = parse_rate_table({"periods": [{"half_year": "2026-S2", "ecb_rate": "1,90"}, {"half_year": "x"}]},
                              "copie")
    assert [(p.half_year, p.ecb_rate) for p in edited.periods] == [("2026-S2", Decimal("1.90"))]
