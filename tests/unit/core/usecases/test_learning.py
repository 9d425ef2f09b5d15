"""Learning a supplier's layout and a customer's routing from one validated invoice (real PDFs, real store,
the real extraction engine in this thread)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import holdout_invoices as holdout
import pytest
from learning_series import supplier_of, write_series
from usecasekit import recipient_checked

from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.wiring import AppContext, build_context

TODAY = dt.date(2026, 12, 31)  # after every date the generated invoices print
ROUTE = {"codeDestinataire": "11000201100044", "codeServiceExecutant": "SE-APPRIS"}


def open_services(data_dir: Path) -> AppContext:
    return build_context(Store.open(resolve_paths(data_dir)), today=lambda: TODAY)


@pytest.fixture
def services(isolated_data_dir: Path) -> Iterator[AppContext]:
    context = open_services(isolated_data_dir)
    context.profiles.add_profile("ACME", "73282932000074", chorus_supplier_id=26123, chorus_bank_account_id=4411)
    yield context
    context.close()


@pytest.fixture
def pacano(corpus_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two real invoices of one layout (a hotel's, `../shared/corpus-extra`), the invoice number of which
    the page reader does not find."""
    extra = corpus_dir.parent / "corpus-extra" / "pdfs"
    if not (extra / "x-pacano-2023-6013.pdf").is_file():
        pytest.fail(f"le corpus supplémentaire est introuvable : {extra}")
    folder = tmp_path / "inbox"
    folder.mkdir()
    return (Path(shutil.copy(extra / "x-pacano-2023-6013.pdf", folder)),
            Path(shutil.copy(extra / "x-pacano-2023-6026.pdf", folder)))


def import_one(services: AppContext, path: Path, profile: str = "ACME") -> int:
    [outcome] = services.importing.import_files([path], profile_id=services.profiles.find_profile(profile).id)
    assert outcome.invoice_id is not None, outcome.message
    return outcome.invoice_id


def teach(services: AppContext, path: Path, changes: dict[str, Any], profile: str = "ACME") -> int:
    invoice_id = import_one(services, path, profile)
    services.editing.update_deposit(invoice_id, {**ROUTE, **changes})
    # The corpus invoices are printed by other companies than the test profiles: the user confirms the
    # issuer (the supplier guard, issue 14) before the validation that teaches.
    services.supplier.confirm_supplier(invoice_id)
    recipient_checked(services, ROUTE["codeDestinataire"])  # « Prête » once the recipient was checked
    assert not [p.message for p in services.lifecycle.validate(invoice_id) if p.blocking]
    return invoice_id


