"""The page reader on the kinds of layout that unseen issuers print (issue 12): each test lays out one kind
with random values, so that no answer is known in advance, and checks what the reader makes of it.

Kinds: `TVA` inside a label that means without VAT; a per-rate VAT line next to the total; the taxable
base after a discount; a qualifier (`HT`/`TTC`) after the amount or after a generic label; totals with
no label, read from their positions and arithmetic; whole amounts; short, spaced and year-counter
invoice numbers and less common number labels; a weekday before a date, a date only in the header;
Unicode hyphens in references.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import ROUND_HALF_UP, Decimal

import pdfplumber
import pytest
from extraction_pdfs import TextLine, text_pdf
from extraction_pdfs import field_confidence as confidence
from extraction_pdfs import field_value as got
from holdout_invoices import MONTHS

from chorus_desktop.core.extraction.labels import find_labels
from chorus_desktop.core.extraction.layout import group_lines, to_words
from chorus_desktop.core.extraction.page_reader import PageReading, read_page_fields

SEEDS = (3, 17, 2026)
CENT = Decimal("0.01")


def read(lines: list[TextLine] | list[list[TextLine]]) -> PageReading:
    pages = lines if lines and isinstance(lines[0], list) else [lines]
    with pdfplumber.open(io.BytesIO(text_pdf(pages))) as pdf:  # type: ignore[arg-type]
        return read_page_fields(pdf)




def fr(amount: Decimal) -> str:
    """1234.5 -> `1 234,50`."""
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",")


def amounts(seed: int, rate: str = "20") -> tuple[Decimal, Decimal, Decimal]:
    rng = random.Random(seed)
    ht = Decimal(rng.randint(10_000, 900_000)) / 100
    tva = (ht * Decimal(rate) / 100).quantize(CENT, ROUND_HALF_UP)
    return ht, tva, ht + tva


def header(number: str = "FA-2025-0001", day: str = "12/03/2025") -> list[TextLine]:
    return [
        (40, 50, "Atelier Exemple SARL"),
        (40, 62, "3 rue de la Paix 75002 Paris"),
        (380, 50, f"FACTURE N° {number}"),
        (380, 62, f"Date : {day}"),
        (380, 120, "Client : Mairie de Lyon"),
        (40, 200, "Désignation"),
        (450, 200, "Montant"),
        (40, 215, "Prestation de service"),
    ]


# ------------------------------------------------------------------------------------------------
# Totals


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("ht_label", ["Total hors TVA", "Montant HTVA", "Total (hors TVA)", "Prix sans TVA"])
def test_tva_inside_a_label_meaning_without_vat(seed: int, ht_label: str) -> None:
    ht, tva, ttc = amounts(seed)
    reading = read(
        header()
        + [(450, 215, fr(ht)), (330, 400, f"{ht_label} {fr(ht)}"), (330, 415, f"TVA 20 % {fr(tva)}")]
        + [(330, 430, f"Total TTC {fr(ttc)}")]
    )
    assert (got(reading, "total_ht"), got(reading, "total_tva"), got(reading, "total_ttc")) == (ht, tva, ttc)


def test_labels_with_tva_that_are_no_vat_amount() -> None:
    for text, absent, present in (
        ("Taux de TVA 20,00", "total_tva", "vat_other"),
        ("TVA non applicable, art. 293 B du CGI", "total_tva", "vat_other"),
        ("Total hors TVA 100,00", "total_tva", "total_ht"),
        ("Base de TVA 900,00", "total_tva", "vat_base"),
        ("Montant TVA 20,00", "total_ht", "total_tva"),
    ):
        words = to_words(
            [
                {"text": w, "x0": 10 + 40 * i, "x1": 45 + 40 * i, "top": 100, "bottom": 110}
                for i, w in enumerate(text.split())
            ],
            1,
            595,
            842,
        )
        categories = {hit.category for hit in find_labels(group_lines(words, 1)[0])}
        assert absent not in categories and present in categories, (text, categories)


@pytest.mark.parametrize("seed", SEEDS)
def test_total_vat_wins_over_a_per_rate_line(seed: int) -> None:
    rng = random.Random(seed)
    base_a, base_b = Decimal(rng.randint(5_000, 90_000)) / 100, Decimal(rng.randint(5_000, 90_000)) / 100
    tva_a = (base_a * Decimal("5.5") / 100).quantize(CENT, ROUND_HALF_UP)
    tva_b = (base_b * 20 / 100).quantize(CENT, ROUND_HALF_UP)
    ht, tva = base_a + base_b, tva_a + tva_b
    ttc = ht + tva
    per_rate = [(330, 430, f"dont TVA 5,5 % {fr(tva_a)}"), (330, 445, f"dont TVA 20 % {fr(tva_b)}")]
    reading = read(
        header()
        + [(330, 400, f"Total HT {fr(ht)}"), (330, 415, f"Total TVA {fr(tva)}")]
        + per_rate
        + [(330, 460, f"Total TTC {fr(ttc)}")]
    )
    assert (got(reading, "total_ht"), got(reading, "total_tva"), got(reading, "total_ttc")) == (ht, tva, ttc)
    # The TTC printed one cent off (a generator that rounds late): no set adds up, the labels decide,
    # and the invoice's VAT is the printed total, not the last per-rate line.
    reading = read(
        header()
        + [(330, 400, f"Total HT {fr(ht)}"), (330, 415, f"Total TVA {fr(tva)}")]
        + per_rate
        + [(330, 460, f"Total TTC {fr(ttc + CENT)}")]
    )
    assert got(reading, "total_tva") == tva


@pytest.mark.parametrize("seed", SEEDS)
def test_taxable_base_after_a_discount(seed: int) -> None:
    gross = Decimal(random.Random(seed).randint(1_000, 9_000)) * 10
    discount = (gross / 10).quantize(CENT)
    net = gross - discount
    tva = (net * 20 / 100).quantize(CENT, ROUND_HALF_UP)
    reading = read(
        header()
        + [(330, 400, f"Montant total HT {fr(gross)}"), (330, 415, f"Remise 10 % -{fr(discount)}")]
        + [(330, 430, f"Base de TVA {fr(net)}"), (330, 445, f"Montant TVA {fr(tva)}")]
        + [(330, 460, f"Total T.T.C. {fr(net + tva)}")]
    )
    assert (got(reading, "total_ht"), got(reading, "total_tva"), got(reading, "total_ttc")) == (
        net,
        tva,
        net + tva,
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_qualifier_after_the_amount_or_the_label(seed: int) -> None:
    ht, tva, ttc = amounts(seed, "10")
    reading = read(
        header()
        + [(330, 400, f"Montant : {fr(ht)} € HT"), (330, 415, f"TVA 10 % : {fr(tva)} €")]
        + [(330, 430, f"Montant : {fr(ttc)} € (TTC)")]
    )
    assert (got(reading, "total_ht"), got(reading, "total_tva"), got(reading, "total_ttc")) == (ht, tva, ttc)
    whole = Decimal(random.Random(seed).randint(20, 900))
    reading = read(
        header()
        + [(40, 400, f"Somme totale à payer HT : {whole} €"), (40, 415, "Taux de TVA : 0%")]
        + [(40, 430, f"Somme totale à payer TTC : {whole} €")]
    )
    assert got(reading, "total_ht") == whole and got(reading, "total_ttc") == whole


@pytest.mark.parametrize("seed", SEEDS)
def test_totals_without_labels_are_read_from_their_positions(seed: int) -> None:
    ht, tva, ttc = amounts(seed)
    rng = random.Random(seed + 1)
    items = [Decimal(rng.randint(100, 9_000)) / 100 for _ in range(3)]
    lines = header() + [(450, 230 + 15 * i, fr(item)) for i, item in enumerate(items)]
    # The headings sit far above their values, separated by legal text (a factored invoice).
    lines += [(300, 600, "Récapitulatif")]
    lines += [(40, 640, "Paiement à 30 jours, pénalités de retard au taux légal.")]
    lines += [(480, 700, fr(ht)), (480, 715, fr(tva)), (480, 730, fr(ttc))]
    reading = read(lines)
    assert (got(reading, "total_ht"), got(reading, "total_tva"), got(reading, "total_ttc")) == (ht, tva, ttc)
    assert confidence(reading, "total_ttc") == "low"  # positions alone never make a value sure


@pytest.mark.parametrize("seed", SEEDS)
def test_whole_amounts_without_currency(seed: int) -> None:
    rng = random.Random(seed)
    ht = Decimal(rng.randint(100, 9_000) * 10)
    tva = ht / 5
    reading = read(
        header()
        + [(330, 400, f"TOTAL HT {ht:,}".replace(",", " ")), (330, 415, f"TVA 20% {tva:,}".replace(",", " "))]
        + [(330, 430, f"TOTAL TTC {ht + tva:,}".replace(",", " "))]
    )
    assert (got(reading, "total_ht"), got(reading, "total_tva"), got(reading, "total_ttc")) == (
        ht,
        tva,
        ht + tva,
    )
    assert confidence(reading, "total_ht") == "low"


# ------------------------------------------------------------------------------------------------
# Numbers and dates


def _totals_block(seed: int) -> list[TextLine]:
    ht, tva, ttc = amounts(seed)
    return [
        (330, 400, f"Total HT {fr(ht)}"),
        (330, 415, f"TVA 20 % {fr(tva)}"),
        (330, 430, f"Total TTC {fr(ttc)}"),
    ]


def _day(seed: int) -> dt.date:
    return dt.date(2025, 1, 1) + dt.timedelta(days=random.Random(seed).randint(0, 360))


@pytest.mark.parametrize("seed", SEEDS)
def test_short_number_then_its_date_in_the_title(seed: int) -> None:
    rng = random.Random(seed)
    number = f"{rng.choice('FAB')}{rng.randint(1, 9)}"
    day = _day(seed)
    lines = [
        (40, 50, "Société Exemple"),
        (40, 230, f"Facture {number} du {day:%d-%m-%Y} / Date d'échéance: 31-12-2025"),
    ]
    reading = read(lines + _totals_block(seed))
    assert got(reading, "invoice_number") == number
    assert got(reading, "date") == day


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    ("label", "shape"),
    [
        ("N° de facture : ", "{y}-{m}-{c:02d}"),  # year-counter number that looks like a date
        ("N° de pièce : ", "{y}{c:04d}"),
        ("Référence de facture : ", "FC{y}-{c}"),
        ("Note d'honoraires n° ", "{y}-{c:03d}"),
        ("Facture commande n° : ", "{y}{c}"),
    ],
)
def test_less_common_number_labels(seed: int, label: str, shape: str) -> None:
    rng = random.Random(seed)
    number = shape.format(y=rng.randint(2020, 2026), m=rng.randint(1, 9), c=rng.randint(1, 99))
    lines = [(40, 50, "Cabinet Exemple"), (300, 90, label + number), (300, 105, "Date : 05/06/2025")]
    reading = read(lines + _totals_block(seed))
    assert got(reading, "invoice_number") == number


@pytest.mark.parametrize("seed", SEEDS)
def test_number_printed_in_digit_groups(seed: int) -> None:
    rng = random.Random(seed)
    number = f"{rng.randint(2020, 2026)} {rng.randint(100000, 999999)}"
    reading = read(
        [(40, 50, "Société Exemple"), (300, 90, f"Facture n° {number}"), (300, 105, "Date : 05/06/2025")]
        + _totals_block(seed)
    )
    assert got(reading, "invoice_number") == number


@pytest.mark.parametrize("seed", SEEDS)
def test_weekday_before_the_date_in_words(seed: int) -> None:
    day = _day(seed)
    weekday = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")[day.weekday()]
    lines = [
        (40, 50, "Cabinet Exemple"),
        (300, 60, "E-mail :"),
        (380, 60, f"Le {weekday} {day.day} {MONTHS[day.month - 1]} {day.year}"),
    ]
    lines += [(300, 90, "Facture n° : 20250001")]
    reading = read(lines + _totals_block(seed))
    assert got(reading, "date") == day


@pytest.mark.parametrize("seed", SEEDS)
def test_date_only_inside_a_header_sentence(seed: int) -> None:
    day = _day(seed)
    lines = [(40, 50, "Cabinet Exemple"), (300, 90, "Facture n° : 20250001")]
    lines += [(40, 130, f"Nous vous adressons ce {day:%d/%m/%Y} le détail de nos prestations.")]
    lines += [(40, 400, "Échéance : 31/12/2026")]
    reading = read(lines + _totals_block(seed))
    assert got(reading, "date") == day
    assert confidence(reading, "date") == "low"


def test_unicode_hyphens_read_as_ascii() -> None:
    raw = [
        {"text": "IOPOLE\u2010jdz7", "x0": 10, "x1": 80, "top": 10, "bottom": 20},
        {"text": "18\u201008\u20102026", "x0": 90, "x1": 140, "top": 10, "bottom": 20},
        {"text": "EM01\u00ad8", "x0": 150, "x1": 190, "top": 10, "bottom": 20},
    ]
    assert [w.text for w in to_words(raw, 1, 595, 842)] == ["IOPOLE-jdz7", "18-08-2026", "EM01-8"]


@pytest.mark.parametrize("seed", SEEDS)
def test_amounts_glued_to_their_labels(seed: int) -> None:
    """A text layer that dropped its spaces (`TotalHT:1234,50`), and TeX's euro printed as a letter `e`."""
    ht, tva, ttc = amounts(seed)
    plain = [fr(v).replace(" ", "") for v in (ht, tva, ttc)]
    reading = read(
        header()
        + [
            (330, 400, f"TotalHT:{plain[0]}"),
            (330, 415, f"TVA(20%){plain[1]}"),
            (330, 430, f"TotalTTC:{plain[2]}"),
        ]
    )
    assert (got(reading, "total_ht"), got(reading, "total_tva"), got(reading, "total_ttc")) == (ht, tva, ttc)
    dotted = [f"{v:.2f}e" for v in (ht, tva, ttc)]
    reading = read(
        header()
        + [
            (330, 400, f"Total HT {dotted[0]}"),
            (330, 415, f"TVA (20 %) {dotted[1]}"),
            (330, 430, f"Total TTC {dotted[2]}"),
        ]
    )
    assert (got(reading, "total_ht"), got(reading, "total_tva"), got(reading, "total_ttc")) == (ht, tva, ttc)


