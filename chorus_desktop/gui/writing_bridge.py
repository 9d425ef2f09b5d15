"""The « Nouvelle facture » dialog's door into the core: known buyers, the directory, the model, the PDF.

Like `gui/bridge.py`, every blocking method runs on a worker thread and returns plain values. The model of
the invoice being typed is the core's (`parse_invoice_spec`): the dialog's totals, VAT per rate and preview
come from it, so what the user sees is what `context.writing.new_invoice` will store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chorus_desktop.core.domain.invoice_spec import parse_invoice_spec, seller_from_profile
from chorus_desktop.core.domain.written_invoice import InvoiceDocument, Party
from chorus_desktop.core.usecases.invoice_writing import WrittenOutcome
from chorus_desktop.gui import writer_messages
from chorus_desktop.gui.pdf_preview import RenderedPage, render_page
from chorus_desktop.gui.views import BuyerView
from chorus_desktop.wiring import AppContext


@dataclass(frozen=True)
class SellerView:
    """What the dialog needs of an issuing profile to compute the model on the GUI thread."""

    profile_id: int
    name: str
    party: Party
    franchise: bool


@dataclass(frozen=True)
class WriterSetup:
    sellers: list[SellerView] = field(default_factory=list)
    known_buyers: list[BuyerView] = field(default_factory=list)


def draft_model(spec: dict[str, Any], seller: SellerView, today: dt.date | None = None) -> InvoiceDocument:
    """The core's model of the invoice being typed (raises UserFixableError naming the field). Pure: safe
    on the GUI thread, so totals follow every keystroke."""
    return parse_invoice_spec(spec, seller.party, franchise=seller.franchise, today=today or dt.date.today())


def totals_model(spec: dict[str, Any], seller: SellerView) -> InvoiceDocument:
    """The model for the totals only: the lines count, not the customer still being typed."""
    return draft_model({**spec, "customer": {"name": "-"}}, seller)


class WritingBridge:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def setup(self) -> WriterSetup:
        sellers = [SellerView(p.id, p.name, seller_from_profile(p), p.vat_regime == "FRANCHISE")
                   for p in self.context.profiles.list_profiles()]
        buyers = [BuyerView(siret=r.siret, name=r.name or r.siret,
                            service_required=bool(r.service_required), engagement_required=bool(r.engagement_required),
                            service_or_engagement=bool(r.service_or_engagement),
                            services=[(s.code, s.name) for s in r.services if s.active])
                  for r in self.context.directory.list_recipients()]
        buyers.sort(key=lambda b: b.name.casefold())
        return WriterSetup(sellers, buyers)

    def last_routing(self, siret: str) -> tuple[str, str]:
        """The code service and engagement used last for this buyer ("" when none)."""
        recipient = self.context.directory.get_recipient(siret)
        if recipient is None:
            return "", ""
        return recipient.last_service_code or "", recipient.last_engagement or ""

    def search_buyers(self, text: str, profile_id: int | None) -> list[BuyerView]:
        found = self.context.directory_search.search(text, profile_id)
        return [BuyerView(
            siret=s.siret, name=s.name,
            place=", ".join(part for part in (s.address, f"{s.postcode} {s.town}".strip()) if part),
            service_required=s.service_required, engagement_required=s.engagement_required,
            service_or_engagement=s.service_or_engagement,
            services=[(service.code, service.name) for service in s.services]) for s in found if s.active]

    @staticmethod
    def render_preview(doc: InvoiceDocument, path: Path) -> RenderedPage:
        """Write the PDF of the (unnumbered) model to `path` and render its first page."""
        from chorus_desktop.core.writing import write_invoice_pdf  # fpdf2, factur-x: loaded when used

        pdf = write_invoice_pdf(doc.numbered(writer_messages.WRITER_PREVIEW_NUMBER))
        path.write_bytes(pdf.data)
        return render_page(path, 1)

    def create(self, spec: dict[str, Any], profile_id: int) -> WrittenOutcome:
        """The invoice stored under the next number of its series (nothing used when refused)."""
        return self.context.writing.new_invoice(spec, profile_id=profile_id)

    def duplicate(self, invoice_id: int) -> WrittenOutcome:
        return self.context.writing.duplicate(invoice_id)
