"""`chorus-desktop layouts list|forget|routings|forget-routing`: what the app learned from validated invoices.

A layout (modèle de facture) is learned per supplier profile when an invoice is validated or deposited:
where its number, date and totals are printed. A routing (SIRET destinataire, code service...) is
remembered for the buyer printed on the invoice.
"""

from __future__ import annotations

import argparse
from typing import Any

from chorus_desktop.commands.context import cli_context
from chorus_desktop.commands.output import print_json
from chorus_desktop.core.domain.deposit import cadre_short
from chorus_desktop.core.domain.learning import LayoutMemory

FIELD_LABELS = {"invoice_number": "numéro", "date": "date", "total_ht": "HT", "total_tva": "TVA",
                "total_ttc": "TTC"}



def _layout_line(memory: LayoutMemory) -> str:
    fields = ", ".join(FIELD_LABELS.get(name, name) for name in sorted(memory.fields))
    supplier = memory.supplier_name or memory.supplier_key or "fournisseur sans identifiant"
    return (f"{memory.id}\tprofil {memory.profile_id or '-'}\t{supplier}\t{memory.supplier_key or '-'}\t"
            f"appris sur la facture n° {memory.taught_invoice_number or '?'} (n° {memory.taught_invoice_id or '-'})"
            f"\t{fields}\tutilisé {memory.uses} fois\t{_paid_choice(memory)}")


def _paid_choice(memory: LayoutMemory) -> str:
    """The cadre kept for a paid invoice of this layout, if one was validated."""
    if not memory.paid_cadre:
        return "-"
    return f"cadre {cadre_short(memory.paid_cadre)} (facture n° {memory.paid_taught_invoice_number or '?'})"


def _profile_id(context: Any, args: argparse.Namespace) -> int | None:
    return context.profiles.find_profile(args.profile).id if args.profile else None


def _cmd_list(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        memories = context.learning.layouts(_profile_id(context, args))
    if args.json:
        print_json([memory.to_json() for memory in memories])
        return 0
    if not memories:
        print("Aucun modèle de facture appris.")
        return 0
    print("N°\tProfil\tFournisseur\tIdentifiant\tModèle\tChamps\tUtilisation\tFactures déjà payées")
    for memory in memories:
        print(_layout_line(memory))
    return 0


def _cmd_forget(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        memory = context.learning.forget_layout(args.id)
    print(f"Modèle n° {memory.id} oublié (appris sur la facture n° {memory.taught_invoice_number or '?'}).")
    return 0


def _cmd_routings(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        memories = context.learning.routings(_profile_id(context, args))
    if args.json:
        print_json([memory.to_json() for memory in memories])
        return 0
    if not memories:
        print("Aucun routage mémorisé.")
        return 0
    print("N°\tProfil\tDestinataire imprimé\tRoutage\tAppris sur")
    for memory in memories:
        routing = ", ".join(f"{name}={value}" for name, value in memory.applied_routing().items())
        print(f"{memory.id}\tprofil {memory.profile_id or '-'}\t{memory.buyer_label}\t{routing}\t"
              f"facture n° {memory.taught_invoice_number or '?'}")
    return 0


def _cmd_forget_routing(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        context.learning.forget_routing(args.id)
    print(f"Routage mémorisé n° {args.id} oublié.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    layouts = subparsers.add_parser("layouts", help="modèles de facture appris et routages mémorisés")
    actions = layouts.add_subparsers(dest="action", metavar="ACTION", required=True)
    parser = actions.add_parser("list", help="lister les modèles de facture appris")
    parser.add_argument("--profile", help="seulement ceux de ce profil fournisseur (nom ou n°)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_list)
    parser = actions.add_parser("forget", help="oublier un modèle de facture appris")
    parser.add_argument("id", type=int, help="n° du modèle (voir « layouts list »)")
    parser.set_defaults(handler=_cmd_forget)
    parser = actions.add_parser("routings", help="lister les routages mémorisés par destinataire")
    parser.add_argument("--profile", help="seulement ceux de ce profil fournisseur (nom ou n°)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_routings)
    parser = actions.add_parser("forget-routing", help="oublier un routage mémorisé")
    parser.add_argument("id", type=int, help="n° du routage (voir « layouts routings »)")
    parser.set_defaults(handler=_cmd_forget_routing)
