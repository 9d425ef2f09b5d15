"""`chorus-desktop new-invoice SPEC.json | duplicate ID | avoir ID --motif TEXTE`: invoices the app writes.

Each prints the new invoice's id, its number and the path of its PDF in the store (or JSON with --json).
A refused spec prints a French message naming the field, exits with status 1 and uses no number.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from chorus_desktop.commands.context import cli_context
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.usecases.invoice_writing import WrittenOutcome


def _print(outcome: WrittenOutcome, as_json: bool) -> None:
    if as_json:
        json.dump(outcome.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    kind = "Avoir" if outcome.kind == "AVOIR" else "Facture"
    ttc = f"{outcome.total_ttc:,.2f}".replace(",", " ").replace(".", ",")
    print(f"{kind} n° {outcome.number} établi{'' if outcome.kind == 'AVOIR' else 'e'} (facture n° {outcome.invoice_id} de l'application), "
          f"TTC {ttc} € : {outcome.pdf_path}")
    blocking = [p for p in outcome.problems if p.blocking]
    for problem in blocking:
        print(f"  À compléter avant l'envoi : {problem.message}")


def _read_spec(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserFixableError(code="fichier_introuvable", params={"path": path}) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserFixableError(code="spec_invalide", text_id="spec_json_illisible", params={"reason": error}) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"JSON invalide ligne {error.lineno}, colonne {error.colno}"
        raise UserFixableError(code="spec_invalide", text_id="spec_json_illisible", params={"reason": reason}) from None


def _cmd_new_invoice(args: argparse.Namespace) -> int:
    spec = _read_spec(args.spec)
    if args.defraiement and isinstance(spec, dict):
        spec = {**spec, "template": "defraiement"}
    with cli_context(args) as context:
        profile_id = context.profiles.find_profile(args.profile).id if args.profile else None
        outcome = context.writing.new_invoice(spec, profile_id=profile_id)
    _print(outcome, args.json)
    return 0


def _cmd_duplicate(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        outcome = context.writing.duplicate(args.id)
    _print(outcome, args.json)
    return 0


def _cmd_credit_note(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        outcome = context.writing.credit_note(args.id, args.motif)
    _print(outcome, args.json)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's subcommands."""
    parser = subparsers.add_parser("new-invoice", help="établir une facture (PDF/A-3 Factur-X) depuis un fichier JSON")
    parser.add_argument("spec", metavar="SPEC.json", help="la facture décrite en JSON (voir README)")
    parser.add_argument("--profile", metavar="P", help="profil fournisseur émetteur (numéro, nom ou SIRET)")
    parser.add_argument("--defraiement", action="store_true",
                        help="modèle « Facture de défraiement (télétransmission) » : période et comptes mensuels")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_new_invoice)

    parser = subparsers.add_parser("duplicate", help="dupliquer une facture sous un nouveau numéro (brouillon)")
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_duplicate)

    parser = subparsers.add_parser("avoir", help="établir l'avoir qui annule une facture (comptabilisé, non déposé)")
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument("--motif", required=True, metavar="TEXTE", help="motif de l'avoir")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_credit_note)
