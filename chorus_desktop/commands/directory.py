"""`chorus-desktop structures search TEXT [--profile P] [--json]`: Chorus Pro's directory of public buyers."""

from __future__ import annotations

import argparse
import json

from chorus_desktop.commands.chorus import choose_profile, cli_client_factory
from chorus_desktop.commands.context import cli_context
from chorus_desktop.core.usecases.directory_search import StructureFound


def _requirements(found: StructureFound) -> str:
    if found.service_or_engagement:
        return "code service ou n° d'engagement obligatoire"
    needed = [text for flag, text in ((found.service_required, "code service"),
                                      (found.engagement_required, "n° d'engagement")) if flag]
    return " et ".join(needed) + " obligatoire(s)" if needed else "aucun paramètre obligatoire"


def _cmd_search(args: argparse.Namespace) -> int:
    with cli_context(args, cli_client_factory) as context:
        profile_id = choose_profile(context.profiles, args.profile).id if args.profile else None
        found = context.directory_search.search(args.text, profile_id)
    if args.json:
        print(json.dumps([structure.to_json() for structure in found], ensure_ascii=False))
        return 0
    if not found:
        print(f"Aucune structure publique trouvée pour « {args.text} ».")
        return 0
    for structure in found:
        state = "" if structure.active else " (inactive)"
        place = " ".join(part for part in (structure.address, structure.postcode, structure.town) if part)
        services = ", ".join(f"{s.code} ({s.name})" if s.name else s.code for s in structure.services) or "aucun"
        print(f"{structure.siret}\t{structure.name}{state}\t{place}\n  {_requirements(structure)} ; "
              f"services actifs : {services}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's subcommands."""
    structures = subparsers.add_parser("structures", help="annuaire Chorus Pro des structures publiques")
    actions = structures.add_subparsers(dest="structures_action", metavar="ACTION", required=True,
                                        parser_class=type(structures))
    parser = actions.add_parser("search", help="chercher un destinataire par nom, SIRET, ville ou code postal")
    parser.add_argument("text", metavar="TEXTE")
    parser.add_argument("--profile", help="profil fournisseur dont les accès Chorus Pro servent à chercher")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_search)
