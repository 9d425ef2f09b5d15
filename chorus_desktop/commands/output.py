"""What the store and profile commands share: JSON output and `CHAMP=VALEUR` arguments."""

from __future__ import annotations

import json
import sys
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
