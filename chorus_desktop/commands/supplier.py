"""`chorus-desktop confirm-supplier ID`: the company printed on the invoice is the profile's own."""

from __future__ import annotations

import argparse

from chorus_desktop.commands.context import cli_context


def _cmd_confirm_supplier(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        record = context.supplier.confirm_supplier(args.id)
    blocking = record.blocking_problems
    print(f"Fournisseur confirmé pour la facture n° {record.id} ({record.state_label}).")
    for problem in blocking:
        print(f"  bloquant : {problem.message}")
    return 1 if blocking else 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's subcommands."""
    parser = subparsers.add_parser(
        "confirm-supplier",
        help="confirmer que l'émetteur imprimé sur la facture est bien le fournisseur de son profil")
    parser.add_argument("id", type=int, metavar="ID")
    parser.set_defaults(handler=_cmd_confirm_supplier)
