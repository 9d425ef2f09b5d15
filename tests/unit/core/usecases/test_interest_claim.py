"""« Réclamer les intérêts moratoires »: a one-page PDF letter with the deadline, the days late, the rate
(ECB + 8), the interest and the 40 € indemnity; refused for an invoice on time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pdfplumber
import pytest
from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures
from returnkit import chorus_id, deposited

from chorus_desktop.core.errors import UserFixableError

TODAY = dt.date.today()


def test_letter_for_an_unpaid_late_invoice(world: World, tmp_path: Path) -> None:
    invoice_id = deposited(world, "IM-001")
    world.sim.advance(chorus_id(world, invoice_id))
    world.chorus().sync.sync()
    later = TODAY + dt.timedelta(days=50)
    chorus = world.chorus(today=lambda: later)
    payment = chorus.payments.payment_for(invoice_id)
    assert payment is not None and payment.interest is not None and payment.interest.interest is not None
    written = chorus.interest_claims.draft(invoice_id, tmp_path / "courriers" / "im.pdf")
    with pdfplumber.open(written) as pdf:
        assert len(pdf.pages) == 1
        text = " ".join((pdf.pages[0].extract_text() or "").split())
    assert "IM-001" in text and "20 jour(s) de retard" in text
    assert (TODAY + dt.timedelta(days=30)).strftime("%d/%m/%Y") in text
    interest = f"{payment.interest.interest:.2f}".replace(".", ",")
    assert f"= {interest} euros" in text and "40,00 euros" in text
    assert f"{payment.interest.rate:.2f}".replace(".", ",") + " %" in text
    assert "L2192-13" in text and "R2192-31" in text


def test_no_letter_for_an_invoice_on_time(world: World, tmp_path: Path) -> None:
    invoice_id = deposited(world, "IM-002")
    with pytest.raises(UserFixableError, match="pas en retard"):
        world.chorus().interest_claims.draft(invoice_id, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
