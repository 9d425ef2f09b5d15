"""What the store and profile commands share: JSON output and `CHAMP=VALEUR` arguments."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from chorus_desktop.core.errors import UserFixableError


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def parse_assignments(items: list[str]) -> dict[str, str]:
    changes: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UserFixableError(f"« {item} » : écrivez CHAMP=VALEUR (ex. codeServiceExecutant=SE01).",
                                   code="usage")
        changes[name.strip()] = value
    return changes


def confirm(question: str, verb: str, ask: Callable[[str], str] = input) -> bool:
    """Ask « question [o/N] » on the terminal; without one, refuse and name `--yes` (« … pour {verb} sans
    question »): a script never hangs on a prompt."""
    if not sys.stdin.isatty():
        raise UserFixableError(f"Confirmation impossible sans terminal : ajoutez --yes pour {verb} sans question.",
                               code="usage")
    return ask(question + " [o/N] ").strip().lower() in ("o", "oui", "y", "yes")
