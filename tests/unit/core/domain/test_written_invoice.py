"""The written invoice's model: totals computed (per rate, rounded once), the spec checked field by field,
the défraiement template, number patterns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from writingkit import DEFRAIEMENT, document, seller, spec

from chorus_desktop.core.domain.invoice_spec import parse_invoice_spec
from chorus_desktop.core.domain.numbering import check_pattern, clean_patterns, format_number, period_of
from chorus_desktop.core.domain.written_invoice import FRANCHISE_REASON, InvoiceDocument, Line
from chorus_desktop.core.errors import UserFixableError

TODAY = dt.date(2026, 3, 2)


def parse(data: object, franchise: bool = False) -> InvoiceDocument:
    return parse_invoice_spec(data, seller(), franchise=franchise, today=TODAY)


def test_totals_are_computed_per_rate_and_rounded_once_per_rate() -> None:
    # Three lines at 20 %: 0.333 x 3 each. Rounded per line the tax would be 0.06 x 3 = 0.18 (wrong);
    # rounded once on the base 3.00 it is 0.60.
    lines = tuple(Line(f"L{i}", Decimal(3), Decimal("0.3333"), vat_rate=Decimal(20)) for i in range(3))
    doc = document(lines=lines + (Line("Livre", Decimal(1), Decimal("10.01"), vat_rate=Decimal("5.5")),))
    assert [(v.rate, v.base, v.amount) for v in doc.vat_totals] == [
        (Decimal(20), Decimal("3.00"), Decimal("0.60")), (Decimal("5.5"), Decimal("10.01"), Decimal("0.55"))]
    assert (doc.total_ht, doc.total_tva, doc.total_ttc) == (Decimal("13.01"), Decimal("1.15"), Decimal("14.16"))


def test_discounts_and_four_decimal_unit_prices() -> None:
    doc = document()  # 3 x 650 at 20 %, 2 x 12.3456 - 1 at 5.5 %
    assert doc.lines[1].total_ht == Decimal("23.69")
    assert doc.total_ht == Decimal("1973.69") and doc.total_tva == Decimal("391.30")
    assert doc.due_date == dt.date(2026, 4, 1)


def test_the_model_round_trips_through_its_stored_json() -> None:
    doc = document("AVOIR", number="AV-2026-0001")
    again = InvoiceDocument.from_json(doc.to_json())
    assert again == doc and again.to_json()["totals"]["total_ttc"] == str(doc.total_ttc)


def test_a_good_spec_gives_the_model() -> None:
    doc = parse(spec())
    assert doc.kind == "FACTURE" and doc.series == "FA" and doc.number is None
    assert doc.issue_date == TODAY and doc.buyer.code_service == "SE01" and doc.buyer.engagement == "EJ-42"
    assert [line.unit_price for line in doc.lines] == [Decimal(650), Decimal("12.3456")]
    assert doc.lines[1].vat_rate == Decimal("5.5")
    assert doc.seller == seller()


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"customer": None}, "customer", "manque"),
    ({"customer": {"siret": "11000201100044"}}, "customer.name", "manque"),
    ({"customer": {"name": "X", "siret": "11000201100045"}}, "customer.siret", "invalide"),
    ({"lines": [{"description": "A", "quantity": -2, "unit_price": "10", "vat_rate": 20}]}, "lines[0].quantity",
     "négative"),
    ({"lines": [{"description": "A", "quantity": 1, "unit_price": "10", "vat_rate": 7}]}, "lines[0].vat_rate",
     "taux de TVA français"),
    ({"lines": [{"description": "A", "quantity": 1, "unit_price": "dix euros", "vat_rate": 20}]},
     "lines[0].unit_price", "illisible"),
    ({"lines": [{"description": "A", "quantity": 1, "unit_price": "0.12345", "vat_rate": 20}]},
     "lines[0].unit_price", "invalide"),
    ({"lines": [{"description": "A", "quantity": 1, "unit_price": "10", "vat_rate": 0}]}, "lines[0].exemption",
     "motif d'exonération"),
    ({"lines": []}, "lines", "au moins une ligne"),
    ({"total_ttc": "120"}, "total_ttc", "champ inconnu"),
    ({"lines": [{"description": "A", "quantity": 1, "unit_price": "10", "vat_rate": 20, "total_ht": "10"}]},
     "lines[0].total_ht", "calculés"),
    ({"date": "31/02/2026"}, "date", "invalide"),
    ({"payment_terms_days": -1}, "payment_terms_days", "invalide"),
])
def test_a_bad_spec_is_refused_in_french_naming_the_field(change: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(UserFixableError) as caught:
        parse(spec(**change))
    message = caught.value.message
    assert caught.value.code == "spec_invalide"
    assert (f"« {field} »" in message or field == "lines") and words in message, message


def test_an_exempt_line_and_the_franchise_en_base() -> None:
    exempt = parse(spec(lines=[{"description": "Formation", "quantity": 1, "unit_price": "900", "vat_rate": 0,
                                "exemption": "Exonération de TVA, art. 261-4-4° du CGI"}]))
    assert exempt.total_tva == 0 and exempt.exemptions == ["Exonération de TVA, art. 261-4-4° du CGI"]
    franchise = parse(spec(lines=[{"description": "Cours", "quantity": 2, "unit_price": "40"}]), franchise=True)
    assert franchise.exemptions == [FRANCHISE_REASON] and franchise.total_ttc == Decimal("80.00")
    with pytest.raises(UserFixableError, match="vat_rate"):
        parse(spec(), franchise=True)


def test_the_defraiement_template_prices_one_line_from_the_monthly_counts() -> None:
    doc = parse(DEFRAIEMENT)
    [line] = doc.lines
    assert line.quantity == 596 and line.unit_price == Decimal("0.025")
    assert (doc.total_ht, doc.total_tva, doc.total_ttc) == (Decimal("14.90"), Decimal("2.98"), Decimal("17.88"))
    assert doc.series == "DEF" and doc.template == "defraiement" and not doc.buyer.public
    assert doc.annex is not None and len(doc.annex.rows) == 13
    assert doc.annex.rows[0] == ("janvier 2026", "55") and doc.annex.rows[-1] == ("Total", "596")
    # Twelve counts, no typed total: a total that disagrees with the counts cannot be given.
    with pytest.raises(UserFixableError, match="douze"):
        parse({**DEFRAIEMENT, "counts": [55] * 11})
    with pytest.raises(UserFixableError, match="« total »"):
        parse({**DEFRAIEMENT, "total": 596})
    cheaper = parse({**DEFRAIEMENT, "unit_price": "0,02"})
    assert cheaper.total_ht == Decimal("11.92")


def test_number_patterns() -> None:
    assert format_number("FA-{annee}-{numero:04d}", 2026, 7) == "FA-2026-0007"
    assert period_of("FA-{annee}-{numero:04d}", TODAY) == "2026" and period_of("F{numero:06d}", TODAY) == ""
    assert clean_patterns('{"fa": "FAC-{annee}-{numero:05d}"}') == {"FA": "FAC-{annee}-{numero:05d}"}
    for bad in ("FA-{annee}", "FA-{numero}-{client}", "FA-{numero:Q}"):
        with pytest.raises(UserFixableError, match="Numérotation"):
            check_pattern("FA", bad)
