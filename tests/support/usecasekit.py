"""Helpers of the use-case tests: an invoice imported, made ready, deposited (recorded as Chorus would)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from chorus_desktop.core.states import InvoiceState
from chorus_desktop.wiring import AppContext

S = InvoiceState
TODAY = dt.date(2024, 6, 1)


def import_one(services: AppContext, path: Path, **kwargs: object) -> int:
    [outcome] = services.importing.import_files([path], **kwargs)  # type: ignore[arg-type]
    assert outcome.status == "imported", outcome
    assert outcome.invoice_id is not None
    return outcome.invoice_id


def recipient_checked(services: AppContext, siret: str, structure_id: int = 7001, **parameters: object) -> None:
    """Record `siret` as Chorus Pro describes it (`structures/v1/consulter`), checked now: an invoice is
    « Prête » only once its recipient was checked (tests with the simulator ask it for real)."""
    services.directory.save_recipient_parameters(siret, chorus_structure_id=structure_id, active=True,
                                                 **parameters)  # type: ignore[arg-type]


def ready(services: AppContext, path: Path) -> int:
    invoice_id = import_one(services, path)
    siret = services.queries.get_invoice(invoice_id).deposit.codeDestinataire
    if siret and services.directory.get_recipient(siret) is None:
        recipient_checked(services, siret)
    assert not [p for p in services.lifecycle.validate(invoice_id) if p.blocking]
    assert services.queries.get_invoice(invoice_id).state is S.PRETE
    return invoice_id


def deposited(services: AppContext, path: Path, chorus_id: int = 9001) -> int:
    invoice_id = ready(services, path)
    services.lifecycle.mark_sending(invoice_id)
    services.lifecycle.record_deposit(invoice_id, chorus_invoice_id=chorus_id, status_code="DEPOSEE",
                            certificate_fingerprint="f00d")
    return invoice_id


# ------------------------------------------------------------------ import
