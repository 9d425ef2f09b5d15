"""Label vocabularies (French first, then English, German, Dutch, Spanish) and their matching in lines.

Labels are matched in a line's *compact* folded text: lower case, no accents, no spaces, because real
PDFs split or glue words unpredictably (`N° de facture`, `Nume´rodefacture:`, `TotalNetTTC:`). A label
must start where a word starts (or after punctuation) and end at a word end or before a non-letter, so
`ht` never matches inside `htva`. When labels overlap, the longest wins: `date d'échéance` hides
`date`, `n° de facture associée` hides `n° de facture`, `TVA intracommunautaire` hides `TVA`.

Patterns below are regular expressions on folded text; spaces in them are only for reading and are
removed before compiling (so never write ` ?`: it would make the previous character optional).
Every repetition is bounded or on a single character class: nothing here can backtrack
catastrophically.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from chorus_desktop.core.extraction.layout import Line, Word, fold

_NO = r"(?:n°|no\.?|nr\.?|num(?:ero)?\.?|#)"
_HT = r"(?:h\.?t\.?|hors taxes?|\(ht\))"
_TTC = r"(?:t\.?t\.?c\.?|\(ttc\)|toutes taxes comprises)"
_TVA = r"(?:tva|t\.v\.a\.?)"

# Category -> patterns, most specific first (Python tries alternatives in order at one position).
VOCABULARY: dict[str, tuple[str, ...]] = {
    # Identifiers of the invoice itself.
    "invoice_number": (
        rf"{_NO} (?:de |d')?(?:la )?factur(?:e|ation)",
        rf"factur(?:e|a) {_NO}",
        # `Facture de solde n°`, `Facture d'acompte n°`: the kind of invoice between the word and the number.
        rf"facture (?:de solde|d'acompte|de situation|finale|definitive|rectificative|de regularisation) {_NO}",
        rf"{_NO} (?:de |d')?avoir",
        # Less common wordings (`Référence de facture`, `N° de pièce`); a note d'honoraires is an invoice.
        rf"reference (?:de |d')?(?:la )?facture|{_NO} (?:de |du )?(?:piece|document)",
        rf"factur(?:e|a) [a-z']{{3,14}} (?:n°|#|numero)|note (?:d')?honoraires? {_NO}",
        rf"facture d'avoir {_NO}",
        rf"avoir {_NO}",
        r"invoice (?:number|num|no\.?|nr\.?|#|id)",
        r"credit note (?:number|no\.?|#)",
        r"rechnungs(?:nummer|nr\.?)",
        rf"(?:handels)?(?:rechnung|gutschrift) {_NO}",
        r"rechnungsnr\.?",
        r"factuur(?:nummer|nr\.?)",
        r"numero de factura",
    ),
    "invoice_word": (  # a bare title word, followed by the number: weaker evidence
        r"note (?:d')?honoraires?",
        r"facture",
        r"avoir",
        r"invoice",
        r"rechnung",
        r"gutschrift",
        r"factuur",
        r"factura",
        r"credit note",
    ),
    # A bare `Numéro` (a label row over a value row, `Numéro  INV2026…`): the weakest evidence, never a
    # title, because `Numéro client` reads the same way.
    "number_word": (r"numero",),
    "credit_title": (
        r"facture d'avoir",
        r"note de credit",
        r"avoir",
        r"credit note",
        r"gutschrift",
        r"creditnota",
    ),
    "original_invoice": (
        rf"{_NO} (?:de )?factures? (?:associee|liee|d'origine|initiale)",
        rf"(?:sur|de la|en reference a la|ref\.?) facture {_NO}?",
        rf"(?:se rapportant|relatif|relative|afferent|afferente) a la facture {_NO}?",
        r"factures? (?:associee|liee|d'origine|initiale|rectifiee)",
        r"reference facture",
        r"original invoice(?: number| no\.?)?",
    ),
    "ignored_title": (  # phrases with a title word that are not followed by the invoice number
        r"facture fournisseur",
        r"facture fiscale",
        r"facture acquittee",
        r"factures? (?:electronique|dematerialisee)",
        r"conditions de facturation",
        r"cadre de facturation",
        r"adresse de facturation",
        r"periode de facturation",
    ),
    # Dates.
    "date": (
        r"date (?:de |d')?(?:la )?factur(?:e|ation)",
        r"date d'emission",
        r"(?:emise|etablie|faite|emis) le",
        r"en date du",
        r"date d'edition",
        r"(?:invoice|issue|billing) date",
        r"date of (?:issue|invoice)",
        r"rechnungsdatum",
        r"factuurdatum",
        r"fecha(?: de (?:factura|emision))?",
        r"date",
        r"datum",
    ),
    "other_date": (
        r"date (?:de |d')?factures? associee",
        r"date (?:d'|de l')?echeance",
        r"echeance",
        r"date limite(?: de (?:paiement|reglement))?",
        r"date de (?:livraison|debut|fin|reglement|paiement|commande|prestation|vente)",
        r"date de (?:la transaction|l'operation)",
        r"date d'(?:execution|expedition)",
        r"(?:due|delivery|order|payment) date",
        r"payable (?:jusqu'au|avant le)",
        r"periode(?: de facturation)?",
        r"faelligkeitsdatum|falligkeitsdatum|lieferdatum|leistungsdatum|bestelldatum",
        r"vervaldatum",
    ),
    # Totals.
    "total_ht": (
        # `Total hors TVA`, `Montant sans taxes`, `Prix HTVA`: the word TVA in a label that means
        # *without* VAT. First: an alternation takes its first match, `montant HT` would stop in `HTVA`.
        rf"(?:(?:montant |prix |sous-?)?total |montant |prix )?\(?(?:hors|sans|avant|excl\.?) (?:{_TVA}|taxes?)\)?",
        r"(?:(?:montant |prix |sous-?)?total |montant |prix )?(?:htva|h\.t\.v\.a\.?)",
        rf"(?:montant |total )?(?:{_TVA}|taxes) non comprises?",
        rf"(?:montant )?total (?:net |brut )?{_HT}(?: net| brut)?",
        rf"montant (?:net )?{_HT}",
        rf"net {_HT}",
        r"montant net",
        # `Montant de la présente situation HT` (works claims), `Total des prestations HT`.
        rf"montant de la (?:presente )?(?:situation|prestation|facture) {_HT}",
        rf"total (?:des )?(?:travaux|prestations|fournitures|services|honoraires) {_HT}",
        r"total (?:excl\.?|excluding|before|without) (?:vat|tax(?:es)?)",
        r"(?:sub total|net amount|total net)",
        r"(?:nettobetrag|summe netto|gesamt netto|nettosumme|netto)",
        r"(?:rechnungs|gesamt|netto)?summe ohne (?:ust|mwst|umsatzsteuer)\.?",
        r"exclusief btw",
        r"totaal excl\.? btw",
        r"base imponible",
        r"total parcial",
    ),
    "subtotal": (rf"sous-?total(?: {_HT})?", r"zwischensumme"),
    # The taxable base: the net amount VAT is computed on (after a discount that `Total HT` precedes).
    "vat_base": (rf"(?:total )?bases? (?:de |d')?(?:la )?(?:{_TVA}|imposables?|taxables?|{_HT})(?: {_HT})?",),
    # Words with TVA that label no amount of VAT: a rate heading, a VAT code, an exemption mention.
    "vat_other": (
        rf"(?:taux|code|type|regime|categorie) (?:de )?(?:la )?{_TVA}(?: en %)?|{_TVA} non applicable",
        rf"(?:exoneration|exonere|exoneree|franchise) (?:de )?{_TVA}|(?:vat|tax) rate",
    ),
    "total_tva": (
        rf"(?:montant )?total (?:de la )?{_TVA}",
        rf"montant (?:de (?:la )?)?{_TVA}",
        r"total (?:des )?taxes",
        r"taxe sur la valeur ajoutee",
        rf"{_TVA}",
        r"total (?:vat|tax)",
        r"(?:vat|tax|taxes)",
        r"(?:mwst\.?|ust\.?|umsatzsteuer|mehrwertsteuer)(?:gesamt|summe|betrag)?:?",
        r"(?:steuerbetrag|summe (?:ust|mwst)\.?|(?:ust|mwst)\.?-?betrag)",
        r"(?:btw|iva)",
        r"total (?:de )?impuestos?",
    ),
    "total_ttc": (
        rf"(?:montant )?total (?:net )?{_TTC}",
        rf"montant (?:net )?{_TTC}",
        r"\(?taxes? comprises?\)?",
        r"total (?:incl\.?|including|with) (?:vat|tax(?:es)?)",
        r"(?:grand total|invoice total|total amount|total invoice)",
        r"(?:gesamtbetrag|bruttobetrag|rechnungsbetrag|summe brutto|bruttosumme|gesamtsumme|brutto)",
        r"totaal incl\.? btw",
        r"total factura",
        r"importe total",
    ),
    "amount_due": (
        r"(?:montant )?(?:total |net )?a (?:payer|regler)",
        r"(?:somme|solde|reste|net) (?:a payer|a regler|du)",
        r"montant du(?=[:\d])",  # `Montant dû : 120,00`, not `Montant du marché`
        r"(?:amount|balance|total) due",
        r"(?:amount|total) to pay",
        r"(?:zahlbetrag|zu zahlen(?:der betrag)?)",
        r"te betalen",
        r"(?:total )?a pagar",
        r"saldo (?:adeudado|pendiente)",
    ),
    "total_generic": (
        r"montant total(?: de la facture)?",
        r"montant de la facture",
        r"total (?:facture|general|eur|euros?|chf|usd)",
        r"totaux",
        r"total",
        r"(?:summe|gesamt|totaal)",
    ),
    "advance": (
        r"acomptes?(?: (?:verse|recu|regle)s?)?",
        r"(?:deja|montant) (?:paye|regle|verse)",
        r"a deduire",
        r"paiements? recus?",
        r"(?:already paid|amount paid|paid|prepaid|advance payment|deposit)",
        r"(?:erhaltene )?(?:anzahlungen|anzahlung|bereits bezahlt|geleistete zahlung)",
    ),
    "discount": (  # labels that look like totals but are not: never read as one
        r"gesamtbetrag der (?:zuschlage|abschlage)",
        r"remises?(?: commerciales?| globales?)?",
        r"(?:escompte|rabais|ristourne|discount|rabatt|skonto)",
        r"montant du prelevement",
    ),
    # Identifiers of the parties, payment and references.
    "siret": (r"siren / siret", r"(?:n° |numero )?siret", r"(?:n° |numero )?siren", r"r\.?c\.?s\.?"),
    "vat_id": (
        rf"(?:n° |numero |identifiant )?(?:de )?{_TVA} intra-?(?:communautaire|com)?\.?",
        rf"(?:n° |numero )(?:de )?{_TVA}(?: client)?",
        rf"identifiant {_TVA}",
        r"vat (?:number|no\.?|id|reg(?:istration)?(?: no\.?)?)",
        r"ust-?id(?:nr\.?)?|ust-?idnr|steuernummer",
        r"btw-?(?:nummer|nr)",
    ),
    "iban": (r"iban",),
    "po_number": (
        rf"(?:{_NO} )?(?:d'|de l')?engagement juridique",
        rf"{_NO} (?:d')?ej",
        rf"{_NO} (?:de |du )?bon de commande",
        r"bon de commande(?: n°)?",
        rf"{_NO} (?:de |d')?(?:commande|engagement)",
        rf"(?:commande|engagement) {_NO}",
        r"engagement juridique",
        r"(?:purchase order|order)(?: number| no\.?| #)?",
        r"po (?:number|no\.?|#)",
        r"votre (?:commande|reference)",
        r"(?:your|buyer) reference",
        r"bestell(?:nummer|nr\.?)|ihre bestellung|bestellung",
        r"bestelnummer",
    ),
    "contract_number": (
        rf"(?:{_NO}|ref\.?|reference) (?:de |du )?(?:marche|contrat)",
        rf"(?:marche|contrat) {_NO}",
        r"contract (?:number|no\.?|reference)",
        r"vertragsnummer",
    ),
    "service_code": (r"code (?:du )?service(?: executant)?", r"service executant", r"service code"),
    "payment_label": (
        r"modes? de (?:paiement|reglement)",
        r"moyens? de (?:paiement|reglement)",
        r"modalites de (?:paiement|reglement)",
        r"conditions de reglement",
        r"(?:paiement|reglement|payable) par",
        r"payment (?:method|means|terms)",
        r"zahlungsart",
    ),
    # Two-column header words (matched on a whole segment, see `segment_role`).
    "buyer_header": (
        r"factur(?:e|er) a",
        r"adresse (?:de facturation|du client|client)",
        r"adresse a",  # `Adressé à :`
        r"(?:client|destinataire|acheteur|pour|donneur d'ordre|vos identifiants|vos coordonnees)",
        r"(?:bill(?:ed)? to|invoice to|sold to|customer|buyer)",
        r"(?:kunde|rechnungsempfanger|rechnungsadresse|klant)",
        r"kaufer(?:/leistungsempfanger)?",
    ),
    "delivery_header": (
        r"adresse de livraison",
        r"livr(?:e|er|aison) a",
        r"ship(?:ped)? to",
        r"lieferadresse",
    ),
    "supplier_header": (
        r"(?:emetteur|fournisseur|vendeur|prestataire|encaisseur|de|from|seller|supplier|vendor)",
        r"nos (?:references|coordonnees)",
        r"(?:verkaufer|lieferant|leverancier)",
    ),
    "other_header": (r"valideur", r"representant fiscal", r"contact(?: commercial)?", r"mandataire"),
    "sub_header": (
        r"entite (?:juridique|commerciale)",
        r"adresse (?:postale|commerciale)(?: fournisseur)?",
        r"coordonnees",
    ),
}

# Folded texts (with their spaces) that mark the issuer's legal mentions (footer or header line).
LEGAL_RE = re.compile(
    r"au ?capital|capital ?(?:social|de)|\bcapital\b|\br\.? ?c\.? ?s\b|\brsc\b|siege ?social|\bape\b|\bnaf\b"
    r"|immatricul|registergericht"
    r"|handelsregister"
)


@dataclass(frozen=True)
class LabelHit:
    """One label found in a line: its category and the words it covers."""

    category: str
    line: Line
    first: int  # index of the first word of the label in line.words
    last: int  # index of the last word (the label may end inside it: see `rest`)
    rest: str  # what follows the label inside its last word (a glued value: `Date:26/05/2020`)
    x0: float
    x1: float

    @property
    def words(self) -> list[Word]:
        return self.line.words[self.first : self.last + 1]


def _compile(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.replace(' ', '')})" for p in patterns))


_COMPILED = {name: _compile(patterns) for name, patterns in VOCABULARY.items()}
_SEGMENT_CATEGORIES = ("buyer_header", "delivery_header", "supplier_header", "other_header", "sub_header")
_LINE_CATEGORIES = tuple(name for name in VOCABULARY if name not in _SEGMENT_CATEGORIES)
_SEGMENT_RE = {name: re.compile(rf"(?:{_COMPILED[name].pattern})[:.]?") for name in _SEGMENT_CATEGORIES}


def compact(words: Sequence[Word]) -> tuple[str, list[int], list[int]]:
    """Folded text without spaces, the word index of every character, and where each word starts."""
    text_parts: list[str] = []
    owner: list[int] = []
    starts: list[int] = []
    position = 0
    for index, word in enumerate(words):
        folded = word.folded.replace(" ", "")
        starts.append(position)
        text_parts.append(folded)
        owner.extend([index] * len(folded))
        position += len(folded)
    return "".join(text_parts), owner, starts


def _original_rest(word: Word, consumed: int) -> str:
    """The part of `word.text` after its first `consumed` folded characters (keeps the case)."""
    total = 0
    for position, char in enumerate(word.text):
        if total >= consumed:
            return word.text[position:]
        total += len(fold(char).replace(" ", ""))
    return ""


def find_labels(line: Line) -> list[LabelHit]:
    """Every label of the vocabulary in `line`, longest first where they overlap, left to right."""
    text, owner, word_starts = compact(line.words)
    line.compact = text
    if not text:
        return []
    starts = set(word_starts)
    found: list[tuple[int, int, str]] = []
    for category in _LINE_CATEGORIES:
        for match in _COMPILED[category].finditer(text):
            start, end = match.start(), match.end()
            if end == start:
                continue
            if start not in starts and text[start - 1].isalnum():
                continue  # starts inside a word
            if end < len(text) and end not in starts and text[end].isalpha() and text[end - 1].isalpha():
                continue  # ends inside a word (`ht` in `htva`)
            found.append((start, end, category))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    hits: list[LabelHit] = []
    taken_until = -1
    for start, end, category in found:
        if start < taken_until:
            continue
        taken_until = end
        first, last = owner[start], owner[end - 1]
        last_word = line.words[last]
        consumed = end - word_starts[last]
        rest = (
            _original_rest(last_word, consumed) if consumed < len(last_word.folded.replace(" ", "")) else ""
        )
        hits.append(LabelHit(category, line, first, last, rest, line.words[first].x0, last_word.x1))
    return hits


def segment_role(segment: Sequence[Word]) -> str | None:
    """The header role of a whole column segment (`Facturé à`, `Client :`, `Émetteur`), or None."""
    text, _owner, _starts = compact(segment)
    if not text or len(text) > 40:
        return None
    for category in _SEGMENT_CATEGORIES:
        if _SEGMENT_RE[category].fullmatch(text):
            return category
    return None


def header_with_value(segment: Sequence[Word]) -> tuple[str, list[Word]] | None:
    """`Client : Mairie de Lyon` -> ("buyer_header", words of `Mairie de Lyon`), or None."""
    text, owner, _starts = compact(segment)
    for category in ("buyer_header", "supplier_header"):
        match = _COMPILED[category].match(text)
        if match is None or match.end() >= len(text) or text[match.end()] != ":":
            continue
        after = match.end() + 1
        if after >= len(text):
            return None
        first = owner[after]
        if owner[after - 1] == first:  # `Client:Mairie`: the value is glued to the colon
            return None
        rest = list(segment[first:])
        return (category, rest) if rest else None
    return None
