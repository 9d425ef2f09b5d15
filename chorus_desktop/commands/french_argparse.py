"""argparse in French: its own strings (usage, « arguments positionnels », error messages) translated.

argparse looks up `_` and `ngettext` in its module at call time (gettext hooks); we point them at French
strings instead of shipping a .mo catalogue. Unknown strings fall back to argparse's English.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments positionnels",
    "options": "options",
    "optional arguments": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version du programme et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choisir parmi %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "commande inconnue %(parser_name)r (choix : %(choices)s)",
    "unexpected option string: %s": "option inattendue : %s",
}
FRENCH_PLURALS = {
    ("expected %s argument", "expected %s arguments"): ("%s valeur attendue", "%s valeurs attendues"),
}


def french(message: str) -> str:
    return FRENCH.get(message, message)


def french_plural(singular: str, plural: str, count: int) -> str:
    one, many = FRENCH_PLURALS.get((singular, plural), (singular, plural))
    return one if count == 1 else many


def install() -> None:
    """Make argparse speak French for this process."""
    argparse._ = french  # type: ignore[attr-defined]
    argparse.ngettext = french_plural  # type: ignore[attr-defined]


class FrenchArgumentParser(argparse.ArgumentParser):
    """Usage errors as « chorus-desktop : erreur : … » on stderr, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"chorus-desktop : erreur : {message}\n")
