"""Learning from validated invoices: a supplier's layout and a customer's routing, per supplier profile.

- At import, `read_with_memory` reads the new invoice with the layout learned for its supplier and
  layout (the engine decides what the memory may change), and `routing_for` gives the routing the user
  chose last time for the buyer printed on it.
- When an invoice is validated (Prête) or deposited, `learn` keeps where each field of the deposit
  (corrected or confirmed) is printed, and the routing chosen for its printed buyer; for an invoice that
  looks paid, the cadre kept (A2, or another one) on its layout memory: `paid_choice_for` gives it back
  for the next invoice of that layout that looks paid.
Memories never cross supplier profiles: each is stored with its profile and only read for it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import replace
from typing import Any

from chorus_desktop.core.domain.deposit import CADRES, Deposit
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.learning import (
    DEPOSIT_FIELD_OF,
    LEARNED_FIELDS,
    LayoutMemory,
    LearnedField,
    RoutingMemory,
)
from chorus_desktop.core.domain.paid import looks_paid
from chorus_desktop.core.extraction.layout import fold
from chorus_desktop.core.extraction.layout_hints import apply_layout_hints
from chorus_desktop.core.extraction.learned_layout import (
    SAME_LAYOUT,
    buyer_block,
    choose_memory,
    header_text,
    learn_field,
    similarity,
    supplier_key,
)
from chorus_desktop.core.model import ExtractionResult, PrintedWord, json_value
from chorus_desktop.core.store import Store

log = logging.getLogger(__name__)

# Routing fields (API names) and the extraction field that may print each on the invoice.
PRINTED_ROUTING = {"codeServiceExecutant": "service_code", "numeroBonCommande": "po_number"}


def buyer_key(extraction: dict[str, Any], words: list[PrintedWord]) -> tuple[str, str]:
    """(key, label) of the buyer printed on an invoice (stored extraction JSON): its SIRET when printed,
    else its name and address block, normalised; ("", "") when no buyer was read."""
    siret = re.sub(r"\s", "", str(extraction.get("buyer_siret") or ""))
    name = str(extraction.get("buyer") or "").strip()
    if siret:
        return f"siret:{siret}", name or siret
    if not name:
        # No buyer recognised: the whole header (issuer and buyer blocks, labels) stands for it.
        header = header_text(words)
        return ("entete:" + hashlib.sha256(header.encode()).hexdigest()[:32], "") if header else ("", "")
    source = (extraction.get("sources") or {}).get("buyer") or {}
    block = buyer_block(words, source.get("page"), source.get("bbox"))
    return "nom:" + (block or re.sub(r"[^a-z0-9]", "", fold(name))), name


def _with_paid_choice(memory: LayoutMemory, record: InvoiceRecord) -> LayoutMemory:
    """`memory` remembering the cadre kept for `record`, an invoice of its layout that looked paid."""
    return replace(memory, paid_cadre=record.deposit.codeCadreFacturation, paid_taught_invoice_id=record.id,
                   paid_taught_invoice_number=record.deposit.numeroFactureSaisi)


class Learning:
    def __init__(self, store: Store) -> None:
        self._store = store

    # ------------------------------------------------------------------ reading with what was learned

    def read_with_memory(self, extraction: ExtractionResult, profile_id: int | None) -> LayoutMemory | None:
        """Read the invoice with its learned layout, if the profile has one for it (see `layout_hints`)."""
        if extraction.layout_memory is not None:
            return None  # the extractor already did (layout hints given to the engine)
        memories = self._store.learning.layouts(profile_id)
        memory = apply_layout_hints(extraction, memories) if memories else None
        if memory is not None:
            self._store.learning.count_use(memory.id)
        return memory

    def paid_choice_for(self, extraction: ExtractionResult, profile_id: int | None) -> LayoutMemory | None:
        """The memory of this invoice's supplier layout, in this profile, when it remembers the cadre kept
        for a paid invoice and this invoice looks paid too (an invoice that does not is never changed)."""
        if looks_paid(extraction.to_json()) is None:
            return None
        memory = choose_memory(extraction, self._store.learning.layouts(profile_id))
        return memory if memory is not None and memory.paid_cadre else None

    def routing_for(self, extraction: ExtractionResult, profile_id: int | None
                    ) -> tuple[RoutingMemory, dict[str, str]] | None:
        """The remembered routing of the buyer printed on this invoice, in this profile, and the fields it
        fills (a code service or engagement printed on the invoice, other than the taught one, is kept)."""
        key, _label = buyer_key(extraction.to_json(), extraction.words)
        memory = self._store.learning.routing(profile_id, key) if key else None
        if memory is None:
            return None
        applied = memory.applied_routing()
        for name, printed_field in PRINTED_ROUTING.items():
            printed = extraction.value(printed_field)
            if printed and str(printed) != memory.printed.get(name):
                applied.pop(name, None)
        return (memory, applied) if applied else None

    # ------------------------------------------------------------------ learning

    def learn(self, invoice_id: int) -> None:
        """Learn from a validated or deposited invoice; never fails the caller (a memory is a bonus)."""
        try:
            record = self._store.invoices.get(invoice_id)
            printed = self._store.learning.printed(invoice_id)
            with self._store.unit_of_work():
                if printed is not None:
                    self._learn_layout(record, *printed)
                self._learn_routing(record, printed[1] if printed else [])
        except Exception:
            log.exception("learning from invoice %s failed", invoice_id)

    def _learn_layout(self, record: InvoiceRecord, fingerprint: list[str], words: list[PrintedWord]) -> None:
        if not words or not fingerprint:
            return
        extraction, deposit = record.extraction, record.deposit
        sources = extraction.get("sources") or {}
        learned: dict[str, LearnedField] = {}
        corrected = False
        for name in LEARNED_FIELDS:
            value = getattr(deposit, DEPOSIT_FIELD_OF[name])
            if value is None or value == "":
                continue
            corrected |= json_value(value) != extraction.get(name)
            source = sources.get(name) or {}
            found = learn_field(words, name, value, source.get("page"), source.get("bbox"))
            if found is not None:
                learned[name] = found
        paid = looks_paid(extraction) is not None
        if not learned and not paid:
            return
        key = supplier_key(extraction.get("supplier_siret"), extraction.get("supplier_vat"))
        same = [m for m in self._store.learning.layouts(record.profile_id)
                if m.supplier_key == key and similarity(m.fingerprint, fingerprint) >= SAME_LAYOUT]
        existing = max(same, key=lambda m: similarity(m.fingerprint, fingerprint)) if same else None
        if existing is not None and (not learned or (not corrected and set(learned) <= set(existing.fields))):
            # Nothing new about the places: the memory keeps the invoice that taught it (and the paid choice).
            if paid and (existing.paid_cadre, existing.paid_taught_invoice_id) != (deposit.codeCadreFacturation,
                                                                                  record.id):
                self._store.learning.save_layout(_with_paid_choice(existing, record))
            return
        memory = LayoutMemory(
            id=existing.id if existing else 0, profile_id=record.profile_id, supplier_key=key,
            fingerprint=fingerprint, fields=learned, taught_invoice_id=record.id,
            taught_invoice_number=deposit.numeroFactureSaisi, supplier_name=extraction.get("supplier_name"))
        if paid:
            memory = _with_paid_choice(memory, record)
        elif existing is not None:  # an invoice that does not look paid says nothing about the paid choice
            memory = replace(memory, paid_cadre=existing.paid_cadre,
                             paid_taught_invoice_id=existing.paid_taught_invoice_id,
                             paid_taught_invoice_number=existing.paid_taught_invoice_number)
        self._store.learning.save_layout(memory)

    def _learn_routing(self, record: InvoiceRecord, words: list[PrintedWord]) -> None:
        key, label = buyer_key(record.extraction, words)
        deposit: Deposit = record.deposit
        if not key or not deposit.codeDestinataire:
            return
        routing = {name: str(getattr(deposit, name)) for name in
                   ("codeDestinataire", "codeServiceExecutant", "numeroBonCommande", "codeCadreFacturation")
                   if getattr(deposit, name)}
        if routing.get("codeCadreFacturation") == CADRES["A1"]:
            del routing["codeCadreFacturation"]  # the default cadre: nothing was chosen
        before = self._store.learning.routing(record.profile_id, key)
        if looks_paid(record.extraction) is not None:
            # The cadre of an invoice that looked paid was chosen for its payment (the layout's paid choice),
            # not for its buyer: the buyer keeps the cadre it had.
            routing.pop("codeCadreFacturation", None)
            if before is not None and before.routing.get("codeCadreFacturation"):
                routing["codeCadreFacturation"] = before.routing["codeCadreFacturation"]
        printed = {name: str(record.extraction.get(field)) for name, field in PRINTED_ROUTING.items()
                   if record.extraction.get(field)}
        engagement = routing.get("numeroBonCommande")
        # An engagement is suggested again while it recurs: from the first taught invoice on, until the user
        # chooses another one for the same buyer (then its engagements are per order: none is suggested).
        recurs = bool(engagement)
        if before is not None and before.taught_invoice_id != record.id and before.routing.get("numeroBonCommande"):
            recurs = before.routing.get("numeroBonCommande") == engagement
        elif before is not None and before.taught_invoice_id == record.id:
            recurs = before.engagement_recurs and bool(engagement)
        self._store.learning.save_routing(RoutingMemory(
            id=0, profile_id=record.profile_id, buyer_key=key, buyer_label=label, routing=routing, printed=printed,
            engagement_recurs=recurs, taught_invoice_id=record.id, taught_invoice_number=deposit.numeroFactureSaisi))

    # ------------------------------------------------------------------ listing and forgetting

    def layouts(self, profile_id: int | None = None) -> list[LayoutMemory]:
        """The learned layouts of one profile, or of all profiles."""
        if profile_id is None:
            return self._store.learning.all_layouts()
        return self._store.learning.layouts(profile_id)

    def forget_layout(self, memory_id: int) -> LayoutMemory:
        memory = self._store.learning.layout(memory_id)
        self._store.learning.forget_layout(memory_id)
        return memory

    def routings(self, profile_id: int | None = None) -> list[RoutingMemory]:
        return self._store.learning.routings(profile_id)

    def forget_routing(self, memory_id: int) -> None:
        self._store.learning.forget_routing(memory_id)
