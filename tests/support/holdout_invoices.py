"""Hold-out invoices: French B2B/B2G layouts designed apart from the corpus, to test the page reader.

Each template imitates what a family of French invoicing tools prints (online invoicing apps, accounting
suites, ERP exports, invoices typed in Word or Excel, Chorus-targeted invoices to public buyers). The
layout of a template is fixed; only the values (names, identifiers, amounts, dates, numbers) are drawn
from a seeded generator. Every invoice comes with its truth: the values printed on it.

Identifiers carry valid check digits (SIRET and SIREN Luhn, French VAT key, IBAN and RIB keys), computed
with python-stdnum, so that a reader that trusts check digits is tested on realistic numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fpdf import FPDF
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret
from stdnum.fr import tva as std_tva

CENT = Decimal("0.01")
NBSP = "\u00a0"
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


# --- values ------------------------------------------------------------------------------------------


@dataclass
class Party:
    name: str
    street: str
    city: str
    siren: str
    siret: str
    vat: str


@dataclass
class Line:
    label: str
    quantity: Decimal
    unit_price: Decimal
    rate: Decimal

    @property
    def total(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Amounts:
    lines: list[Line]
    discount_rate: Decimal = Decimal(0)
    deposit: Decimal = Decimal(0)
    vat_free: bool = False
    gross_ht: Decimal = field(init=False)
    discount: Decimal = field(init=False)
    ht: Decimal = field(init=False)
    breakdown: list[tuple[Decimal, Decimal, Decimal]] = field(init=False)  # (rate, base, vat)
    tva: Decimal = field(init=False)
    ttc: Decimal = field(init=False)
    due: Decimal = field(init=False)

    def __post_init__(self) -> None:
        self.gross_ht = sum((line.total for line in self.lines), Decimal(0))
        factor = 1 - self.discount_rate / 100
        bases: dict[Decimal, Decimal] = {}
        for line in self.lines:
            bases[line.rate] = bases.get(line.rate, Decimal(0)) + line.total
        bases = {rate: (base * factor).quantize(CENT, ROUND_HALF_UP) for rate, base in bases.items()}
        self.ht = sum(bases.values(), Decimal(0))
        self.discount = self.gross_ht - self.ht
        rate_of = (lambda r: Decimal(0)) if self.vat_free else (lambda r: r)
        self.breakdown = [
            (rate, base, (base * rate_of(rate) / 100).quantize(CENT, ROUND_HALF_UP))
            for rate, base in sorted(bases.items(), reverse=True)
        ]
        self.tva = sum((vat for _, _, vat in self.breakdown), Decimal(0))
        self.ttc = self.ht + self.tva
        self.due = self.ttc - self.deposit


SUPPLIER_NAMES = (
    "Atelier Lemoine SARL",
    "Boulanger & Fils SAS",
    "Cabinet Roussel Conseil",
    "Électricité Vidal",
    "Imprimerie du Centre",
    "Nettoyage Pro Services",
    "Paysages Garnier",
    "Informatique Marchand SAS",
    "Menuiserie Chevalier",
    "Traiteur Lambert",
    "Bureau d'études Fabre",
    "Transports Mercier",
)
PUBLIC_BUYERS = (
    "Commune de Saint-Aubin-sur-Loire",
    "Centre hospitalier de Montval",
    "Ministère de la Culture",
    "Département de la Haute-Vienne",
    "Communauté d'agglomération du Grand Val",
    "Lycée Jean Moulin",
    "Université de Bretagne Sud",
    "Syndicat intercommunal des eaux de la Vallée",
)
PRIVATE_BUYERS = ("Hôtel Beauséjour SAS", "Garage Moreau", "SCI Les Tilleuls", "Clinique des Lilas SA")
STREETS = (
    "12 rue des Lilas",
    "4 avenue Jean Jaurès",
    "27 boulevard Gambetta",
    "8 place de la Mairie",
    "153 route de Lyon",
    "2 impasse des Vignes",
)
CITIES = ("69003 Lyon", "44000 Nantes", "87000 Limoges", "35000 Rennes", "31000 Toulouse", "21000 Dijon")
ITEMS = (
    "Prestation de conseil",
    "Maintenance annuelle",
    "Fourniture de papier A4",
    "Intervention technique",
    "Formation du personnel",
    "Location de matériel",
    "Entretien des espaces verts",
    "Repas du séminaire",
    "Licence logicielle",
    "Déplacement",
    "Nettoyage des locaux",
    "Impression de brochures",
)


class Values:
    """Seeded source of realistic values (the layouts never use it to decide what to draw)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def party(self, names: tuple[str, ...], public: bool = False) -> Party:
        body = ("2" if public else self.rng.choice("3456789")) + self.digits(7)
        siren = body + luhn.calc_check_digit(body)
        nic = "000" + self.rng.choice("12345")  # first establishments: 0001x
        siret = siren + nic + luhn.calc_check_digit(siren + nic)
        assert std_siren.is_valid(siren) and std_siret.is_valid(siret)
        key = (12 + 3 * (int(siren) % 97)) % 97
        vat = f"FR{key:02d}{siren}"
        assert std_tva.is_valid(vat)
        return Party(
            self.rng.choice(names), self.rng.choice(STREETS), self.rng.choice(CITIES), siren, siret, vat
        )

    def iban(self) -> str:
        bank, branch, account = self.digits(5), self.digits(5), self.digits(11)
        rib_key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
        bban = f"{bank}{branch}{account}{rib_key:02d}"
        number = "FR" + std_iban.calc_check_digits("FR00" + bban) + bban
        assert std_iban.is_valid(number)
        return number

    def date(self) -> dt.date:
        return dt.date(2026, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 330))

    def lines(self, count: int, rates: tuple[str, ...]) -> list[Line]:
        out = []
        for i in range(count):
            quantity = Decimal(self.rng.choice((1, 1, 2, 3, 5, 10, 12, 24)))
            price = Decimal(self.rng.randrange(1500, 180000)) / 100
            out.append(Line(self.rng.choice(ITEMS), quantity, price, Decimal(rates[i % len(rates)])))
        return out

    def number(self, low: int, high: int) -> int:
        return self.rng.randrange(low, high)


# --- printing ----------------------------------------------------------------------------------------


def money(amount: Decimal, style: str = "fr", unit: str = "") -> str:
    """Print an amount the way French tools do: '1 234,56', '1.234,56', '1234,56', '1,234.56'."""
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    if style == "fr":
        text = NBSP.join(groups) + "," + cents
    elif style == "fr_space":
        text = " ".join(groups) + "," + cents
    elif style == "fr_dot":
        text = ".".join(groups) + "," + cents
    elif style == "plain":
        text = "".join(groups) + "," + cents
    elif style == "en":
        text = ",".join(groups) + "." + cents
    else:
        raise ValueError(style)
    return sign + text + unit


def rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}".replace(".", ",")


def long_date(day: dt.date) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def due_date(day: dt.date, days: int = 30) -> dt.date:
    return day + dt.timedelta(days=days)


class Doc:
    """A thin layer over fpdf2: text at a baseline position (points, A4), right-aligned text, rules."""

    WIDTH, HEIGHT = 595.28, 841.89

    def __init__(self) -> None:
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.core_fonts_encoding = "cp1252"  # accents, €, œ, non-breaking space with core fonts
        self.pdf.set_auto_page_break(False)
        self.pdf.add_page()

    def page(self) -> None:
        self.pdf.add_page()

    def t(self, x: float, y: float, text: str, size: float = 9, style: str = "") -> None:
        self.pdf.set_font("Helvetica", style, size)
        self.pdf.text(x, y, text)

    def r(self, x_right: float, y: float, text: str, size: float = 9, style: str = "") -> None:
        self.pdf.set_font("Helvetica", style, size)
        self.pdf.text(x_right - self.pdf.get_string_width(text), y, text)

    def c(self, x_center: float, y: float, text: str, size: float = 9, style: str = "") -> None:
        self.pdf.set_font("Helvetica", style, size)
        self.pdf.text(x_center - self.pdf.get_string_width(text) / 2, y, text)

    def hline(self, x1: float, x2: float, y: float) -> None:
        self.pdf.line(x1, y, x2, y)

    def box(self, x: float, y: float, w: float, h: float) -> None:
        self.pdf.rect(x, y, w, h)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def block(doc: Doc, x: float, y: float, lines: list[str], size: float = 9, gap: float = 11) -> float:
    """Lines of an address block, the first in bold; returns the y below the block."""
    for i, text in enumerate(lines):
        doc.t(x, y + i * gap, text, size, "B" if i == 0 else "")
    return y + len(lines) * gap


def items_table(
    doc: Doc,
    y: float,
    lines: list[Line],
    style: str,
    headers: tuple[str, ...] = ("Désignation", "Qté", "P.U. HT", "TVA", "Total HT"),
    x_left: float = 40,
    x_right: float = 555,
    show_rate: bool = True,
) -> float:
    """A line-item table; returns the y below its last row."""
    columns = (x_left + 4, x_right - 250, x_right - 150, x_right - 80, x_right - 4)
    doc.hline(x_left, x_right, y - 10)
    doc.t(columns[0], y, headers[0], 8, "B")
    for x, header in zip(columns[1:], headers[1:], strict=False):
        if header:
            doc.r(x, y, header, 8, "B")
    doc.hline(x_left, x_right, y + 4)
    y += 16
    for line in lines:
        doc.t(columns[0], y, line.label, 8.5)
        doc.r(columns[1], y, f"{line.quantity}", 8.5)
        doc.r(columns[2], y, money(line.unit_price, style), 8.5)
        if show_rate:
            doc.r(columns[3], y, rate_text(line.rate) + " %", 8.5)
        doc.r(columns[4], y, money(line.total, style), 8.5)
        y += 14
    doc.hline(x_left, x_right, y - 8)
    return y + 10


