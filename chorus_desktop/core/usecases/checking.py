"""Checking a deposit against Chorus Pro's rules with what the store knows (profile, recipient, numbers
already used): the context every validation needs, built in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from chorus_desktop.core import texts
from chorus_desktop.core.domain.deposit import Deposit
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.model import Problem
from chorus_desktop.core.store import Store
from chorus_desktop.core.validation import DocumentFacts, ValidationContext, validate_deposit
from chorus_desktop.core.validation.paid import paid_problems


def extraction_value(extraction: dict[str, Any], name: str) -> str | None:
    """A value read on the PDF (stored extraction JSON), without spaces; None when not read."""
    value = extraction.get(name)
    return None if value in (None, "") else str(value).replace(" ", "")


ROUTING_TEXT_IDS = {"codeDestinataire": "champ_code_destinataire", "codeServiceExecutant": "champ_code_service",
                    "numeroBonCommande": "champ_engagement", "codeCadreFacturation": "champ_cadre"}


def remembered_routing_notes(deposit: Deposit, extraction: dict[str, Any]) -> list[Problem]:
    """A warning while the deposit still carries a routing remembered for the printed buyer (« Routage
    mémorisé »): the user sees where it comes from and checks it."""
    memory = extraction.get("routing_memory")
    if not isinstance(memory, dict):
        return []
    kept = [name for name, value in (memory.get("fields") or {}).items()
            if name in ROUTING_TEXT_IDS and str(getattr(deposit, name) or "") == value]
    if not kept:
        return []
    names = ", ".join(texts.render(ROUTING_TEXT_IDS[name]) for name in kept)
    return [Problem(code="routage_memorise", field=kept[0], blocking=False,
                    message=texts.render("routage_memorise" if memory.get("buyer") else "routage_memorise_entete",
                                         fields=names, buyer=memory.get("buyer") or "",
                                         invoice_number=memory.get("taught_invoice_number") or "?"))]


class DepositChecker:
    """`today` gives the date used by the "not in the future" rule."""

    def __init__(self, store: Store, today: Callable[[], dt.date] = dt.date.today) -> None:
        self._store = store
        self._today = today

    def problems_for(self, record: InvoiceRecord, deposit: Deposit) -> list[Problem]:
        """The problems of `deposit` as the (maybe edited) deposit of the stored invoice `record`."""
        profile = self._store.profiles.get(record.profile_id) if record.profile_id is not None else None
        return self.check(deposit, profile, record.extraction, record.profile_id, record.id,
                          DocumentFacts(size=record.document.size, is_text_pdf=record.document.is_text_pdf,
                                        present=self._store.documents.is_present(record.document)),
                          supplier_confirmed=record.supplier_confirmed)

    def check(self, deposit: Deposit, profile: Profile | None, extraction: dict[str, Any], profile_id: int | None,
              invoice_id: int | None, facts: DocumentFacts, *, supplier_confirmed: str | None = None
              ) -> list[Problem]:
        number = (deposit.numeroFactureSaisi or "").strip()
        recipients = self._store.recipients
        recipient = recipients.get(deposit.codeDestinataire) if deposit.codeDestinataire else None
        context = ValidationContext(
            today=self._today(), profile=profile, recipient=recipient,
            number_already_used=bool(number) and self._store.invoices.number_used(profile_id, number, invoice_id),
            main_document=facts,
            supplier_siret_on_invoice=extraction_value(extraction, "supplier_siret"),
            supplier_vat_on_invoice=extraction_value(extraction, "supplier_vat"),
            iban_on_invoice=extraction_value(extraction, "iban"),
            supplier_name_on_invoice=str(extraction.get("supplier_name") or "").strip() or None,
            supplier_confirmed=supplier_confirmed,
        )
        return (validate_deposit(deposit, context) + remembered_routing_notes(deposit, extraction)
                + paid_problems(deposit, extraction))
