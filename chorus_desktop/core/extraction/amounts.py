"""Amounts and rates among the words of a line: `1 326,00` split over two words, a detached sign, a rate
glued to its `%`. `numbers.py` reads one printed amount; this module finds them among positioned words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from chorus_desktop.core.extraction.currency import CURRENCY_WORDS
from chorus_desktop.core.extraction.layout import Line, Word
from chorus_desktop.core.extraction.numbers import has_two_decimals, normalise_rate, parse_amount

_RATE_IN_WORD_RE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,3})?)\s?%")
_AMOUNT_PIECE_RE = re.compile(r"^[-−(]?[€$£]?\d[\d.,'’]*[)\-]?(?:€|eur)?$", re.IGNORECASE)
_THOUSANDS_HEAD_RE = re.compile(r"^[-−]?[1-9]\d{0,2}$")
_THOUSANDS_TAIL_RE = re.compile(r"^\d{3}(?:[.,]\d{1,2})?(?:€)?$|^\d{3}$")
# `258.39e`: TeX fonts without a euro glyph print the sign as a letter `e` after the decimals.
_LETTER_EURO_RE = re.compile(r"^([-−]?\d[\d.,]*[.,]\d{1,2})e$")
# `TotalHT:1200,00`, `TTC)86.68€`: a text layer that dropped the spaces glues the amount to its label.
_GLUED_TAIL_RE = re.compile(
    r"^.*(?:[:)]|ht|ttc|tva|total|payer|regler|net|taxes)(-?\d{1,3}(?:[ .]?\d{3})*[.,]\d{2})(?:€|e|eur)?$",
    re.IGNORECASE,
)


@dataclass
class Amount:
    value: Decimal
    words: list[Word]
    decimals: bool

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1


def amounts_in(words: Sequence[Word]) -> list[Amount]:
    """Amounts printed among `words`, joining `1 326,00` split over two words and a detached sign."""
    found: list[Amount] = []
    index = 0
    while index < len(words):
        word = words[index]
        text = word.text
        letter_euro = _LETTER_EURO_RE.match(text)
        if letter_euro is not None:
            text = letter_euro.group(1) + "€"
        glued = _GLUED_TAIL_RE.match(text) if text[:1].isalpha() else None
        if glued is not None and (value := parse_amount(glued.group(1))) is not None:
            found.append(Amount(value, [word], True))
            index += 1
            continue
        if "%" in text or not any(ch.isdigit() for ch in text):
            if text in ("-", "−") and index + 1 < len(words) and words[index + 1].x0 - word.x1 < word.height:
                following = amounts_in(words[index + 1 : index + 2])
                if following:
                    found.append(
                        Amount(-following[0].value, [word, *following[0].words], following[0].decimals)
                    )
                    index += 2
                    continue
            index += 1
            continue
        group = [word]
        joined = text
        if _THOUSANDS_HEAD_RE.match(text):
            cursor = index + 1
            while (
                cursor < len(words)
                and _THOUSANDS_TAIL_RE.match(words[cursor].text)
                and words[cursor].x0 - group[-1].x1 < 0.6 * word.height
            ):
                group.append(words[cursor])
                joined += " " + words[cursor].text
                cursor += 1
                if "," in words[cursor - 1].text or "." in words[cursor - 1].text:
                    break
        next_index = index + len(group)
        if next_index < len(words) and words[next_index].text == "%":
            index = next_index + 1
            continue
        if _AMOUNT_PIECE_RE.match(re.sub(r"[ \u00a0\u202f\u2009]", "", joined)):
            value = parse_amount(joined)
            if value is not None:
                found.append(Amount(value, group, has_two_decimals(joined)))
                index = next_index
                continue
        index += 1
    return found


def rates_in(words: Sequence[Word]) -> list[tuple[Decimal, Word]]:
    """VAT-like rates printed among `words` (`20%`, `5,5 %`, `TVA(0%)`)."""
    rates: list[tuple[Decimal, Word]] = []
    for index, word in enumerate(words):
        text = word.text
        if index + 1 < len(words) and words[index + 1].text.startswith("%"):
            text += "%"
        for match in _RATE_IN_WORD_RE.finditer(text):
            rates.append((normalise_rate(Decimal(match.group(1).replace(",", "."))), word))
    return rates


def followed_by_currency(amount: Amount, line: Line) -> bool:
    """The amount carries its currency (`4485 €`, `€4485`, `4485 EUR`)."""
    last = amount.words[-1]
    if last.folded.endswith(("€", "eur")) or amount.words[0].folded.startswith(("€", "$", "£")):
        return True
    following = [w for w in line.words if w.x0 >= last.x1 - 0.5 and w is not last]
    return bool(following) and following[0].folded.strip("().") in CURRENCY_WORDS