def label_rows(
    doc: Doc,
    x_label: float,
    x_right: float,
    y: float,
    rows: list[tuple[str, str]],
    gap: float = 15,
    bold_last: bool = True,
) -> float:
    for i, (label, value) in enumerate(rows):
        style = "B" if bold_last and i == len(rows) - 1 else ""
        doc.t(x_label, y, label, 9, style)
        doc.r(x_right, y, value, 9, style)
        y += gap
    return y


def legal_footer(doc: Doc, supplier: Party, lines: list[str], y: float = 790) -> None:
    for i, text in enumerate(lines):
        doc.c(Doc.WIDTH / 2, y + i * 9, text, 6.5)


@dataclass
class HoldoutInvoice:
    name: str
    pdf: bytes
    truth: dict[str, Any]


def _truth(number: str, day: dt.date, amounts: Amounts, supplier: Party, **extra: Any) -> dict[str, Any]:
    """What the page prints; a None value means the field is not printed (then it must not be `high`)."""
    truth: dict[str, Any] = {
        "invoice_number": number,
        "date": day,
        "total_ht": amounts.ht,
        "total_tva": amounts.tva,
        "total_ttc": amounts.ttc,
        "amount_due": amounts.due,
        "supplier_siret": supplier.siret,
        "document_type": "invoice",
    }
    if not amounts.vat_free:
        truth["vat_rates"] = sorted({rate for rate, _base, _vat in amounts.breakdown}, reverse=True)
    truth.update(extra)
    return truth


# --- templates ---------------------------------------------------------------------------------------
# Each takes a Values and returns (pdf bytes, truth). Layouts are fixed; values come from `v`.


