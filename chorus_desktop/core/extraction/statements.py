"""Sentences about the invoice as a whole: how it is paid (payment means), whether it is paid already,
and its VAT regime (no VAT, VAT on receipts or on debits, exemption)."""

from __future__ import annotations

import re

from chorus_desktop.core.extraction.candidates import Fields, set_field
from chorus_desktop.core.extraction.label_values import words_after
from chorus_desktop.core.extraction.labels import compact
from chorus_desktop.core.extraction.layout import Word
from chorus_desktop.core.extraction.sheets import Sheet

_PAID_RE = re.compile(
    r"(?:facture|note)(?:acquittee|reglee|payee)(?!surles)|acquitteele|payeele\d|payee(?:par|le)|regleele\d"
    r"|statut:?payee|dejareglee|paidon|paidinfull|bezahltam|statut:?paid"
)
_PAID_STAMPS = frozenset({"paye", "payee", "acquitte", "acquittee", "regle", "reglee", "paid", "bezahlt"})
_REGIME_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"tvanonapplicable|art(?:icle|\.)?293b|293bdu(?:cgi|code)|nonassujetti|franchiseenbase"),
        "SANS_TVA",
    ),
    (re.compile(r"surlesencaissements"), "TVA_SUR_ENCAISSEMENT"),
    (re.compile(r"(?:surles|d'apreslesdebits|apreslesdebits)debits|d'apreslesdebits"), "TVA_SUR_DEBIT"),
    (
        re.compile(
            r"exonerationdetva|exonere(?:e|s)?detva|exonere(?:e|s)?de(?:la)?tva|exonere(?:e)?(?:art|article)"
            r"|exoneration(?:art|article)|(?<![a-z])art(?:icle|\.)?26[12](?!\d)"
        ),
        "EXONERATION",
    ),
)
_PAYMENT_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"virement|banktransfer|wiretransfer|uberweisung|overschrijving|transferencia"), "VIREMENT"),
    (re.compile(r"prelevement|directdebit|lastschrift|domiciliering"), "PRELEVEMENT"),
    (re.compile(r"cheque|check(?!out)"), "CHEQUE"),
    (re.compile(r"cartebancaire|cartedecredit|carteachat|parcarte|creditcard|\bcb\b|kreditkarte"), "CARTE"),
    (re.compile(r"especes|cash|bargeld"), "ESPECE"),
)


def read_payment_means(sheets: list[Sheet], fields: Fields) -> None:
    labelled: dict[str, list[Word]] = {}
    loose: dict[str, list[Word]] = {}
    for sheet in sheets:
        for line, line_hits in zip(sheet.lines, sheet.hits):
            text = line.compact
            if "plusaccepte" in text or "pasaccepte" in text or "nonaccepte" in text or "refuse" in text:
                continue
            label = next((h for h in line_hits if h.category == "payment_label"), None)
            target = labelled if label is not None else loose
            for pattern, means in _PAYMENT_WORDS:
                if pattern.search(
                    text if label is None else compact(words_after(label, line_hits))[0] or line.compact
                ):
                    target.setdefault(means, []).extend(line.words[:3])
    source = labelled or loose
    if source:
        means = next(iter(source))
        set_field(fields, "payment_means", means, bool(labelled) and len(labelled) == 1, source[means])


def read_statements(sheets: list[Sheet], fields: Fields) -> None:
    """Sentences about the invoice as a whole: paid already, VAT regime."""
    paid_words: list[Word] = []
    regimes: dict[str, list[Word]] = {}
    for sheet in sheets:
        for line in sheet.lines:
            # A sentence may run on to the next line (`TVA acquittée sur les` / `encaissements.`).
            following = sheet.lines[line.index + 1] if line.index + 1 < len(sheet.lines) else None
            text = line.compact
            if following is not None and following.top - line.bottom < 1.5 * max(line.height, 6.0):
                text += following.compact
            if not paid_words and _PAID_RE.search(text):
                if _PAID_RE.search(line.compact) or following is None:
                    paid_words = line.words
                elif not _PAID_RE.search(following.compact):  # the mention runs on to the next line
                    paid_words = line.words + following.words
                # else the next line says it on its own: its words are taken at its turn
            for pattern, regime in _REGIME_RULES:
                if pattern.search(text):
                    regimes.setdefault(regime, line.words)
    stamp = [w for sheet in sheets for w in sheet.stamps if w.folded.strip(" .!") in _PAID_STAMPS]
    if paid_words or stamp:
        set_field(fields, "already_paid", True, False, paid_words or stamp[:1])
    else:
        set_field(fields, "already_paid", False, False, [])
    if regimes:
        regime = next(iter(regimes))
        set_field(fields, "vat_regime", regime, len(regimes) == 1, regimes[regime])