@pytest.mark.parametrize("seed", SEEDS)
def test_summary_on_page_one_over_a_detail_list_on_a_later_page(seed: int) -> None:
    rng = random.Random(seed)
    groups = [amounts(rng.randint(0, 10_000)) for _ in range(rng.randint(2, 4))]
    ht, tva, ttc = (sum((g[i] for g in groups), Decimal(0)) for i in range(3))
    page_one = header() + [(330, 400, f"Total HT {fr(ht)}"), (330, 415, f"TVA 20 % {fr(tva)}")]
    page_one += [(330, 430, f"Total TTC {fr(ttc)}"), (40, 500, "Détail par commande en page 2")]
    page_two: list[TextLine] = [(40, 50, "Détail par commande")]
    for index, (g_ht, g_tva, g_ttc) in enumerate(groups):
        y = 90 + 70 * index
        page_two += [(40, y, f"Commande n° {rng.randint(1000, 9999)}"), (330, y + 15, f"Total HT {fr(g_ht)}")]
        page_two += [(330, y + 30, f"TVA 20 % {fr(g_tva)}"), (330, y + 45, f"Total TTC {fr(g_ttc)}")]
    reading = read([page_one, page_two])
    assert (got(reading, "total_ht"), got(reading, "total_tva"), got(reading, "total_ttc")) == (ht, tva, ttc)