def online_app_modern(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Pennylane-like: title right, number/date/échéance under it, 'Facturé à', totals box, IBAN footer."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number, iban = f"FAC-2026-{v.number(1, 9999):04d}", v.iban()
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    block(d, 40, 50, [s.name, s.street, s.city])
    d.r(555, 52, "Facture", 20, "B")
    label_rows(
        d,
        370,
        555,
        75,
        [
            ("Numéro de facture", number),
            ("Date d'émission", day.strftime("%d/%m/%Y")),
            ("Date d'échéance", due_date(day).strftime("%d/%m/%Y")),
        ],
        bold_last=False,
    )
    d.t(330, 140, "Facturé à", 8, "B")
    block(d, 330, 154, [b.name, b.street, b.city])
    y = items_table(d, 230, a.lines, "fr")
    d.box(350, y, 205, 70)
    label_rows(
        d,
        358,
        548,
        y + 15,
        [
            ("Total HT", money(a.ht, "fr", " €")),
            ("TVA 20 %", money(a.tva, "fr", " €")),
            ("Total TTC", money(a.ttc, "fr", " €")),
            ("Montant à régler", money(a.due, "fr", " €")),
        ],
    )
    d.t(40, y + 100, "Conditions de paiement : 30 jours à réception de facture, par virement bancaire.", 8)
    d.t(40, y + 112, f"IBAN : {iban}    BIC : AGRIFRPP", 8)
    legal_footer(
        d,
        s,
        [
            f"{s.name} - SAS au capital de 10 000 € - SIRET {s.siret} - RCS Lyon {s.siren}",
            f"N° TVA intracommunautaire : {s.vat}",
        ],
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, iban=iban)


def crm_reversed_header(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Sellsy-like: client left, supplier right; two VAT rates; penalties sentence with example amounts."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"F26-{v.number(1, 9999):04d}"
    a = Amounts(v.lines(4, ("20", "10")))
    d = Doc()
    d.t(40, 50, f"FACTURE N° {number}", 16, "B")
    d.t(40, 70, f"Date : {long_date(day)}", 9)
    d.t(40, 110, "Client", 8, "B")
    block(d, 40, 124, [b.name, b.street, b.city, f"SIRET : {b.siret}"])
    block(d, 340, 110, [s.name, s.street, s.city, f"SIRET : {s.siret}", f"TVA : {s.vat}"])
    y = items_table(d, 220, a.lines, "fr_space")
    rows = [("Total H.T.", money(a.ht, "fr_space", " €"))]
    rows += [(f"T.V.A. {rate_text(rate)} %", money(vat, "fr_space", " €")) for rate, _, vat in a.breakdown]
    rows += [
        ("Total T.T.C.", money(a.ttc, "fr_space", " €")),
        ("Net à payer", money(a.due, "fr_space", " €")),
    ]
    label_rows(d, 370, 555, y + 10, rows)
    d.t(
        40,
        700,
        "Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire pour frais",
        7,
    )
    d.t(40, 709, "de recouvrement : 40,00 €. Pas d'escompte pour paiement anticipé.", 7)
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, buyer_siret=b.siret)


def discount_and_deposit(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Axonaut-like: remise on the gross total, acompte already paid, 'Reste à payer'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"FA{day.year}{v.number(100, 999)}"
    lines = v.lines(3, ("20",))
    deposit = (sum(line.total for line in lines) * Decimal("0.3")).quantize(Decimal(1))
    a = Amounts(lines, discount_rate=Decimal(10), deposit=deposit)
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}"])
    d.t(340, 45, f"Facture {number}", 14, "B")
    d.t(340, 62, f"Date de facturation : {day.strftime('%d/%m/%Y')}", 9)
    block(d, 340, 100, [b.name, b.street, b.city])
    y = items_table(d, 200, a.lines, "fr")
    label_rows(
        d,
        330,
        555,
        y + 10,
        [
            ("Total HT brut", money(a.gross_ht, "fr")),
            ("Remise 10 %", money(-a.discount, "fr")),
            ("Total HT net", money(a.ht, "fr")),
            ("TVA 20 %", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
            ("Acompte versé", money(a.deposit, "fr")),
            ("Reste à payer", money(a.due, "fr")),
        ],
    )
    legal_footer(d, s, [f"{s.name} - SIRET {s.siret} - TVA {s.vat}"])
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat)


def micro_enterprise(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Henrri-like auto-entrepreneur invoice: no VAT, article 293 B sentence, 'Total à payer'."""
    s, b, day = (
        v.party(("Julie Martin - Graphiste", "Paul Durand Photographie", "Léa Petit Traductions")),
        v.party(PRIVATE_BUYERS),
        v.date(),
    )
    number = f"{day.year}-{v.number(1, 300):03d}"
    a = Amounts(v.lines(2, ("0",)), vat_free=True)
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET : {s.siret}"])
    d.r(555, 45, f"Facture n° {number}", 13, "B")
    d.r(555, 62, f"{s.city.split(' ', 1)[1]}, le {long_date(day)}", 9)
    block(d, 330, 110, [b.name, b.street, b.city])
    y = items_table(
        d,
        210,
        a.lines,
        "fr",
        headers=("Description", "Quantité", "Prix unitaire", "", "Montant"),
        show_rate=False,
    )
    label_rows(
        d,
        360,
        555,
        y + 10,
        [("Total HT", money(a.ht, "fr", " €")), ("Total à payer", money(a.due, "fr", " €"))],
    )
    d.t(40, y + 60, "TVA non applicable, art. 293 B du CGI", 9)
    d.t(40, y + 74, "Paiement à réception par virement ou chèque.", 8)
    return d.output(), _truth(number, day, a, s, buyer=b.name, vat_regime="SANS_TVA")


def chorus_commune(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Invoice to a commune for Chorus Pro: code service, n° d'engagement, marché, buyer SIRET."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"FAC-{day.year}-{v.number(1, 9999):04d}"
    po, service, contract = (
        f"EJ{day.year}{v.number(100000, 999999)}",
        f"SERV{v.number(10, 99)}",
        f"{day.year - 1}-MAPA-{v.number(1, 99):03d}",
    )
    iban = v.iban()
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    d.t(40, 50, s.name, 14, "B")
    block(d, 40, 66, [s.street, s.city, f"SIRET : {s.siret}", f"N° TVA intracommunautaire : {s.vat}"], gap=10)
    d.t(330, 110, "Destinataire", 8, "B")
    block(d, 330, 124, [b.name, "Service financier", b.street, b.city, f"SIRET : {b.siret}"])
    d.t(40, 200, f"Facture n° {number}", 12, "B")
    d.t(40, 216, f"Date : {day.strftime('%d/%m/%Y')}", 9)
    d.t(40, 230, f"Code service : {service}", 9)
    d.t(40, 244, f"N° d'engagement : {po}", 9)
    d.t(300, 230, f"Marché n° {contract}", 9)
    y = items_table(d, 280, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr")),
            ("TVA 20 %", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
        ],
    )
    d.t(40, y + 80, f"Règlement par virement - IBAN : {iban} - BIC : CEPAFRPP", 8)
    return d.output(), _truth(
        number,
        day,
        a,
        s,
        buyer=b.name,
        amount_due=None,
        supplier_vat=s.vat,
        buyer_siret=b.siret,
        po_number=po,
        service_code=service,
        contract_number=contract,
        iban=iban,
    )


def hospital_table_footer(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Invoice to a hospital: bon de commande, totals as the footer rows of the item table."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, po = f"{v.number(10000, 99999)}", f"BC-{day.year % 100}-{v.number(1000, 99999):05d}"
    a = Amounts(v.lines(5, ("5.5", "20")))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city])
    d.t(340, 45, "FACTURE", 16, "B")
    d.t(340, 64, f"N° : {number}", 9)
    d.t(340, 76, f"Du : {day.strftime('%d.%m.%Y')}", 9)
    d.t(340, 88, f"Bon de commande n° {po}", 9)
    block(d, 340, 120, [b.name, "Direction des achats", b.street, b.city])
    y = items_table(d, 210, a.lines, "fr_dot")
    x4 = 555 - 4
    for label, value in [
        ("Sous-total HT", a.ht),
        *[(f"TVA {rate_text(r)} %", t) for r, _, t in a.breakdown],
        ("Total TTC", a.ttc),
    ]:
        d.r(555 - 150, y, label, 8.5, "B")
        d.r(x4, y, money(value, "fr_dot"), 8.5, "B")
        y += 14
    legal_footer(d, s, [f"{s.name} - SIRET {s.siret} - N° TVA {s.vat} - RCS {s.city.split(' ', 1)[1]}"])
    return d.output(), _truth(
        number, day, a, s, buyer=b.name, amount_due=None, supplier_vat=s.vat, po_number=po
    )


def ministry_chorus(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Invoice to a ministry: 'Code service exécutant', 'Numéro d'engagement juridique', several rates."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, po, service = (
        f"2026/{v.number(1, 999):03d}",
        f"{v.number(1000000000, 9999999999)}",
        f"DAF{v.number(100, 999)}",
    )
    a = Amounts(v.lines(4, ("20", "5.5")))
    d = Doc()
    block(d, 330, 45, [s.name, s.street, s.city, f"SIRET {s.siret}", f"TVA intracom. {s.vat}"])
    block(d, 40, 45, [b.name, "Bureau des affaires financières", b.street, b.city, f"SIRET {b.siret}"])
    d.t(40, 140, f"FACTURE N° {number}", 13, "B")
    d.t(40, 156, f"Émise le {day.strftime('%d/%m/%Y')}", 9)
    d.t(40, 170, f"Code service exécutant : {service}", 9)
    d.t(40, 184, f"Numéro d'engagement juridique : {po}", 9)
    y = items_table(d, 220, a.lines, "fr")
    d.t(40, y + 8, "Récapitulatif TVA", 8, "B")
    d.t(40, y + 22, "Taux", 8)
    d.r(170, y + 22, "Base HT", 8)
    d.r(260, y + 22, "Montant TVA", 8)
    yy = y + 36
    for rate, base, vat in a.breakdown:
        d.t(40, yy, rate_text(rate) + " %", 8)
        d.r(170, yy, money(base, "fr"), 8)
        d.r(260, yy, money(vat, "fr"), 8)
        yy += 12
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr")),
            ("Total TVA", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
        ],
    )
    return d.output(), _truth(
        number,
        day,
        a,
        s,
        buyer=b.name,
        amount_due=None,
        supplier_vat=s.vat,
        buyer_siret=b.siret,
        po_number=po,
        service_code=service,
    )


def multipage_totals_last(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Three pages of lines with a repeated header and per-page subtotals; totals on the last page."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"FAC-{day.year}-{v.number(1, 9999):04d}"
    a = Amounts(v.lines(60, ("20",)))
    d = Doc()
    for page in range(3):
        if page:
            d.page()
        d.t(40, 40, s.name, 11, "B")
        d.r(555, 40, f"Facture {number} - page {page + 1}/3", 8)
        if page == 0:
            block(d, 40, 60, [s.street, s.city, f"SIRET {s.siret}"])
            block(d, 330, 80, [b.name, b.street, b.city])
            d.t(40, 140, f"Date de facture : {day.strftime('%d/%m/%Y')}", 9)
        chunk = a.lines[page * 20 : (page + 1) * 20]
        y = items_table(d, 170, chunk, "fr")
        subtotal = sum((line.total for line in chunk), Decimal(0))
        d.r(470, y, f"Sous-total page {page + 1}", 8)
        d.r(551, y, money(subtotal, "fr"), 8)
    label_rows(
        d,
        360,
        555,
        560,
        [
            ("Total HT", money(a.ht, "fr", " €")),
            ("TVA 20 %", money(a.tva, "fr", " €")),
            ("Total TTC", money(a.ttc, "fr", " €")),
            ("Net à payer", money(a.due, "fr", " €")),
        ],
    )
    legal_footer(d, s, [f"SIRET {s.siret} - TVA intracommunautaire {s.vat}"])
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat)


def credit_note(v: Values) -> tuple[bytes, dict[str, Any]]:
    """An 'avoir' referring to its invoice, with negative amounts."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number, original = f"AV-{day.year}-{v.number(1, 999):04d}", f"FAC-{day.year}-{v.number(1, 9999):04d}"
    a = Amounts(v.lines(1, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET : {s.siret}", f"TVA : {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 180, f"AVOIR N° {number}", 14, "B")
    d.t(40, 196, f"Date : {day.strftime('%d/%m/%Y')}", 9)
    d.t(40, 210, f"Avoir se rapportant à la facture n° {original}", 9)
    y = items_table(d, 250, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", money(-a.ht, "fr", " €")),
            ("TVA 20 %", money(-a.tva, "fr", " €")),
            ("Total TTC", money(-a.ttc, "fr", " €")),
        ],
    )
    truth = _truth(
        number,
        day,
        a,
        s,
        buyer=b.name,
        supplier_vat=s.vat,
        document_type="credit_note",
        original_invoice_number=original,
    )
    truth["amount_due"] = None  # not printed
    return d.output(), truth


def accounting_vat_recap(v: Values) -> tuple[bytes, dict[str, Any]]:
    """EBP-like: a VAT recap table (Code, Taux, Base HT, Montant TVA) left, totals right, 'Net à payer'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"FA{v.number(10000, 99999)}"
    a = Amounts(v.lines(5, ("20", "10", "5.5")))
    d = Doc()
    d.t(40, 45, s.name, 14, "B")
    block(d, 40, 62, [s.street, s.city], gap=10)
    d.box(330, 40, 225, 50)
    d.t(338, 55, "FACTURE", 10, "B")
    d.t(338, 68, f"N° {number}", 9)
    d.t(338, 80, f"Date {day.strftime('%d/%m/%y')}", 9)
    block(d, 330, 120, [b.name, b.street, b.city])
    y = items_table(d, 200, a.lines, "fr_space")
    d.t(40, y + 10, "Code", 8, "B")
    d.t(80, y + 10, "Taux", 8, "B")
    d.r(180, y + 10, "Base HT", 8, "B")
    d.r(260, y + 10, "Montant TVA", 8, "B")
    yy = y + 24
    for i, (rate, base, vat) in enumerate(a.breakdown, start=1):
        d.t(40, yy, str(i), 8)
        d.t(80, yy, rate_text(rate), 8)
        d.r(180, yy, money(base, "fr_space"), 8)
        d.r(260, yy, money(vat, "fr_space"), 8)
        yy += 12
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr_space")),
            ("Total TVA", money(a.tva, "fr_space")),
            ("Total TTC", money(a.ttc, "fr_space")),
            ("Net à payer", money(a.due, "fr_space") + " EUR"),
        ],
    )
    legal_footer(d, s, [f"SARL au capital de 7 500 € - SIRET {s.siret} - APE 4321A - TVA {s.vat}"])
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat)


def erp_amount_words(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Sage-like: 'Montant total HT', 'Montant TVA', 'Montant total TTC', escompte, due date table."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"F{day.year % 100}{v.number(1, 99999):05d}"
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city])
    d.t(330, 45, "Facture", 14, "B")
    d.t(330, 65, "Numéro", 8)
    d.t(420, 65, "Date", 8)
    d.t(490, 65, "Client", 8)
    d.t(330, 77, number, 9)
    d.t(420, 77, day.strftime("%d/%m/%Y"), 9)
    d.t(490, 77, f"C{v.number(1000, 9999)}", 9)
    block(d, 330, 110, [b.name, b.street, b.city])
    y = items_table(d, 200, a.lines, "fr_space")
    label_rows(
        d,
        340,
        555,
        y + 10,
        [
            ("Montant total HT", money(a.ht, "fr_space")),
            ("Montant TVA (20 %)", money(a.tva, "fr_space")),
            ("Montant total TTC", money(a.ttc, "fr_space")),
        ],
    )
    d.t(40, y + 70, "Échéance", 8, "B")
    d.t(120, y + 70, "Montant", 8, "B")
    d.t(40, y + 82, due_date(day, 45).strftime("%d/%m/%Y"), 8)
    d.t(120, y + 82, money(a.ttc, "fr_space"), 8)
    d.t(40, y + 100, "Escompte pour paiement anticipé : néant.", 7)
    legal_footer(d, s, [f"{s.name} - SIRET {s.siret} - TVA {s.vat}"])
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None, supplier_vat=s.vat)


def odoo_like(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Odoo FR: 'Facture FAC/2026/00042', 'Date de facturation:', 'Montant hors taxes', 'Total'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"FAC/{day.year}/{v.number(1, 99999):05d}"
    a = Amounts(v.lines(3, ("20", "10")))
    d = Doc()
    block(d, 40, 40, [s.name, s.street, s.city, "France"])
    block(d, 330, 110, [b.name, b.street, b.city, f"N° TVA : {b.vat}"])
    d.t(40, 190, f"Facture {number}", 16, "B")
    d.t(40, 212, "Date de facturation:", 8, "B")
    d.t(40, 224, day.strftime("%d/%m/%Y"), 9)
    d.t(180, 212, "Date d'échéance:", 8, "B")
    d.t(180, 224, due_date(day).strftime("%d/%m/%Y"), 9)
    y = items_table(
        d, 260, a.lines, "fr", headers=("Description", "Quantité", "Prix unitaire", "Taxes", "Montant")
    )
    rows = [("Montant hors taxes", money(a.ht, "fr", " €"))]
    rows += [
        (f"TVA {rate_text(r)}% sur {money(base, 'fr', ' €')}", money(t, "fr", " €"))
        for r, base, t in a.breakdown
    ]
    rows += [("Total", money(a.ttc, "fr", " €"))]
    label_rows(d, 320, 555, y + 10, rows)
    d.t(40, y + 90, f"Communication de paiement : {number}", 8)
    legal_footer(d, s, [f"SIRET : {s.siret} - TVA : {s.vat}"])
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None, supplier_vat=s.vat)


def word_letter(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Invoice typed in Word: place and long date, 'Facture n° 2026/117', totals as sentences."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"{day.year}/{v.number(1, 999)}"
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    block(d, 60, 60, [s.name, s.street, s.city, f"SIRET : {s.siret}"], size=10, gap=13)
    block(d, 330, 140, [b.name, b.street, b.city], size=10, gap=13)
    d.t(330, 210, f"{s.city.split(' ', 1)[1]}, le {long_date(day)}", 10)
    d.t(60, 260, f"Facture n° {number}", 12, "B")
    d.t(60, 290, "Madame, Monsieur,", 10)
    d.t(60, 310, "Veuillez trouver ci-dessous le détail des prestations réalisées :", 10)
    y = 340
    for line in a.lines:
        d.t(80, y, f"- {line.label} : {money(line.total, 'fr_space')} € HT", 10)
        y += 16
    y += 10
    for label, value in [("Total hors taxes", a.ht), ("TVA à 20 %", a.tva), ("Total TTC", a.ttc)]:
        d.t(80, y, f"{label} : {money(value, 'fr_space')} €", 10, "B" if label == "Total TTC" else "")
        y += 16
    d.t(60, y + 20, "Je vous remercie de bien vouloir régler cette facture sous 30 jours par virement.", 10)
    d.t(60, y + 36, f"N° TVA intracommunautaire : {s.vat}", 10)
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None, supplier_vat=s.vat)


def spreadsheet_grid(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Excel-made: labels in column A, values in the last column, upper-case labels, no currency sign."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"{v.number(100, 999)}"
    a = Amounts(v.lines(4, ("20",)))
    d = Doc()
    d.t(40, 45, s.name.upper(), 12, "B")
    block(d, 40, 60, [s.street, s.city, f"Siret {s.siret}"])
    d.t(40, 110, "FACTURE N°", 9, "B")
    d.t(140, 110, number, 9)
    d.t(40, 124, "DATE", 9, "B")
    d.t(140, 124, day.strftime("%d/%m/%Y"), 9)
    d.t(330, 110, "CLIENT", 9, "B")
    block(d, 330, 124, [b.name, b.street, b.city])
    y = items_table(d, 200, a.lines, "plain", headers=("DÉSIGNATION", "QTÉ", "PU HT", "TVA", "MONTANT HT"))
    for label, value in [("TOTAL HT", a.ht), ("TVA 20%", a.tva), ("TOTAL TTC", a.ttc)]:
        d.t(340, y, label, 9, "B")
        d.r(551, y, money(value, "plain"), 9, "B")
        y += 14
    d.t(40, y + 30, "Règlement par chèque à l'ordre de " + s.name, 8)
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None)


def us_style_tool(v: Values) -> tuple[bytes, dict[str, Any]]:
    """QuickBooks FR: 'N° de facture 1042', 'SOUS-TOTAL', 'TVA @ 20 %', 'TOTAL', 'SOLDE DÛ'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"{v.number(1000, 9999)}"
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    d.t(40, 45, "FACTURE", 18, "B")
    block(d, 40, 70, [s.name, s.street, s.city, f"N° TVA : {s.vat}"])
    d.t(40, 130, "FACTURER À", 8, "B")
    block(d, 40, 142, [b.name, b.street, b.city])
    label_rows(
        d,
        380,
        555,
        130,
        [
            ("N° DE FACTURE", number),
            ("DATE", day.strftime("%d/%m/%Y")),
            ("ÉCHÉANCE", due_date(day).strftime("%d/%m/%Y")),
            ("MODALITÉS", "Net 30"),
        ],
        gap=12,
        bold_last=False,
    )
    y = items_table(d, 220, a.lines, "fr_space", headers=("ACTIVITÉ", "QTÉ", "TAUX", "TVA", "MONTANT"))
    label_rows(
        d,
        380,
        555,
        y + 10,
        [
            ("SOUS-TOTAL", money(a.ht, "fr_space")),
            ("TVA @ 20 %", money(a.tva, "fr_space")),
            ("TOTAL", money(a.ttc, "fr_space")),
            ("SOLDE DÛ", money(a.due, "fr_space") + " €"),
        ],
    )
    legal_footer(d, s, [f"SIRET {s.siret}"])
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat)


def nordic_tool(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Zervant-like: label column on the right with values under labels; 'Montant net', 'À payer'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"{v.number(1, 500)}"
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    d.t(40, 50, s.name, 13, "B")
    block(d, 40, 120, [b.name, b.street, b.city])
    d.t(360, 50, "Facture", 14, "B")
    d.t(360, 70, "Numéro de facture", 7)
    d.t(360, 80, number, 9)
    d.t(460, 70, "Date de la facture", 7)
    d.t(460, 80, day.strftime("%d.%m.%Y"), 9)
    d.t(360, 96, "Date d'échéance", 7)
    d.t(360, 106, due_date(day, 14).strftime("%d.%m.%Y"), 9)
    d.t(460, 96, "Référence", 7)
    d.t(460, 106, f"{v.number(10000, 99999)}", 9)
    y = items_table(d, 210, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Montant net", money(a.ht, "fr") + " €"),
            ("TVA 20 %", money(a.tva, "fr") + " €"),
            ("Montant total", money(a.ttc, "fr") + " €"),
            ("À payer", money(a.due, "fr") + " €"),
        ],
    )
    d.t(40, 770, s.name, 7, "B")
    d.t(40, 779, s.street + ", " + s.city, 7)
    d.t(230, 770, "SIRET", 7, "B")
    d.t(230, 779, s.siret, 7)
    d.t(330, 770, "N° TVA", 7, "B")
    d.t(330, 779, s.vat, 7)
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat)


def reverse_charge(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Construction subcontractor: autoliquidation, no VAT charged, TTC = HT."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"FC{day.year}-{v.number(1, 999):03d}"
    a = Amounts(v.lines(2, ("20",)), vat_free=True)
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}", f"TVA {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city, f"TVA {b.vat}"])
    d.t(40, 180, f"Facture N° {number} du {day.strftime('%d/%m/%Y')}", 12, "B")
    y = items_table(
        d, 220, a.lines, "fr", headers=("Travaux", "Qté", "P.U. HT", "", "Total HT"), show_rate=False
    )
    label_rows(
        d,
        360,
        555,
        y + 10,
        [("Total HT", money(a.ht, "fr")), ("TVA", money(a.tva, "fr")), ("Total TTC", money(a.ttc, "fr"))],
    )
    d.t(40, y + 70, "Autoliquidation - TVA due par le preneur, article 283-2 nonies du CGI.", 8)
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None, supplier_vat=s.vat)


