"""Writing invoices and avoirs: from a spec, by duplication, or as the avoir cancelling an invoice.

The number is taken in the transaction that stores the document: the PDF is written with the next number
of the series, staged in the documents folder, then one unit of work moves the counter (only if nobody
else moved it: otherwise the document is written again with the following number), registers the PDF,
inserts the invoice, its input data and its history line. A refused spec or a crash before the commit
uses no number; a committed number is never deleted (an avoir cancels a wrong invoice).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from chorus_desktop.core import texts
from chorus_desktop.core.domain.deposit import DepositAttachment
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.invoice_spec import parse_invoice_spec, seller_from_profile
from chorus_desktop.core.domain.numbering import format_number, pattern_for, period_of
from chorus_desktop.core.domain.prefill import prefill_deposit
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.written_invoice import (
    DEFAULT_SERIES,
    FRANCHISE_REASON,
    Buyer,
    InvoiceDocument,
    Line,
    Origin,
)
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.written import NumberTaken
from chorus_desktop.core.usecases.checking import DepositChecker
from chorus_desktop.core.validation import DocumentFacts
from chorus_desktop.core.writing import write_invoice_pdf
from chorus_desktop.core.writing.facts import extraction_of

ATTEMPTS = 20


@dataclass(frozen=True)
class WrittenOutcome:
    """A document the app wrote and stored: its invoice id, number and PDF in the store."""

    invoice_id: int
    number: str
    kind: str
    pdf_path: Path
    total_ttc: Decimal
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.invoice_id, "number": self.number, "kind": self.kind, "pdf": str(self.pdf_path),
                "total_ttc": str(self.total_ttc), "problems": [p.to_json() for p in self.problems]}


class InvoiceWriting:
    def __init__(self, store: Store, checker: DepositChecker, today: Callable[[], dt.date] = dt.date.today) -> None:
        self._store = store
        self._checker = checker
        self._today = today

    # ------------------------------------------------------------------ entry points

    def new_invoice(self, spec: Any, *, profile_id: int | None = None) -> WrittenOutcome:
        """A FACTURE from a JSON spec (see `core/domain/invoice_spec.py`; the défraiement template too)."""
        profile = self._profile(profile_id)
        doc = parse_invoice_spec(spec, seller_from_profile(profile), franchise=profile.vat_regime == "FRANCHISE",
                                 today=self._today())
        return self.store_document(doc, profile, "historique_creee")

    def duplicate(self, invoice_id: int) -> WrittenOutcome:
        """A new invoice from any invoice of the app, under a new number and today's date: the same model
        for one the app wrote, a model rebuilt from the deposit data for one it read."""
        record = self._store.invoices.get(invoice_id)
        model = self.document_of(record)
        doc = dataclasses.replace(model, kind="FACTURE", origin=None, number=None, issue_date=self._today(),
                                  series=model.series if model.kind == "FACTURE" else DEFAULT_SERIES["FACTURE"])
        profile = self._profile(record.profile_id)
        return self.store_document(doc, profile, "historique_dupliquee", {"invoice_id": invoice_id})

    def write_credit_note(self, invoice_id: int, reason: str | None) -> int:
        """The AVOIR (381) cancelling `invoice_id` in full, in the avoir series, referencing the original
        number and date; stored as a local invoice (not deposited). Returns the avoir's invoice id. Without
        a reason, the rejection's own words are the avoir's reason."""
        return self.credit_note(invoice_id, reason or texts.render("motif_avoir_rejet")).invoice_id

    def credit_note(self, invoice_id: int, reason: str) -> WrittenOutcome:
        """`write_credit_note`, with the avoir's number and PDF path. An invoice has at most one avoir: asked
        again, this returns the one already written."""
        record = self._store.invoices.get(invoice_id)
        for existing in self._store.written.for_origin(invoice_id):
            if existing.kind == "AVOIR":  # already cancelled (a retry after a crash): the same avoir, not a second
                return WrittenOutcome(existing.invoice_id, existing.number, existing.kind,
                                      self._store.documents.path_of(self._store.invoices.get(existing.invoice_id)
                                                                    .document),
                                      Decimal(existing.model["totals"]["total_ttc"]))
        if record.deposit.typeFacture == "AVOIR":
            raise UserFixableError(code="avoir_sur_avoir", params={"invoice_id": invoice_id})
        if not record.deposit.numeroFactureSaisi or record.deposit.dateFacture is None:
            raise UserFixableError(code="avoir_sans_numero", params={"invoice_id": invoice_id})
        model = self.document_of(record)
        origin = Origin(record.deposit.numeroFactureSaisi, record.deposit.dateFacture, reason)
        doc = dataclasses.replace(model, kind="AVOIR", series=DEFAULT_SERIES["AVOIR"], origin=origin, number=None,
                                  issue_date=self._today(), payment_terms_days=0, annex=None, template=None)
        return self.store_document(doc, self._profile(record.profile_id), "historique_avoir",
                                   {"original": origin.number}, origin_invoice_id=invoice_id)

    def written_document(self, invoice_id: int) -> InvoiceDocument | None:
        """The model of a document the app wrote (None for an invoice it read)."""
        written = self._store.written.get(invoice_id)
        return None if written is None else InvoiceDocument.from_json(written.model)

    # ------------------------------------------------------------------ the model of any invoice

    def document_of(self, record: InvoiceRecord) -> InvoiceDocument:
        written = self.written_document(record.id)
        if written is not None:
            return written
        deposit = record.deposit
        profile = self._profile(record.profile_id)
        if not deposit.codeDestinataire or not (deposit.ligneTva or deposit.montantHtTotal):
            raise UserFixableError(code="duplication_sans_donnees", params={"invoice_id": record.id})
        description = texts.render("ligne_reprise", number=deposit.numeroFactureSaisi or record.id)
        exemption = deposit.motifExonerationTva or (FRANCHISE_REASON if profile.vat_regime == "FRANCHISE" else
                                                    texts.render("exoneration_defaut"))
        rates = [(line.ligneTvaTauxManuel, line.ligneTvaMontantBaseHtParTaux) for line in deposit.ligneTva] or [
            (_single_rate(deposit.montantHtTotal, deposit.montantTVA), deposit.montantHtTotal or Decimal(0))]
        lines = tuple(Line(description=description, quantity=Decimal(1), unit_price=abs(base), vat_rate=rate,
                           exemption=exemption if rate == 0 else None) for rate, base in rates)
        buyer_name = record.extraction.get("buyer") if isinstance(record.extraction.get("buyer"), str) else None
        buyer = Buyer(name=buyer_name or deposit.codeDestinataire, siret=deposit.codeDestinataire,
                      code_service=deposit.codeServiceExecutant, engagement=deposit.numeroBonCommande)
        return InvoiceDocument(kind="AVOIR" if deposit.typeFacture == "AVOIR" else "FACTURE",
                               series=DEFAULT_SERIES["FACTURE"], issue_date=deposit.dateFacture or self._today(),
                               seller=seller_from_profile(profile), buyer=buyer, lines=lines)

    # ------------------------------------------------------------------ storing with a gap-free number

    def store_document(self, doc: InvoiceDocument, profile: Profile, history_id: str,
                       history_params: dict[str, Any] | None = None, *,
                       origin_invoice_id: int | None = None) -> WrittenOutcome:
        pattern = pattern_for(profile.number_patterns, doc.series)
        period = period_of(pattern, doc.issue_date)
        recipient = self._store.recipients.get(doc.buyer.siret) if doc.buyer.siret else None
        for _attempt in range(ATTEMPTS):
            last = self._store.written.last_number(profile.id, doc.series, period)
            numbered = doc.numbered(format_number(pattern, doc.issue_date.year, last + 1))
            number = numbered.number or ""
            pdf = write_invoice_pdf(numbered)
            sha256 = hashlib.sha256(pdf.data).hexdigest()
            name = f"{number}.pdf"
            extraction = extraction_of(numbered, Path(name), pdf.page_count)
            deposit = prefill_deposit(extraction, profile, recipient)
            deposit.codeServiceExecutant = doc.buyer.code_service
            deposit.numeroBonCommande = doc.buyer.engagement
            if all(vat.rate == 0 for vat in numbered.vat_totals):
                deposit.typeTva = "EXONERATION"
                deposit.motifExonerationTva = numbered.exemptions[0] if numbered.exemptions else None
            deposit.pieceJointePrincipale = DepositAttachment(designation=name, sha256=sha256, size=len(pdf.data))
            extraction_json = extraction.to_json()
            problems = self._checker.check(deposit, profile, extraction_json, profile.id, None,
                                           DocumentFacts(size=len(pdf.data), is_text_pdf=True))
            relative = self._store.documents.stage_bytes(pdf.data, sha256, ".pdf")
            try:
                with self._store.unit_of_work():
                    self._store.written.take_number(profile.id, doc.series, period, last)
                    self._store.documents.register(sha256=sha256, size=len(pdf.data), original_name=name,
                                                   relative_path=relative, is_text_pdf=True,
                                                   page_count=pdf.page_count)
                    invoice_id = self._store.invoices.insert(
                        profile_id=profile.id, document_sha256=sha256, state=InvoiceState.BROUILLON,
                        deposit=deposit, extraction=extraction_json, problems=problems,
                        supplier_siret=doc.seller.siret, recipient_name=doc.buyer.name)
                    self._store.written.add(invoice_id=invoice_id, profile_id=profile.id, kind=doc.kind,
                                            series=doc.series, number=number, pdf_sha256=sha256,
                                            model=numbered.to_json(), origin_invoice_id=origin_invoice_id)
                    kind = texts.render("doc_avoir" if doc.kind == "AVOIR" else "doc_facture").lower()
                    self._store.history.add(invoice_id, InvoiceState.BROUILLON, "local", texts.render(
                        history_id, {**(history_params or {}), "kind": kind, "number": number}))
            except NumberTaken:  # another process took this number meanwhile: write again with the next
                self._store.documents.delete_released()
                continue
            return WrittenOutcome(invoice_id, number, doc.kind, self._store.documents.path_of(relative),
                                  numbered.total_ttc, problems)
        raise UserFixableError(code="numerotation_occupee", params={"series": doc.series})

    def _profile(self, profile_id: int | None) -> Profile:
        if profile_id is not None:
            return self._store.profiles.get(profile_id)
        profiles = self._store.profiles.list()
        if len(profiles) != 1:
            raise UserFixableError(code="profil_a_choisir" if profiles else "aucun_profil")
        return profiles[0]


def _single_rate(ht: Decimal | None, tva: Decimal | None) -> Decimal:
    """The French rate that gives `tva` on `ht` (a read invoice without its VAT lines), 20 % by default."""
    if ht and tva is not None:
        for rate in (Decimal(20), Decimal(10), Decimal("5.5"), Decimal("2.1"), Decimal(0)):
            if abs(ht * rate / 100 - tva) <= Decimal("0.02"):
                return rate
    return Decimal(20)
