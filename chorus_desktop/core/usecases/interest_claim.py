"""« Réclamer les intérêts moratoires »: the claim letter (PDF) for an invoice paid late, or still unpaid
after its deadline, with the interest at ECB + 8 points and the 40 € indemnity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from chorus_desktop.core.domain.claim_letter import ClaimFacts, Letter, compose_claim_letter
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.letter_pdf import letter_pdf
from chorus_desktop.core.store import Store
from chorus_desktop.core.usecases.payments import PaymentTracking


class InterestClaim:
    def __init__(self, store: Store, payments: PaymentTracking, today: Callable[[], dt.date] = dt.date.today) -> None:
        self._store = store
        self._payments = payments
        self._today = today

    def letter(self, invoice_id: int) -> Letter:
        """The letter's content; refused when the invoice is not late or the rate is unknown."""
        record = self._store.invoices.get(invoice_id)
        payment = self._payments.payment_for(invoice_id)
        if payment is None or payment.interest is None or record.chorus.invoice_id is None:
            raise UserFixableError(code="reclamation_sans_retard", params={"invoice_id": invoice_id})
        if payment.interest.interest is None:
            raise UserFixableError(code="reclamation_taux_inconnu")
        profile = self._store.profiles.get(record.profile_id) if record.profile_id is not None else None
        siret = record.deposit.codeDestinataire or ""
        recipient = self._store.recipients.get(siret) if siret else None
        return compose_claim_letter(ClaimFacts(
            supplier_name=profile.name if profile else "", supplier_siret=profile.siret if profile else "",
            iban=profile.iban if profile else None,
            recipient_name=(recipient.name if recipient and recipient.name else siret), recipient_siret=siret,
            service_code=record.deposit.codeServiceExecutant, number=record.deposit.numeroFactureSaisi or "",
            invoice_date=record.deposit.dateFacture, chorus_id=record.chorus.invoice_id, clock=payment.clock,
            interest=payment.interest, today=self._today()))

    def draft(self, invoice_id: int, output: Path) -> Path:
        """Write the letter as a PDF at `output` (its folder is created)."""
        content = letter_pdf(self.letter(invoice_id))
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(content)
        except OSError as error:
            raise UserFixableError(code="reclamation_ecriture",
                                   params={"path": output, "reason": error.strerror or error}) from None
        return output