def cash_basis_vat(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Services with 'TVA sur les encaissements', two rates, totals in a right box with ruling."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"FACT{day.year}{v.number(1, 9999):04d}"
    a = Amounts(v.lines(3, ("20", "5.5")))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city])
    d.r(555, 45, "FACTURE", 16, "B")
    d.r(555, 62, f"N° {number}", 9)
    d.r(555, 74, f"Le {long_date(day)}", 9)
    block(d, 330, 110, [b.name, b.street, b.city, f"SIRET {b.siret}"])
    y = items_table(d, 210, a.lines, "fr")
    d.box(340, y, 215, 80)
    rows = [("Total HT", money(a.ht, "fr", " €"))]
    rows += [(f"TVA {rate_text(r)} %", money(t, "fr", " €")) for r, _, t in a.breakdown]
    rows += [("Total TTC", money(a.ttc, "fr", " €"))]
    label_rows(d, 348, 548, y + 15, rows)
    d.t(40, y + 110, "TVA acquittée sur les encaissements.", 8)
    legal_footer(d, s, [f"{s.name} - SIRET {s.siret} - TVA intracommunautaire {s.vat}"])
    return d.output(), _truth(
        number,
        day,
        a,
        s,
        buyer=b.name,
        amount_due=None,
        supplier_vat=s.vat,
        buyer_siret=b.siret,
        vat_regime="TVA_SUR_ENCAISSEMENT",
    )


def press_low_rates(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Books and press subscription to a library: 5,5 % and 2,1 % rates, summary by rate."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"AB-{v.number(10000, 99999)}"
    a = Amounts(v.lines(4, ("5.5", "2.1")))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET : {s.siret}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"Facture n°{number}", 12, "B")
    d.t(40, 186, f"Date d'émission : {day.strftime('%d/%m/%Y')}", 9)
    y = items_table(d, 220, a.lines, "fr")
    rows = [(f"Base HT {rate_text(r)} %", money(base, "fr")) for r, base, _ in a.breakdown]
    rows += [(f"TVA {rate_text(r)} %", money(t, "fr")) for r, _, t in a.breakdown]
    rows += [
        ("Total HT", money(a.ht, "fr")),
        ("Total TVA", money(a.tva, "fr")),
        ("Total TTC", money(a.ttc, "fr")),
    ]
    label_rows(d, 360, 555, y + 10, rows)
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None)


def horizontal_totals(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Totals as a one-row table: headers 'Total HT | TVA | Total TTC | Net à payer' over the values."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"FA-{v.number(100000, 999999)}"
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, "Facture", 14, "B")
    d.t(40, 188, "N° facture", 8)
    d.t(140, 188, "Date", 8)
    d.t(40, 200, number, 9)
    d.t(140, 200, day.strftime("%d/%m/%Y"), 9)
    y = items_table(d, 240, a.lines, "fr")
    xs = (220, 310, 400, 490)
    headers = ("Total HT", "TVA 20 %", "Total TTC", "Net à payer")
    values = (a.ht, a.tva, a.ttc, a.due)
    for x, h, value in zip(xs, headers, values, strict=True):
        d.r(x + 60, y + 10, h, 8, "B")
        d.r(x + 60, y + 24, money(value, "fr", " €"), 9)
    legal_footer(d, s, [f"TVA intracommunautaire {s.vat}"])
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat)


