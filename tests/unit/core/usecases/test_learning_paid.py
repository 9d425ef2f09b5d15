"""Invoices that look paid (issue 14, item 2): prepared in cadre A2 with a warning saying what was seen, and
the cadre the user keeps remembered for the supplier layout (real store, the real extraction engine, a real
corpus PDF and generated same-layout invoices)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from paid_invoices import write_shop_series

from chorus_desktop.core.domain.deposit import CADRES
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.model import Problem
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.wiring import AppContext, build_context

TODAY = dt.date(2026, 12, 31)  # after every date the generated invoices print
ROUTE = {"codeDestinataire": "11000201100044", "codeServiceExecutant": "SE01"}
A1, A2 = CADRES["A1"], CADRES["A2"]
PAID_CODES = ("facture_semble_payee", "facture_payee_deposee_a_payer")


@pytest.fixture
def services(isolated_data_dir: Path) -> Iterator[AppContext]:
    context = build_context(Store.open(resolve_paths(isolated_data_dir)), today=lambda: TODAY)
    context.profiles.add_profile("ACME", "73282932000074", chorus_supplier_id=26123, chorus_bank_account_id=4411)
    context.profiles.add_profile("Autre", "55210055400013", chorus_supplier_id=26124, chorus_bank_account_id=4412)
    yield context
    context.close()


@pytest.fixture
def shop(tmp_path: Path) -> tuple[list[Path], list[Path]]:
    """Three paid invoices and one to pay, one supplier layout."""
    return write_shop_series(tmp_path / "inbox", paid=3, to_pay=1)


def import_one(services: AppContext, path: Path, profile: str = "ACME") -> InvoiceRecord:
    [outcome] = services.importing.import_files([path], profile_id=services.profiles.find_profile(profile).id)
    assert outcome.invoice_id is not None, outcome.message
    return services.queries.get_invoice(outcome.invoice_id)


def paid_warnings(record: InvoiceRecord) -> list[Problem]:
    return [p for p in record.problems if p.code in PAID_CODES]


def validate(services: AppContext, record: InvoiceRecord, changes: dict[str, Any]) -> None:
    services.editing.update_deposit(record.id, {**ROUTE, **changes})
    services.supplier.confirm_supplier(record.id)  # printed by another company than the test profile
    assert not [p.message for p in services.lifecycle.validate(record.id) if p.blocking]


def test_a_real_paid_invoice_is_a2_with_a_warning_naming_what_was_seen(services: AppContext, corpus_dir: Path,
                                                                        tmp_path: Path) -> None:
    # oca-gandi prints « Statut : payée » (and its total): prepared as already paid, and the user is told why.
    record = import_one(services, Path(shutil.copy(corpus_dir / "pdfs" / "oca-gandi.pdf", tmp_path)))
    assert (record.deposit.codeCadreFacturation, record.deposit.montantAPayer) == (A2, 0)
    [warning] = paid_warnings(record)
    assert (warning.code, warning.field, warning.blocking) == ("facture_semble_payee", "codeCadreFacturation", False)
    assert "« Statut : payée »" in warning.message and "cadre A2" in warning.message
    assert "choisissez le cadre A1" in warning.message and "mémorisé" not in warning.message

    # The user says it is to be paid: still flagged (deposited as to be paid although it looks paid), not blocked.
    ttc = record.deposit.montantTtcTotal
    edited = services.editing.update_deposit(record.id, {"codeCadreFacturation": A1, "montantAPayer": str(ttc)})
    [warning] = paid_warnings(edited)
    assert (warning.code, warning.blocking) == ("facture_payee_deposee_a_payer", False)
    assert "cadre A1" in warning.message and "choisissez le cadre A2" in warning.message

    # An invoice that does not say it is paid carries no such warning.
    unpaid = import_one(services, Path(shutil.copy(corpus_dir / "pdfs" / "fnfe-facture-fr.pdf", tmp_path)))
    assert unpaid.deposit.codeCadreFacturation == A1 and paid_warnings(unpaid) == []


def test_a1_chosen_for_a_paid_invoice_is_remembered_for_its_layout(services: AppContext,
                                                                    shop: tuple[list[Path], list[Path]]) -> None:
    paid, _ = shop
    first = import_one(services, paid[0])
    assert first.deposit.codeCadreFacturation == A2 and "acquittée le" in paid_warnings(first)[0].message
    validate(services, first, {"codeCadreFacturation": A1, "montantAPayer": str(first.deposit.montantTtcTotal)})
    [memory] = services.learning.layouts()
    assert (memory.paid_cadre, memory.paid_taught_invoice_id) == (A1, first.id)
    assert memory.to_json()["paid_cadre"] == A1

    second = import_one(services, paid[1])
    assert second.deposit.codeCadreFacturation == A1
    assert second.deposit.montantAPayer == second.deposit.montantTtcTotal and second.deposit.montantAPayer > 0
    [warning] = paid_warnings(second)
    assert warning.code == "facture_payee_deposee_a_payer" and not warning.blocking
    assert ("choix mémorisé pour ce fournisseur et cette mise en page, d'après la facture n° "
            f"{first.deposit.numeroFactureSaisi}") in warning.message
    assert second.extraction["paid_memory"]["cadre"] == A1


def test_another_profile_is_not_affected(services: AppContext, shop: tuple[list[Path], list[Path]],
                                         tmp_path: Path) -> None:
    paid, _ = shop
    first = import_one(services, paid[0])
    validate(services, first, {"codeCadreFacturation": A1, "montantAPayer": str(first.deposit.montantTtcTotal)})
    assert services.learning.layouts()[0].paid_cadre == A1
    other = import_one(services, paid[1], "Autre")
    assert (other.deposit.codeCadreFacturation, other.deposit.montantAPayer) == (A2, 0)
    [warning] = paid_warnings(other)
    assert warning.code == "facture_semble_payee" and "mémorisé" not in warning.message
    assert "paid_memory" not in other.extraction
    # ... while in the profile that taught it, the same file (another copy) is prepared A1.
    again = import_one(services, Path(shutil.copy(paid[2], tmp_path / "copie.pdf")))
    assert again.deposit.codeCadreFacturation == A1


def test_a2_kept_is_remembered_and_an_unpaid_invoice_of_the_layout_is_not_changed(
        services: AppContext, shop: tuple[list[Path], list[Path]]) -> None:
    paid, to_pay = shop
    first = import_one(services, paid[0])
    validate(services, first, {})  # A2 kept, net à payer 0
    [memory] = services.learning.layouts()
    assert (memory.paid_cadre, memory.paid_taught_invoice_number) == (A2, first.deposit.numeroFactureSaisi)

    second = import_one(services, paid[1])
    assert (second.deposit.codeCadreFacturation, second.deposit.montantAPayer) == (A2, 0)
    [warning] = paid_warnings(second)
    assert warning.code == "facture_semble_payee" and "choix mémorisé" in warning.message

    # An invoice of the same layout and buyer that does not look paid stays a facture à payer (A1, its total):
    # neither the layout's paid choice nor the buyer's routing carries cadre A2 over to it.
    unpaid = import_one(services, to_pay[0])
    assert (unpaid.deposit.codeCadreFacturation, unpaid.deposit.montantAPayer) == (
        A1, unpaid.deposit.montantTtcTotal)
    assert paid_warnings(unpaid) == [] and "paid_memory" not in unpaid.extraction
    validate(services, unpaid, {})
    assert services.learning.layouts()[0].paid_cadre == A2  # it said nothing about paid invoices

    # The user changes their mind on the next paid one: the memory follows the last choice.
    validate(services, second, {"codeCadreFacturation": A1, "montantAPayer": str(second.deposit.montantTtcTotal)})
    assert services.learning.layouts()[0].paid_cadre == A1
    assert import_one(services, paid[2]).deposit.codeCadreFacturation == A1


def test_the_choice_is_remembered_even_when_the_places_taught_nothing(services: AppContext,
                                                                      shop: tuple[list[Path], list[Path]]) -> None:
    # The user typed values printed nowhere on the page: no place is learned, the paid choice still is (a
    # memory without places, which the reading with learned layouts ignores).
    paid, _ = shop
    first = import_one(services, paid[0])
    validate(services, first, {"numeroFactureSaisi": "SAISI-1", "dateFacture": "2026-12-01",
                               "montantHtTotal": "7.77", "montantTVA": "1.55", "montantTtcTotal": "9.32",
                               "ligneTva": [{"taux": "20", "base": "7.77", "tva": "1.55"}],
                               "codeCadreFacturation": A1, "montantAPayer": "9.32"})
    [memory] = services.learning.layouts()
    assert (memory.fields, memory.paid_cadre, memory.paid_taught_invoice_number) == ({}, A1, "SAISI-1")
    second = import_one(services, paid[1])
    assert second.deposit.codeCadreFacturation == A1 and "layout_memory" not in second.extraction
    assert "d'après la facture n° SAISI-1" in paid_warnings(second)[0].message