def test_a_layout_is_learned_from_one_corrected_real_invoice(services: AppContext, pacano: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    first, second = pacano
    # Before learning the page reader misses this layout's invoice number.
    with _fresh(tmp_path) as fresh:
        untaught = fresh.queries.get_invoice(import_one(fresh, second))
        assert untaught.deposit.numeroFactureSaisi is None and "layout_memory" not in untaught.extraction

    taught_id = teach(services, first, {"numeroFactureSaisi": "2023-6013"})
    [memory] = services.learning.layouts()
    assert (memory.taught_invoice_id, memory.taught_invoice_number) == (taught_id, "2023-6013")
    assert {"invoice_number", "date", "total_ht", "total_tva", "total_ttc"} <= set(memory.fields)

    record = services.queries.get_invoice(import_one(services, second))
    assert record.deposit.numeroFactureSaisi == "2023-6026"  # read where it was learned, with its own value
    assert str(record.deposit.montantTtcTotal) == "228.14" and str(record.deposit.dateFacture) == "2023-09-28"
    assert record.extraction["confidence"]["invoice_number"] == "high"
    learned = record.extraction["layout_memory"]
    assert learned["taught_invoice_number"] == "2023-6013" and "invoice_number" in learned["fields"]
    assert services.learning.layouts()[0].uses == 1


class _fresh:
    """Another store, never taught (a context manager closing it)."""

    def __init__(self, tmp_path: Path) -> None:
        self.context = open_services(tmp_path / "fresh")
        self.context.profiles.add_profile("ACME", "73282932000074", chorus_supplier_id=26123,
                                          chorus_bank_account_id=4411)

    def __enter__(self) -> AppContext:
        return self.context

    def __exit__(self, *exc: object) -> None:
        self.context.close()


def test_the_memory_survives_a_restart(isolated_data_dir: Path, services: AppContext,
                                       pacano: tuple[Path, Path]) -> None:
    first, second = pacano
    teach(services, first, {"numeroFactureSaisi": "2023-6013"})
    services.close()
    reopened = open_services(isolated_data_dir)
    try:
        assert len(reopened.learning.layouts()) == 1
        record = reopened.queries.get_invoice(import_one(reopened, second))
        assert record.deposit.numeroFactureSaisi == "2023-6026"
    finally:
        reopened.close()


def test_a_forgotten_layout_is_no_longer_used(services: AppContext, pacano: tuple[Path, Path]) -> None:
    first, second = pacano
    teach(services, first, {"numeroFactureSaisi": "2023-6013"})
    [memory] = services.learning.layouts()
    services.learning.forget_layout(memory.id)
    assert services.learning.layouts() == []
    record = services.queries.get_invoice(import_one(services, second))
    assert record.deposit.numeroFactureSaisi is None and "layout_memory" not in record.extraction


def test_nothing_learned_leaks_to_another_profile(services: AppContext, pacano: tuple[Path, Path]) -> None:
    first, second = pacano
    services.profiles.add_profile("Autre société", "44306184100047", chorus_supplier_id=1, chorus_bank_account_id=2)
    teach(services, first, {"numeroFactureSaisi": "2023-6013"})
    record = services.queries.get_invoice(import_one(services, second, profile="Autre société"))
    assert record.deposit.numeroFactureSaisi is None and "layout_memory" not in record.extraction
    assert record.deposit.codeServiceExecutant is None
    assert record.deposit.codeDestinataire != ROUTE["codeDestinataire"]
    assert "routage_memorise" not in [p.code for p in record.problems]
    assert services.learning.layouts(services.profiles.find_profile("Autre société").id) == []


def test_the_routing_is_remembered_for_the_same_buyer_only(services: AppContext, tmp_path: Path) -> None:
    # A private buyer whose SIRET is not printed: the name and address block identify it.
    supplier = supplier_of(3)
    series_a = write_series(holdout.online_app_modern, tmp_path / "a", 2, seed=3, buyer_seed=41, supplier=supplier)
    [(other_buyer, _)] = write_series(holdout.online_app_modern, tmp_path / "b", 1, seed=4, buyer_seed=97,
                                      supplier=supplier)
    taught = teach(services, series_a[0][0], {})
    same = services.queries.get_invoice(import_one(services, series_a[1][0]))
    assert {name: getattr(same.deposit, name) for name in ROUTE} == ROUTE
    [note] = [p for p in same.problems if p.code == "routage_memorise"]
    assert not note.blocking and "Routage mémorisé" in note.message
    assert same.extraction["routing_memory"]["taught_invoice_id"] == taught

    other = services.queries.get_invoice(import_one(services, other_buyer))
    assert other.deposit.codeDestinataire != ROUTE["codeDestinataire"]
    assert other.deposit.codeServiceExecutant != ROUTE["codeServiceExecutant"]
    assert "routing_memory" not in other.extraction
    assert "routage_memorise" not in [p.code for p in other.problems]


def test_a_routing_printed_on_the_next_invoice_wins_and_a_changed_engagement_stops_recurring(
        services: AppContext, tmp_path: Path) -> None:
    series = write_series(holdout.online_app_modern, tmp_path / "a", 3, seed=5, buyer_seed=12)
    teach(services, series[0][0], {"numeroBonCommande": "EJ-1"})
    second = import_one(services, series[1][0])
    assert services.queries.get_invoice(second).deposit.numeroBonCommande == "EJ-1"
    services.editing.update_deposit(second, {"numeroBonCommande": "EJ-2"})  # another engagement per order
    services.supplier.confirm_supplier(second)  # printed by another company than the profile (issue 14)
    services.lifecycle.validate(second)
    third = services.queries.get_invoice(import_one(services, series[2][0])).deposit
    assert third.numeroBonCommande is None and third.codeServiceExecutant == ROUTE["codeServiceExecutant"]


def test_another_layout_of_the_same_supplier_is_not_read_with_the_memory(services: AppContext,
                                                                         tmp_path: Path) -> None:
    supplier = supplier_of(8)
    [(taught, _)] = write_series(holdout.online_app_modern, tmp_path / "a", 1, seed=8, supplier=supplier)
    [(other, _)] = write_series(holdout.odoo_like, tmp_path / "b", 1, seed=9, supplier=supplier)
    teach(services, taught, {})
    assert len(services.learning.layouts()) == 1
    record = services.queries.get_invoice(import_one(services, other))
    assert "layout_memory" not in record.extraction


def test_a_remembered_routing_is_not_given_to_another_recipient_chosen_at_import(
        services: AppContext, pacano: tuple[Path, Path]) -> None:
    first, second = pacano
    teach(services, first, {"numeroFactureSaisi": "2023-6013"})
    [outcome] = services.importing.import_files([second], profile_id=services.profiles.find_profile("ACME").id,
                                                overrides={"codeDestinataire": "35600000000048"})
    assert outcome.invoice_id is not None
    record = services.queries.get_invoice(outcome.invoice_id)
    assert record.deposit.codeDestinataire == "35600000000048"
    assert record.deposit.codeServiceExecutant is None and "routing_memory" not in record.extraction
    assert record.deposit.numeroFactureSaisi == "2023-6026"  # the layout is still the supplier's


def test_a_deposit_teaches_what_was_changed_after_validation(services: AppContext, pacano: tuple[Path, Path]) -> None:
    first, second = pacano
    taught = teach(services, first, {"numeroFactureSaisi": "2023-6013"})
    services.editing.update_deposit(taught, {"codeServiceExecutant": "SE-DEPOT"})  # still Prête
    services.lifecycle.mark_sending(taught)
    services.lifecycle.record_deposit(taught, chorus_invoice_id=9001, status_code="DEPOSEE")
    [routing] = services.learning.routings()
    assert routing.routing["codeServiceExecutant"] == "SE-DEPOT" and routing.taught_invoice_id == taught
    record = services.queries.get_invoice(import_one(services, second))
    assert record.deposit.codeServiceExecutant == "SE-DEPOT"