def paid_balance(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Final invoice after a deposit invoice: 'Déjà réglé', 'Solde à payer'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"FS-{day.year}-{v.number(1, 999):03d}"
    lines = v.lines(2, ("20",))
    deposit = (sum(line.total for line in lines) * Decimal("0.36")).quantize(CENT)
    a = Amounts(lines, deposit=deposit)
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET : {s.siret}", f"TVA : {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city, f"SIRET : {b.siret}"])
    d.t(40, 180, f"Facture de solde n° {number}", 12, "B")
    d.t(40, 196, f"Date : {day.strftime('%d/%m/%Y')}", 9)
    y = items_table(d, 230, a.lines, "fr")
    label_rows(
        d,
        340,
        555,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr")),
            ("TVA 20 %", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
            ("Déjà réglé (facture d'acompte)", money(a.deposit, "fr")),
            ("Solde à payer", money(a.due, "fr")),
        ],
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, buyer_siret=b.siret)


def amount_in_words(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Traditional layout with 'Arrêtée la présente facture à la somme de ...' and an IBAN/RIB block."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, iban = f"{day.year}{v.number(1, 999):03d}", v.iban()
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"FACTURE N° {number}", 12, "B")
    d.t(330, 170, f"{s.city.split(' ', 1)[1]}, le {day.strftime('%d/%m/%Y')}", 9)
    y = items_table(d, 210, a.lines, "fr_space")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("TOTAL H.T.", money(a.ht, "fr_space")),
            ("T.V.A. 20 %", money(a.tva, "fr_space")),
            ("TOTAL T.T.C.", money(a.ttc, "fr_space")),
        ],
    )
    d.t(40, y + 70, f"Arrêtée la présente facture à la somme de {money(a.ttc, 'fr_space')} euros TTC.", 9)
    d.t(40, y + 100, "Coordonnées bancaires", 8, "B")
    d.t(40, y + 112, f"IBAN {' '.join(iban[i : i + 4] for i in range(0, len(iban), 4))}", 8)
    d.t(40, y + 124, "BIC CCBPFRPPXXX", 8)
    legal_footer(
        d,
        s,
        [
            f"{s.name} - SARL au capital de 20 000 € - RCS {s.city.split(' ', 1)[1]} {s.siren}",
            f"SIRET {s.siret} - N° TVA intracommunautaire {s.vat}",
        ],
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None, supplier_vat=s.vat, iban=iban)


def multipage_carry_forward(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Two pages with 'À reporter' / 'Report' amounts, a VAT recap and totals on page 2."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, po = f"{day.year}-{v.number(1000, 9999)}", f"{v.number(100000, 999999)}"
    a = Amounts(v.lines(34, ("20", "10")))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}"])
    block(d, 330, 90, [b.name, b.street, b.city])
    d.t(40, 150, f"Facture {number}", 13, "B")
    d.t(40, 166, f"Date : {day.strftime('%d/%m/%Y')}", 9)
    d.t(200, 166, f"Engagement n° {po}", 9)
    first = a.lines[:22]
    y = items_table(d, 200, first, "fr")
    carried = sum((line.total for line in first), Decimal(0))
    d.r(470, y, "À reporter", 8, "B")
    d.r(551, y, money(carried, "fr"), 8)
    d.page()
    d.t(40, 40, f"Facture {number} (suite)", 9, "B")
    d.r(470, 70, "Report", 8, "B")
    d.r(551, 70, money(carried, "fr"), 8)
    y = items_table(d, 100, a.lines[22:], "fr")
    rows = [("Total HT", money(a.ht, "fr"))]
    rows += [(f"TVA {rate_text(r)} % sur {money(base, 'fr')}", money(t, "fr")) for r, base, t in a.breakdown]
    rows += [("Total TTC", money(a.ttc, "fr"))]
    label_rows(d, 300, 555, y + 10, rows)
    legal_footer(d, s, [f"N° TVA intracommunautaire : {s.vat}"])
    return d.output(), _truth(
        number, day, a, s, buyer=b.name, amount_due=None, supplier_vat=s.vat, po_number=po
    )


def three_rates_codes(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Restaurant/catering for a school: 10 %, 5,5 % and 20 %, totals labelled 'Base HT' per rate."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"T{v.number(100000, 999999)}"
    service = f"CANTINE{v.number(1, 9)}"
    a = Amounts(v.lines(6, ("10", "5.5", "20")))
    d = Doc()
    d.t(40, 45, s.name, 14, "B")
    block(d, 40, 62, [s.street, s.city, f"SIRET {s.siret} - TVA {s.vat}"], gap=10)
    block(d, 330, 100, [b.name, b.street, b.city])
    d.t(40, 150, f"Facture n° {number} du {long_date(day)}", 11, "B")
    d.t(40, 166, f"Service : {service}", 9)
    y = items_table(d, 200, a.lines, "fr")
    d.t(40, y + 10, "Taux TVA", 8, "B")
    d.r(200, y + 10, "Base HT", 8, "B")
    d.r(280, y + 10, "TVA", 8, "B")
    d.r(360, y + 10, "TTC", 8, "B")
    yy = y + 24
    for rate, base, vat in a.breakdown:
        d.t(40, yy, rate_text(rate) + " %", 8)
        d.r(200, yy, money(base, "fr"), 8)
        d.r(280, yy, money(vat, "fr"), 8)
        d.r(360, yy, money(base + vat, "fr"), 8)
        yy += 12
    d.t(40, yy, "Total", 8, "B")
    d.r(200, yy, money(a.ht, "fr"), 8, "B")
    d.r(280, yy, money(a.tva, "fr"), 8, "B")
    d.r(360, yy, money(a.ttc, "fr"), 8, "B")
    d.t(400, yy + 30, "Net à payer", 10, "B")
    d.r(555, yy + 30, money(a.due, "fr", " €"), 10, "B")
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat)


