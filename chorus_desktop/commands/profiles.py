"""`chorus-desktop profile add | list | set`: the supplier companies the user deposits for."""

from __future__ import annotations

import argparse
from typing import Any

from chorus_desktop.commands.context import cli_context
from chorus_desktop.commands.output import parse_assignments, print_json
from chorus_desktop.core.domain.profile import PROFILE_FIELDS, Profile
from chorus_desktop.core.errors import UserFixableError

# ---------------------------------------------------------------- profiles

_PROFILE_OPTIONS = (
    ("vat_number", "--tva", "numéro de TVA intracommunautaire"),
    ("iban", "--iban", "IBAN"),
    ("chorus_supplier_id", "--id-fournisseur", "idFournisseur (identifiant Chorus Pro de la structure)"),
    ("chorus_service_id", "--id-service-fournisseur", "idServiceFournisseur"),
    ("chorus_bank_account_id", "--id-coordonnees-bancaires", "codeCoordonneesBancairesFournisseur"),
    ("default_vat_type", "--type-tva", "type de TVA par défaut (TVA_SUR_DEBIT, TVA_SUR_ENCAISSEMENT...)"),
    ("default_payment_mode", "--mode-paiement", "mode de règlement par défaut (VIREMENT, CHEQUE...)"),
)


def _profile_line(profile: Profile) -> str:
    return (f"{profile.id}\t{profile.name}\t{profile.siret}\tidFournisseur={profile.chorus_supplier_id or '-'}\t"
            f"{profile.default_vat_type}\t{profile.default_payment_mode}")


def _cmd_profile_add(args: argparse.Namespace) -> int:
    values = {name: getattr(args, name) for name, _, _ in _PROFILE_OPTIONS if getattr(args, name) is not None}
    with cli_context(args) as context:
        if args.from_invoice is not None:
            profile = context.supplier.profile_from_invoice(args.from_invoice, name=args.name)
        elif args.name and args.siret:
            profile = context.profiles.add_profile(args.name, args.siret, **values)
        else:
            raise UserFixableError("Donnez le nom et le SIRET du profil (NOM --siret SIRET), ou --depuis-facture ID.",
                                   code="usage")
    if args.json:
        print_json(profile.to_json())
    else:
        print(f"Profil n° {profile.id} « {profile.name} » créé.")
    return 0


def _cmd_profile_list(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        profiles = context.profiles.list_profiles()
    if args.json:
        print_json([profile.to_json() for profile in profiles])
    elif not profiles:
        print("Aucun profil fournisseur. Créez-en un : chorus-desktop profile add NOM --siret SIRET")
    else:
        for profile in profiles:
            print(_profile_line(profile))
    return 0


def _cmd_profile_set(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = dict(parse_assignments(args.assignments))
    unknown = set(changes) - (set(PROFILE_FIELDS) - {"settings"})
    if unknown:
        allowed = ", ".join(f for f in PROFILE_FIELDS if f != "settings")
        raise UserFixableError(f"Champ de profil inconnu : {', '.join(sorted(unknown))} (champs : {allowed}).",
                               code="champ_inconnu")
    with cli_context(args) as context:
        profile = context.profiles.update_profile(context.profiles.find_profile(args.profile).id, **changes)
    print(f"Profil n° {profile.id} « {profile.name} » modifié.")
    return 0



def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's subcommands."""
    profile = subparsers.add_parser("profile", help="profils fournisseurs (add, list, set)")
    actions = profile.add_subparsers(dest="profile_action", metavar="ACTION", required=True,
                                     parser_class=type(profile))
    parser = actions.add_parser("add", help="créer un profil fournisseur")
    parser.add_argument("name", metavar="NOM", nargs="?")
    parser.add_argument("--siret", help="SIRET du fournisseur")
    parser.add_argument("--depuis-facture", dest="from_invoice", type=int, metavar="ID",
                        help="créer le profil de l'émetteur imprimé sur cette facture et la lui rattacher")
    for dest, flag, help_text in _PROFILE_OPTIONS:
        parser.add_argument(flag, dest=dest, help=help_text)
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_profile_add)
    parser = actions.add_parser("list", help="lister les profils")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_profile_list)
    parser = actions.add_parser("set", help="modifier un profil (CHAMP=VALEUR)")
    parser.add_argument("profile", metavar="P", help="numéro, nom ou SIRET du profil")
    parser.add_argument("assignments", nargs="+", metavar="CHAMP=VALEUR")
    parser.set_defaults(handler=_cmd_profile_set)