def iso_dates_export(v: Values) -> tuple[bytes, dict[str, Any]]:
    """ERP export with ISO dates and 'Invoice'-free French labels, 'Total hors taxes', 'Total TVA'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"INV{day.year}{v.number(10000, 99999)}"
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET: {s.siret}", f"TVA: {s.vat}"])
    d.t(330, 45, "FACTURE", 14, "B")
    label_rows(
        d,
        330,
        555,
        65,
        [("Numéro", number), ("Date", day.isoformat()), ("Échéance", due_date(day).isoformat())],
        gap=12,
        bold_last=False,
    )
    block(d, 330, 120, [b.name, b.street, b.city])
    y = items_table(d, 210, a.lines, "fr")
    label_rows(
        d,
        340,
        555,
        y + 10,
        [
            ("Total hors taxes", money(a.ht, "fr")),
            ("Total TVA", money(a.tva, "fr")),
            ("Total toutes taxes comprises", money(a.ttc, "fr")),
            ("Montant dû", money(a.due, "fr")),
        ],
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat)


def supplier_right_ids_footer(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Supplier block on the right, buyer left with its own SIRET, supplier ids only in the footer."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, contract = f"FAC{v.number(1000, 9999)}", f"M{day.year - 1}-{v.number(10, 99)}"
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    block(d, 330, 45, [s.name, s.street, s.city])
    d.t(40, 110, "Adressé à :", 8)
    block(d, 40, 122, [b.name, b.street, b.city, f"SIRET {b.siret}"])
    d.t(330, 130, f"Facture n° {number}", 12, "B")
    d.t(330, 146, f"Date : {day.strftime('%d/%m/%Y')}", 9)
    d.t(330, 158, f"Réf. marché : {contract}", 9)
    y = items_table(d, 210, a.lines, "fr")
    d.box(340, y, 215, 55)
    label_rows(
        d,
        348,
        548,
        y + 15,
        [
            ("Total HT", money(a.ht, "fr", " €")),
            ("TVA (20 %)", money(a.tva, "fr", " €")),
            ("Total TTC", money(a.ttc, "fr", " €")),
        ],
    )
    legal_footer(
        d,
        s,
        [
            f"{s.name} - SAS au capital de 50 000 € - RCS {s.city.split(' ', 1)[1]} B {s.siren}",
            f"SIRET {s.siret} - Code NAF 7112B - N° TVA intracommunautaire {s.vat}",
        ],
    )
    return d.output(), _truth(
        number,
        day,
        a,
        s,
        buyer=b.name,
        amount_due=None,
        supplier_vat=s.vat,
        buyer_siret=b.siret,
        contract_number=contract,
    )


def glued_labels(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Compact invoice with labels glued to values ('N°:', 'Date:'), totals with 'Total HT:'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"F{day.year}{v.number(100, 999)}"
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET:{s.siret}"])
    block(d, 330, 45, [b.name, b.street, b.city])
    d.t(40, 130, f"Facture N°:{number}", 11, "B")
    d.t(40, 144, f"Date:{day.strftime('%d/%m/%Y')}", 9)
    y = items_table(d, 180, a.lines, "fr")
    for label, value in [("Total HT:", a.ht), ("TVA 20%:", a.tva), ("Total TTC:", a.ttc)]:
        d.r(555, y, f"{label} {money(value, 'fr')} €", 9, "B")
        y += 14
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None)


# --- second wave: written after the first fixes, run once before any further change ---------------------


def payment_slip(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Utility-style invoice with a detachable payment slip at the foot that repeats the buyer's address."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"{v.number(10000000, 99999999)}"
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret} - TVA {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 180, f"Facture n° {number} du {day.strftime('%d/%m/%Y')}", 11, "B")
    y = items_table(d, 220, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Montant HT", money(a.ht, "fr")),
            ("Montant TVA", money(a.tva, "fr")),
            ("Montant TTC", money(a.ttc, "fr")),
        ],
    )
    d.hline(40, 555, 700)
    d.t(40, 715, "Talon à joindre à votre règlement", 7, "B")
    block(d, 40, 730, [b.name, b.street, b.city, f"SIRET {b.siret}"], size=7, gap=9)
    d.t(330, 730, f"Référence : {number}", 7)
    d.t(330, 740, f"Montant : {money(a.ttc, 'fr')} €", 7)
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, amount_due=None)


def delivery_dates(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Several dates in the header: livraison and échéance around the invoice date, amounts in EUR."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"FV{day.year % 100}{v.number(1000, 9999)}"
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET : {s.siret}", f"TVA : {s.vat}"])
    block(d, 330, 45, [b.name, b.street, b.city])
    label_rows(
        d,
        40,
        250,
        140,
        [
            ("Date de livraison", (day - dt.timedelta(days=6)).strftime("%d/%m/%Y")),
            ("Facture n°", number),
            ("Date", day.strftime("%d/%m/%Y")),
            ("Échéance", due_date(day).strftime("%d/%m/%Y")),
        ],
        gap=12,
        bold_last=False,
    )
    y = items_table(d, 220, a.lines, "fr_dot")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Montant HT", money(a.ht, "fr_dot") + " EUR"),
            ("Montant TVA 20%", money(a.tva, "fr_dot") + " EUR"),
            ("Montant TTC", money(a.ttc, "fr_dot") + " EUR"),
        ],
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, amount_due=None)


def quantity_total_row(v: Values) -> tuple[bytes, dict[str, Any]]:
    """A totals row under the item table that also sums the quantities: 'Total  12  3 456,00'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"FAC{day.year}-{v.number(10, 999)}"
    a = Amounts(v.lines(4, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"Facture {number}", 13, "B")
    d.t(40, 186, f"Date : {long_date(day)}", 9)
    y = items_table(d, 220, a.lines, "fr")
    d.t(44, y, "Total", 8.5, "B")
    d.r(305, y, str(sum(line.quantity for line in a.lines)), 8.5, "B")
    d.r(551, y, money(a.ht, "fr"), 8.5, "B")
    label_rows(
        d,
        360,
        555,
        y + 30,
        [
            ("Total HT", money(a.ht, "fr")),
            ("TVA 20 %", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
            ("Net à payer", money(a.due, "fr")),
        ],
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name)


def ttc_per_line(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Item table with HT, TVA and TTC columns per line; totals in the table's last row."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, po = f"{day.year}{v.number(10000, 99999)}", f"{v.number(1000000000, 1999999999)}"
    a = Amounts(v.lines(3, ("20", "10")))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"N° SIRET : {s.siret}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"FACTURE N° {number}", 12, "B")
    d.t(40, 186, f"Date de facture : {day.strftime('%d/%m/%Y')}", 9)
    d.t(40, 198, f"N° engagement juridique : {po}", 9)
    xs = (300, 370, 440, 551)
    y = 240
    for x, h in zip(xs, ("Montant HT", "Taux", "Montant TVA", "Montant TTC"), strict=True):
        d.r(x, y, h, 8, "B")
    d.t(44, y, "Désignation", 8, "B")
    y += 16
    for line in a.lines:
        vat = (line.total * line.rate / 100).quantize(CENT, ROUND_HALF_UP)
        d.t(44, y, line.label, 8.5)
        for x, text in zip(
            xs,
            (
                money(line.total, "fr"),
                rate_text(line.rate) + " %",
                money(vat, "fr"),
                money(line.total + vat, "fr"),
            ),
            strict=True,
        ):
            d.r(x, y, text, 8.5)
        y += 14
    d.t(44, y + 4, "TOTAL", 8.5, "B")
    for x, value in zip((300, 440, 551), (a.ht, a.tva, a.ttc), strict=True):
        d.r(x, y + 4, money(value, "fr"), 8.5, "B")
    return d.output(), _truth(number, day, a, s, buyer=b.name, po_number=po, amount_due=None)


def refund_credit_note(v: Values) -> tuple[bytes, dict[str, Any]]:
    """'Facture d'avoir n°' with positive amounts and 'Montant à rembourser'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number, original = f"A{v.number(1000, 9999)}", f"F{v.number(1000, 9999)}"
    a = Amounts(v.lines(1, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}", f"TVA {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 180, f"Facture d'avoir n° {number}", 13, "B")
    d.t(40, 196, f"Émise le {long_date(day)}", 9)
    d.t(40, 208, f"Facture d'origine : {original}", 9)
    y = items_table(d, 240, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr")),
            ("TVA 20 %", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
            ("Montant à rembourser", money(a.ttc, "fr")),
        ],
    )
    truth = _truth(
        number,
        day,
        a,
        s,
        buyer=b.name,
        supplier_vat=s.vat,
        document_type="credit_note",
        original_invoice_number=original,
        amount_due=None,
    )
    return d.output(), truth


def long_document(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Eight pages of lines (the reader reads head and tail only), totals and VAT recap on the last."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"FAC-{day.year}-{v.number(1, 9999):05d}"
    a = Amounts(v.lines(160, ("20", "5.5")))
    d = Doc()
    for page in range(8):
        if page:
            d.page()
        d.t(40, 40, f"{s.name} - Facture {number} du {day.strftime('%d/%m/%Y')}", 8)
        d.r(555, 40, f"Page {page + 1} / 8", 8)
        if page == 0:
            block(d, 40, 70, [s.name, s.street, s.city, f"SIRET {s.siret}"])
            block(d, 330, 70, [b.name, b.street, b.city])
        chunk = a.lines[page * 20 : (page + 1) * 20]
        items_table(d, 160, chunk, "fr")
    rows = [(f"Base HT {rate_text(r)} %", money(base, "fr")) for r, base, _ in a.breakdown]
    rows += [(f"TVA {rate_text(r)} %", money(t, "fr")) for r, _, t in a.breakdown]
    rows += [
        ("Total HT", money(a.ht, "fr")),
        ("Total TVA", money(a.tva, "fr")),
        ("Total TTC", money(a.ttc, "fr")),
    ]
    label_rows(d, 360, 555, 600, rows)
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None)


def references_line(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Buyer references gathered on one line, date as 'Fait à … le …', amounts with 'EUR' before."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, po, service = (
        f"{v.number(100, 999)}-{day.year}",
        f"{v.number(100000, 999999)}",
        f"{v.number(100, 999)}",
    )
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"FACTURE {number}", 13, "B")
    d.t(40, 190, f"Vos références : bon de commande n° {po} - code service {service}", 9)
    y = items_table(d, 230, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", "EUR " + money(a.ht, "fr")),
            ("TVA 20 %", "EUR " + money(a.tva, "fr")),
            ("Total TTC", "EUR " + money(a.ttc, "fr")),
        ],
    )
    d.t(40, y + 80, f"Fait à {s.city.split(' ', 1)[1]} le {long_date(day)}", 9)
    legal_footer(d, s, [f"{s.name} - SIRET {s.siret} - TVA intracom {s.vat}"])
    return d.output(), _truth(
        number,
        day,
        a,
        s,
        buyer=b.name,
        supplier_vat=s.vat,
        po_number=po,
        service_code=service,
        amount_due=None,
    )


def vat_exempt_training(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Training body exempt under article 261-4-4° du CGI: 'Exonération de TVA', TVA 0, 'Net à payer'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"FOR-{day.year}-{v.number(1, 999):03d}"
    a = Amounts(v.lines(2, ("0",)))
    d = Doc()
    block(d, 40, 45, [s.name, "Organisme de formation", s.street, s.city, f"SIRET : {s.siret}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 180, f"Facture n° {number}", 12, "B")
    d.t(40, 196, f"Date d'émission : {day.strftime('%d/%m/%Y')}", 9)
    y = items_table(d, 230, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr")),
            ("TVA", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
            ("Net à payer", money(a.due, "fr")),
        ],
    )
    d.t(40, y + 90, "Exonération de TVA, article 261-4-4° du CGI.", 8)
    return d.output(), _truth(number, day, a, s, buyer=b.name, vat_regime="EXONERATION")


WAVE_2: tuple[Callable[[Values], tuple[bytes, dict[str, Any]]], ...] = (
    payment_slip,
    delivery_dates,
    quantity_total_row,
    ttc_per_line,
    refund_credit_note,
    long_document,
    references_line,
    vat_exempt_training,
)


# --- third wave: written after the second round of fixes, run once before any further change ----------


def retail_ttc_first(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Shop-style invoice priced TTC: 'Total TTC … dont TVA …', the HT given after."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"T{day.year % 100}-{v.number(10000, 99999)}"
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}", f"TVA {s.vat}"])
    d.t(330, 45, f"Facture n° {number}", 12, "B")
    d.t(330, 62, f"Date : {day.strftime('%d/%m/%Y')}", 9)
    block(d, 330, 110, [b.name, b.street, b.city])
    y = items_table(d, 200, a.lines, "fr")
    d.t(340, y + 10, "Total TTC", 10, "B")
    d.r(555, y + 10, money(a.ttc, "fr", " €"), 10, "B")
    d.t(340, y + 24, "dont TVA 20 %", 8)
    d.r(555, y + 24, money(a.tva, "fr", " €"), 8)
    d.t(340, y + 36, "soit Total HT", 8)
    d.r(555, y + 36, money(a.ht, "fr", " €"), 8)
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, amount_due=None)


def deposit_terms_sentence(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Payment terms quoting an amount ('acompte de 30 % soit … à la commande') under the totals."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"FAC{day.year}{v.number(1000, 9999)}"
    a = Amounts(v.lines(3, ("20",)))
    deposit_example = (a.ttc * Decimal("0.3")).quantize(CENT, ROUND_HALF_UP)
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET : {s.siret}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"Facture N° {number}", 12, "B")
    d.t(40, 186, f"Date de facturation : {day.strftime('%d/%m/%Y')}", 9)
    y = items_table(d, 220, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr")),
            ("TVA 20 %", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
        ],
    )
    d.t(
        40,
        y + 80,
        f"Conditions : acompte de 30 % soit {money(deposit_example, 'fr')} € à la commande, solde à 30 jours.",
        8,
    )
    d.t(40, y + 92, "En cas de retard, pénalité de 10 % du montant TTC et indemnité forfaitaire de 40 €.", 8)
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None)


def labelled_parties(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Identifiers labelled by party: 'SIRET client', 'N° TVA client', supplier ids in its own block."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"{day.year}-{v.number(1000, 9999)}"
    a = Amounts(v.lines(3, ("10",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}", f"TVA intracommunautaire {s.vat}"])
    d.t(330, 45, f"FACTURE {number}", 13, "B")
    d.t(330, 62, f"Date d'émission : {long_date(day)}", 9)
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"SIRET client : {b.siret}", 8)
    d.t(300, 170, f"N° TVA client : {b.vat}", 8)
    y = items_table(d, 210, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr")),
            ("TVA 10 %", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
            ("Net à payer", money(a.due, "fr")),
        ],
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, buyer_siret=b.siret)


def works_progress_claim(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Building works 'situation': contract amount and previous claims printed above this claim's totals."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, contract = f"SIT-{day.year}-{v.number(1, 99):02d}", f"{day.year - 1}-TRV-{v.number(10, 99)}"
    a = Amounts(v.lines(1, ("20",)))
    contract_total = (a.ht * Decimal(4)).quantize(CENT)
    previous = (a.ht * Decimal("1.5")).quantize(CENT)
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}", f"N° TVA {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"Facture de situation n° {number}", 12, "B")
    d.t(40, 186, f"Date : {day.strftime('%d/%m/%Y')}", 9)
    d.t(40, 198, f"Marché n° {contract}", 9)
    label_rows(
        d,
        40,
        400,
        240,
        [
            ("Montant du marché HT", money(contract_total, "fr")),
            ("Cumul des travaux réalisés HT", money(previous + a.ht, "fr")),
            ("Situations antérieures HT", money(previous, "fr")),
        ],
        bold_last=False,
    )
    label_rows(
        d,
        300,
        555,
        320,
        [
            ("Montant de la présente situation HT", money(a.ht, "fr")),
            ("TVA 20 %", money(a.tva, "fr")),
            ("Montant TTC", money(a.ttc, "fr")),
            ("Net à payer", money(a.due, "fr")),
        ],
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, contract_number=contract)


def bilingual_labels(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Bilingual French/English tool: 'Facture / Invoice', 'Total HT / Net amount', 'Total TTC / Total'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"INV-{v.number(1000, 9999)}"
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET : {s.siret}", f"VAT / TVA : {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"Facture / Invoice n° {number}", 12, "B")
    d.t(40, 186, f"Date : {day.strftime('%d/%m/%Y')}", 9)
    y = items_table(d, 220, a.lines, "fr")
    label_rows(
        d,
        330,
        555,
        y + 10,
        [
            ("Total HT / Net amount", money(a.ht, "fr", " €")),
            ("TVA 20 % / VAT 20 %", money(a.tva, "fr", " €")),
            ("Total TTC / Total", money(a.ttc, "fr", " €")),
        ],
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, amount_due=None)


def two_invoices_mentioned(v: Values) -> tuple[bytes, dict[str, Any]]:
    """An invoice that mentions a previous invoice number and its date in a note ('remplace la facture')."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, old = f"FA{day.year}-{v.number(100, 999)}", f"FA{day.year}-{v.number(10, 99)}"
    old_day = day - dt.timedelta(days=20)
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"Facture n° {number}", 12, "B")
    d.t(40, 186, f"Date de facture : {day.strftime('%d/%m/%Y')}", 9)
    y = items_table(d, 220, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr")),
            ("TVA 20 %", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
        ],
    )
    d.t(
        40,
        y + 80,
        f"Cette facture annule et remplace la facture n° {old} du {old_day.strftime('%d/%m/%Y')}.",
        8,
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name, amount_due=None)


WAVE_3: tuple[Callable[[Values], tuple[bytes, dict[str, Any]]], ...] = (
    retail_ttc_first,
    deposit_terms_sentence,
    labelled_parties,
    works_progress_claim,
    bilingual_labels,
    two_invoices_mentioned,
)


# --- fourth wave: traps for `high` values, written after the third round of fixes -----------------------


def quote_and_delivery_refs(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Other documents' numbers and dates next to the invoice's: devis, bon de livraison, commande."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"F{day.year}-{v.number(1000, 9999)}"
    quote, delivery = f"D{day.year}-{v.number(100, 999)}", f"BL{v.number(10000, 99999)}"
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}", f"TVA {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"Devis n° {quote} accepté le {(day - dt.timedelta(days=40)).strftime('%d/%m/%Y')}", 8)
    d.t(40, 182, f"Bon de livraison n° {delivery} du {(day - dt.timedelta(days=3)).strftime('%d/%m/%Y')}", 8)
    d.t(40, 200, f"Facture n° {number}", 12, "B")
    d.t(40, 216, f"Date de facture : {day.strftime('%d/%m/%Y')}", 9)
    y = items_table(d, 250, a.lines, "fr")
    rows = [
        ("Total HT", money(a.ht, "fr")),
        ("TVA 20 %", money(a.tva, "fr")),
        ("Total TTC", money(a.ttc, "fr")),
    ]
    label_rows(d, 360, 555, y + 10, rows)
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, amount_due=None)


def buyer_vat_only(v: Values) -> tuple[bytes, dict[str, Any]]:
    """A VAT-exempt micro-entrepreneur billing a company: the only VAT number printed is the client's."""
    s, b, day = v.party(("Marc Leroy Consultant", "Sophie Blanc Design")), v.party(PRIVATE_BUYERS), v.date()
    number = f"{day.year}{v.number(10, 99)}"
    a = Amounts(v.lines(2, ("0",)), vat_free=True)
    d = Doc()
    block(d, 40, 45, [s.name, "Entrepreneur individuel", s.street, s.city, f"SIRET : {s.siret}"])
    block(d, 330, 120, [b.name, b.street, b.city, f"N° TVA : {b.vat}"])
    d.t(40, 190, f"Facture n° {number}", 12, "B")
    d.t(40, 206, f"Date : {day.strftime('%d/%m/%Y')}", 9)
    y = items_table(
        d, 240, a.lines, "fr", headers=("Prestation", "Qté", "Prix", "", "Montant"), show_rate=False
    )
    label_rows(
        d, 360, 555, y + 10, [("Total", money(a.ttc, "fr", " €")), ("Net à payer", money(a.due, "fr", " €"))]
    )
    d.t(40, y + 60, "TVA non applicable - article 293 B du Code général des impôts.", 8)
    truth = _truth(number, day, a, s, buyer=b.name, vat_regime="SANS_TVA", supplier_vat=None)
    truth.pop("total_tva")  # not printed: no VAT line at all
    truth.pop("total_ht")  # only a bare `Total`
    return d.output(), truth


def deposit_deduction_with_number(v: Values) -> tuple[bytes, dict[str, Any]]:
    """'Déduction acompte facture n° F… du …' between TTC and the amount due."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, first = f"F{v.number(10000, 99999)}", f"F{v.number(1000, 9999)}"
    lines = v.lines(3, ("20",))
    deposit = (sum(line.total for line in lines) * Decimal("0.24")).quantize(CENT)
    a = Amounts(lines, deposit=deposit)
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}", f"TVA {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 180, f"FACTURE {number}", 13, "B")
    d.t(40, 196, f"Le {long_date(day)}", 9)
    y = items_table(d, 230, a.lines, "fr")
    label_rows(
        d,
        300,
        555,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr")),
            ("TVA 20 %", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
            (
                f"Déduction acompte facture n° {first} du {(day - dt.timedelta(days=30)).strftime('%d/%m/%Y')}",
                money(-a.deposit, "fr"),
            ),
            ("Net à payer", money(a.due, "fr")),
        ],
    )
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat)


def order_date_first(v: Values) -> tuple[bytes, dict[str, Any]]:
    """'Date de commande' and 'Date' of the order block printed above the invoice date block."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, po = f"{v.number(100000, 999999)}", f"CDE-{v.number(1000, 9999)}"
    a = Amounts(v.lines(3, ("20", "5.5")))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}"])
    block(d, 330, 45, [b.name, b.street, b.city])
    d.t(40, 130, "Votre commande", 9, "B")
    d.t(40, 144, f"N° de commande : {po}", 8)
    d.t(40, 156, f"Date de commande : {(day - dt.timedelta(days=15)).strftime('%d/%m/%Y')}", 8)
    d.t(330, 130, "Notre facture", 9, "B")
    d.t(330, 144, f"N° de facture : {number}", 8)
    d.t(330, 156, f"Date de facture : {day.strftime('%d/%m/%Y')}", 8)
    y = items_table(d, 200, a.lines, "fr")
    rows = [("Total HT", money(a.ht, "fr"))]
    rows += [(f"TVA {rate_text(r)} %", money(t, "fr")) for r, _, t in a.breakdown]
    rows += [("Total TTC", money(a.ttc, "fr"))]
    label_rows(d, 360, 555, y + 10, rows)
    return d.output(), _truth(number, day, a, s, buyer=b.name, po_number=po, amount_due=None)


WAVE_4: tuple[Callable[[Values], tuple[bytes, dict[str, Any]]], ...] = (
    quote_and_delivery_refs,
    buyer_vat_only,
    deposit_deduction_with_number,
    order_date_first,
)


# --- fifth wave: harder text layers (tight cells, letter-spaced titles, stretched fonts) ---------------


def tight_cells(v: Values) -> tuple[bytes, dict[str, Any]]:
    """A cramped table-made invoice: values start 2 pt after their labels, totals in narrow cells."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, po = f"FA{v.number(100000, 999999)}", f"{v.number(1000000000, 1999999999)}"
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.pdf.set_font("Helvetica", "", 8)
    x = 40
    for label, value in (("N° facture:", number), ("Date:", day.strftime("%d/%m/%Y")), ("N° EJ:", po)):
        d.t(x, 180, label, 8, "B")
        x2 = x + d.pdf.get_string_width(label) + 2
        d.t(x2, 180, value, 8)
        x = x2 + 90
    y = items_table(d, 220, a.lines, "fr")
    for label, value in (("Total HT", a.ht), ("TVA 20%", a.tva), ("Total TTC", a.ttc)):
        d.box(430, y - 9, 50, 12)
        d.box(480, y - 9, 75, 12)
        d.t(433, y, label, 8, "B")
        d.r(552, y, money(value, "fr"), 8)
        y += 12
    legal_footer(d, s, [f"SIRET {s.siret} - TVA {s.vat}"])
    return d.output(), _truth(
        number, day, a, s, buyer=b.name, supplier_vat=s.vat, po_number=po, amount_due=None
    )


def letter_spaced_title(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Letter-spaced 'F A C T U R E' title, condensed font for the totals."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"{day.year}-{v.number(1000, 9999)}"
    a = Amounts(v.lines(3, ("20", "10")))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}"])
    d.pdf.set_char_spacing(4)
    d.t(330, 50, "FACTURE", 14, "B")
    d.pdf.set_char_spacing(0)
    d.t(330, 70, f"N° {number}", 9)
    d.t(330, 82, f"Date : {day.strftime('%d/%m/%Y')}", 9)
    block(d, 330, 120, [b.name, b.street, b.city])
    y = items_table(d, 210, a.lines, "fr")
    d.pdf.set_stretching(80)
    rows = [("Total HT", money(a.ht, "fr", " €"))]
    rows += [(f"TVA {rate_text(r)} %", money(t, "fr", " €")) for r, _, t in a.breakdown]
    rows += [("Total TTC", money(a.ttc, "fr", " €"))]
    label_rows(d, 380, 555, y + 10, rows)
    d.pdf.set_stretching(100)
    legal_footer(d, s, [f"N° TVA intracommunautaire {s.vat}"])
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, amount_due=None)


def currency_column(v: Values) -> tuple[bytes, dict[str, Any]]:
    """The currency sign in its own column left of the amounts, labels in capitals with colons."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"N{v.number(10000, 99999)}"
    a = Amounts(v.lines(2, ("5.5",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET : {s.siret}", f"TVA : {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 170, f"FACTURE : {number}", 12, "B")
    d.t(40, 186, f"DATE : {day.strftime('%d/%m/%Y')}", 9)
    y = items_table(d, 220, a.lines, "fr")
    for label, value in (
        ("TOTAL H.T. :", a.ht),
        ("T.V.A. 5,5 % :", a.tva),
        ("TOTAL T.T.C. :", a.ttc),
        ("NET À PAYER :", a.due),
    ):
        d.t(360, y, label, 9, "B")
        d.t(470, y, "€", 9)
        d.r(555, y, money(value, "fr_space"), 9)
        y += 14
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat)


WAVE_5: tuple[Callable[[Values], tuple[bytes, dict[str, Any]]], ...] = (
    tight_cells,
    letter_spaced_title,
    currency_column,
)


# --- sixth wave: written after the last fixes, measured once (the figures in benchmarks/README) --------


def landscape_export(v: Values) -> tuple[bytes, dict[str, Any]]:
    """A landscape spreadsheet export: header fields in a row of cells, totals at the bottom right."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, po = f"{day.year}-F{v.number(100, 999)}", f"EJ{v.number(100000, 999999)}"
    a = Amounts(v.lines(4, ("20",)))
    d = Doc()
    d.pdf.add_page(orientation="L")
    block(d, 40, 40, [s.name, s.street, s.city, f"SIRET {s.siret}"])
    block(d, 520, 40, [b.name, b.street, b.city])
    for x, label, value in (
        (40, "Facture n°", number),
        (200, "Date", day.strftime("%d/%m/%Y")),
        (360, "Engagement", po),
        (520, "Échéance", due_date(day).strftime("%d/%m/%Y")),
    ):
        d.t(x, 120, label, 8, "B")
        d.t(x, 132, value, 9)
    y = items_table(d, 170, a.lines, "fr", x_right=800)
    label_rows(
        d,
        600,
        800,
        y + 10,
        [
            ("Total HT", money(a.ht, "fr")),
            ("TVA 20 %", money(a.tva, "fr")),
            ("Total TTC", money(a.ttc, "fr")),
        ],
    )
    pdf = d.pdf
    pdf.page = 1  # the first, portrait page stays empty as some exports leave it: drop it
    out = Doc()
    out.pdf = pdf
    return _without_first_page(out.output()), _truth(
        number, day, a, s, buyer=b.name, po_number=po, amount_due=None
    )


def _without_first_page(data: bytes) -> bytes:
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(BytesIO(data))
    writer = PdfWriter()
    for page in reader.pages[1:]:
        writer.add_page(page)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def side_by_side_totals(v: Values) -> tuple[bytes, dict[str, Any]]:
    """'Total HT : …   Total TTC : …' on one row, the VAT on the row below."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PRIVATE_BUYERS), v.date()
    number = f"FA-{day.year}-{v.number(1, 999):03d}"
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET : {s.siret}", f"TVA : {s.vat}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 180, f"Facture {number} du {day.strftime('%d/%m/%Y')}", 12, "B")
    y = items_table(d, 220, a.lines, "fr")
    d.t(40, y + 10, f"Total HT : {money(a.ht, 'fr')} €", 9, "B")
    d.t(300, y + 10, f"Total TTC : {money(a.ttc, 'fr')} €", 9, "B")
    d.t(40, y + 24, f"dont TVA 20 % : {money(a.tva, 'fr')} €", 9)
    return d.output(), _truth(number, day, a, s, buyer=b.name, supplier_vat=s.vat, amount_due=None)


def dotted_leaders(v: Values) -> tuple[bytes, dict[str, Any]]:
    """Totals with dotted leaders: 'TOTAL NET HT ........ 1 234,56 €', date 'Lyon, 3 février 2026'."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number = f"{v.number(1000, 9999)}/{day.year % 100}"
    a = Amounts(v.lines(2, ("10", "20")))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city])
    block(d, 330, 110, [b.name, b.street, b.city, f"SIRET {b.siret}"])
    d.t(330, 180, f"{s.city.split(' ', 1)[1]}, {long_date(day)}", 9)
    d.t(40, 200, f"FACTURE N° {number}", 12, "B")
    y = items_table(d, 240, a.lines, "fr")
    rows = [("TOTAL NET HT", a.ht)] + [(f"T.V.A. {rate_text(r)} %", t) for r, _, t in a.breakdown]
    rows += [("TOTAL T.T.C.", a.ttc)]
    for label, value in rows:
        d.t(330, y + 10, label + " " + "." * (40 - len(label)), 9)
        d.r(555, y + 10, money(value, "fr", " €"), 9)
        y += 14
    legal_footer(d, s, [f"SARL {s.name} - RCS {s.city.split(' ', 1)[1]} {s.siren} - TVA {s.vat}"])
    return d.output(), _truth(
        number,
        day,
        a,
        s,
        buyer=b.name,
        buyer_siret=b.siret,
        supplier_vat=s.vat,
        supplier_siret=None,
        amount_due=None,
    )


def negative_credit_note(v: Values) -> tuple[bytes, dict[str, Any]]:
    """A credit note in an invoice layout: 'AVOIR' title, negative amounts with the € sign, net à rembourser."""
    s, b, day = v.party(SUPPLIER_NAMES), v.party(PUBLIC_BUYERS, public=True), v.date()
    number, original = f"AV{day.year}{v.number(100, 999)}", f"FA{day.year}{v.number(100, 999)}"
    a = Amounts(v.lines(2, ("20",)))
    d = Doc()
    block(d, 40, 45, [s.name, s.street, s.city, f"SIRET {s.siret}"])
    block(d, 330, 110, [b.name, b.street, b.city])
    d.t(40, 180, "AVOIR", 16, "B")
    d.t(40, 198, f"N° {number} du {day.strftime('%d/%m/%Y')}", 9)
    d.t(40, 210, f"Réf. facture n° {original}", 9)
    y = items_table(d, 240, a.lines, "fr")
    label_rows(
        d,
        360,
        555,
        y + 10,
        [
            ("Total HT", money(-a.ht, "fr", " €")),
            ("TVA 20 %", money(-a.tva, "fr", " €")),
            ("Total TTC", money(-a.ttc, "fr", " €")),
        ],
    )
    truth = _truth(
        number,
        day,
        a,
        s,
        buyer=b.name,
        document_type="credit_note",
        original_invoice_number=original,
        amount_due=None,
    )
    return d.output(), truth


WAVE_6: tuple[Callable[[Values], tuple[bytes, dict[str, Any]]], ...] = (
    landscape_export,
    side_by_side_totals,
    dotted_leaders,
    negative_credit_note,
)


TEMPLATES: tuple[Callable[[Values], tuple[bytes, dict[str, Any]]], ...] = (
    online_app_modern,
    crm_reversed_header,
    discount_and_deposit,
    micro_enterprise,
    chorus_commune,
    hospital_table_footer,
    ministry_chorus,
    multipage_totals_last,
    credit_note,
    accounting_vat_recap,
    erp_amount_words,
    odoo_like,
    word_letter,
    spreadsheet_grid,
    us_style_tool,
    nordic_tool,
    reverse_charge,
    cash_basis_vat,
    press_low_rates,
    horizontal_totals,
    paid_balance,
    amount_in_words,
    multipage_carry_forward,
    three_rates_codes,
    iso_dates_export,
    supplier_right_ids_footer,
    glued_labels,
    *WAVE_2,
    *WAVE_3,
    *WAVE_4,
    *WAVE_5,
    *WAVE_6,
)


def holdout_invoices(seed: int = 2026, copies: int = 1) -> list[HoldoutInvoice]:
    """Every template, `copies` times with different values; deterministic for a given seed."""
    values = Values(seed)
    out = []
    for copy in range(copies):
        for template in TEMPLATES:
            pdf, truth = template(values)
            out.append(HoldoutInvoice(f"{template.__name__}-{copy}", pdf, truth))
    return out
