"""`chorus-desktop import | set | validate | list | show | dashboard | payload | profile ...`.

Thin layer over the use cases of `wiring.AppContext`: parse arguments, call one use case, print French text
(or JSON with --json). Exit status 0 on success, 1 when something needs the user's attention.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from chorus_desktop.commands.context import cli_context
from chorus_desktop.core.domain.deposit import CADRES
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.profile import PROFILE_FIELDS, Profile
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.model import Problem, format_rate
from chorus_desktop.core.states import InvoiceState, label
from chorus_desktop.core.usecases.importing import ImportOutcome
from chorus_desktop.core.usecases.list_export import csv_text
from chorus_desktop.wiring import AppContext


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _parse_assignments(items: list[str]) -> dict[str, str]:
    changes: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UserFixableError(f"« {item} » : écrivez CHAMP=VALEUR (ex. codeServiceExecutant=SE01).",
                                   code="usage")
        changes[name.strip()] = value
    return changes


def _problem_lines(problems: list[Problem]) -> list[str]:
    lines = []
    for problem in problems:
        kind = "BLOQUANT" if problem.blocking else "attention"
        where = f" [{problem.field}]" if problem.field else ""
        lines.append(f"  {kind}{where} : {problem.message}")
    return lines


def _parse_state(text: str) -> InvoiceState:
    wanted = text.strip()
    for state in InvoiceState:
        if wanted.upper() == state.value or wanted.lower() == label(state).lower():
            return state
    raise UserFixableError(f"État inconnu : « {text} » (ex. BROUILLON, PRETE, DEPOSEE, A_RECYCLER).", code="usage")


# ---------------------------------------------------------------- import

def _cmd_import(args: argparse.Namespace) -> int:
    overrides: dict[str, Any] = {}
    for option, field_name in (("destinataire", "codeDestinataire"), ("code_service", "codeServiceExecutant"),
                               ("engagement", "numeroBonCommande"), ("marche", "numeroMarche"),
                               ("cadre", "codeCadreFacturation")):
        value = getattr(args, option)
        if value is not None:
            overrides[field_name] = value

    def report(outcome: ImportOutcome) -> None:
        if args.json:
            return
        ident = str(outcome.invoice_id) if outcome.invoice_id is not None else "-"
        print(f"{ident}\t{outcome.path.name}\t{outcome.message}", flush=True)

    with cli_context(args) as context:
        profile_id = context.profiles.find_profile(args.profile).id if args.profile else None
        outcomes = context.importing.import_files(args.paths, profile_id=profile_id, overrides=overrides or None,
                                         progress=report)
    if args.json:
        _print_json([outcome.to_json() for outcome in outcomes])
    if not outcomes:
        print("Aucun fichier PDF trouvé.", file=sys.stderr)
        return 1
    return 1 if any(outcome.status == "failed" for outcome in outcomes) else 0


# ---------------------------------------------------------------- set / validate

def _cmd_set(args: argparse.Namespace) -> int:
    changes = _parse_assignments(args.assignments)
    with cli_context(args) as context:
        record = context.editing.update_deposit(args.id, changes)
    print(f"Facture n° {record.id} modifiée ({record.state_label}).")
    for line in _problem_lines(record.problems):
        print(line)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        problems = context.lifecycle.validate(args.id)
        record = context.queries.get_invoice(args.id)
    blocking = any(p.blocking for p in problems)
    if args.json:
        _print_json({"id": record.id, "state": record.state.value, "state_label": record.state_label,
                     "valid": not blocking, "problems": [p.to_json() for p in problems]})
    else:
        if blocking:
            print(f"Facture n° {record.id} : {sum(p.blocking for p in problems)} point(s) bloquant(s) "
                  "avant l'envoi.")
        else:
            print(f"Facture n° {record.id} : aucun point bloquant ({record.state_label}).")
        for line in _problem_lines(problems):
            print(line)
    return 1 if blocking else 0


# ---------------------------------------------------------------- list / show / dashboard / payload

def _cmd_list(args: argparse.Namespace) -> int:
    state = _parse_state(args.state) if args.state else None
    with cli_context(args) as context:
        profile_id = context.profiles.find_profile(args.profile).id if args.profile else None
        rows = context.queries.list_invoices(state=state, search=args.search, limit=args.limit, profile_id=profile_id)
    if args.csv:
        # UTF-8 with BOM, `;`, French numbers and dates (as the app exports), whatever the terminal's encoding.
        sys.stdout.flush()
        sys.stdout.buffer.write(csv_text(rows).encode("utf-8"))
        sys.stdout.buffer.flush()
        return 0
    if args.json:
        _print_json([row.to_json() for row in rows])
        return 0
    if not rows:
        print("Aucune facture.")
        return 0
    print("N°\tÉtat\tNuméro\tDate\tDestinataire\tTTC\tFichier")
    for row in rows:
        date = row.invoice_date.strftime("%d/%m/%Y") if row.invoice_date else ""
        amount = f"{row.total_ttc:.2f}".replace(".", ",") if row.total_ttc is not None else ""
        print(f"{row.id}\t{row.state_label}\t{row.invoice_number or ''}\t{date}\t"
              f"{row.recipient_name or row.recipient_siret or ''}\t{amount}\t{row.file_name}")
    return 0


def record_json(record: InvoiceRecord, context: AppContext) -> dict[str, Any]:
    return {
        "id": record.id,
        "profile_id": record.profile_id,
        "state": record.state.value,
        "state_label": record.state_label,
        "deposit": record.deposit.to_json(),
        "problems": [p.to_json() for p in record.problems],
        "document": {"file_name": record.document.original_name, "sha256": record.document.sha256,
                     "size": record.document.size, "path": str(context.queries.document_path(record.id))},
        "chorus": {
            "identifiantFactureCPP": record.chorus.invoice_id,
            "empreinteCertificatDepot": record.chorus.certificate_fingerprint,
            "dateDepot": record.chorus.deposited_at.isoformat() if record.chorus.deposited_at else None,
            "statut": record.chorus.status_code,
        },
        "extraction": record.extraction,
        "history": [change.to_json() for change in context.queries.history(record.id)],
    }


def _cmd_show(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        record = context.queries.get_invoice(args.id)
        data = record_json(record, context)
        history = context.queries.history(args.id)
    if args.json:
        _print_json(data)
        return 0
    deposit = record.deposit
    print(f"Facture n° {record.id} — {record.state_label}")
    print(f"  Fichier : {record.document.original_name}")
    for name, value in deposit.to_json().items():
        if name in ("pieceJointePrincipale", "pieceJointeComplementaire", "ligneTva") or value in (None, ""):
            continue
        print(f"  {name} : {value}")
    for vat_line in deposit.ligneTva:
        print(f"  ligneTva : {format_rate(vat_line.ligneTvaTauxManuel)} % sur {vat_line.ligneTvaMontantBaseHtParTaux} "
              f"= {vat_line.ligneTvaMontantTvaParTaux}")
    for attachment in deposit.pieceJointeComplementaire:
        print(f"  pièce jointe : {attachment.designation}")
    if record.chorus.invoice_id is not None:
        print(f"  identifiantFactureCPP : {record.chorus.invoice_id}")
    if record.problems:
        print("Points à vérifier :")
        for line in _problem_lines(record.problems):
            print(line)
    print("Historique :")
    for change in history:
        origin = "Chorus Pro" if change.source == "chorus" else "local"
        comment = f" — {change.comment}" if change.comment else ""
        when = change.at.astimezone().strftime("%d/%m/%Y %H:%M")
        print(f"  {when}  {change.label} ({origin}){comment}")
    return 0


def _cmd_dashboard(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        counts = context.queries.dashboard()
    if args.json:
        _print_json({state.value: count for state, count in counts.items()})
        return 0
    print("Tableau de bord")
    for state, count in counts.items():
        print(f"  {label(state)} : {count}")
    return 0


def _cmd_payload(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        _print_json(context.queries.payload(args.id))
    return 0


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
        _print_json(profile.to_json())
    else:
        print(f"Profil n° {profile.id} « {profile.name} » créé.")
    return 0


def _cmd_profile_list(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        profiles = context.profiles.list_profiles()
    if args.json:
        _print_json([profile.to_json() for profile in profiles])
    elif not profiles:
        print("Aucun profil fournisseur. Créez-en un : chorus-desktop profile add NOM --siret SIRET")
    else:
        for profile in profiles:
            print(_profile_line(profile))
    return 0


def _cmd_profile_set(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = dict(_parse_assignments(args.assignments))
    unknown = set(changes) - (set(PROFILE_FIELDS) - {"settings"})
    if unknown:
        allowed = ", ".join(f for f in PROFILE_FIELDS if f != "settings")
        raise UserFixableError(f"Champ de profil inconnu : {', '.join(sorted(unknown))} (champs : {allowed}).",
                               code="champ_inconnu")
    with cli_context(args) as context:
        profile = context.profiles.update_profile(context.profiles.find_profile(args.profile).id, **changes)
    print(f"Profil n° {profile.id} « {profile.name} » modifié.")
    return 0


# ---------------------------------------------------------------- registration

def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's subcommands."""
    parser = subparsers.add_parser("import", help="importer des PDF (fichiers ou dossiers) comme brouillons")
    parser.add_argument("paths", nargs="+", metavar="FICHIER_OU_DOSSIER")
    parser.add_argument("--profile", metavar="P", help="profil fournisseur (numéro, nom ou SIRET)")
    parser.add_argument("--destinataire", metavar="SIRET", help="SIRET du destinataire (codeDestinataire)")
    parser.add_argument("--code-service", metavar="C", help="code service exécutant")
    parser.add_argument("--engagement", metavar="N", help="numéro d'engagement (numeroBonCommande)")
    parser.add_argument("--marche", metavar="N", help="numéro de marché")
    parser.add_argument("--cadre", choices=sorted(CADRES, key=lambda c: int(c[1:])), help="cadre de facturation")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_import)

    parser = subparsers.add_parser("set", help="corriger des champs d'une facture (noms des champs de l'API)")
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument("assignments", nargs="+", metavar="CHAMP=VALEUR")
    parser.set_defaults(handler=_cmd_set)

    parser = subparsers.add_parser("validate", help="contrôler une facture avant l'envoi (code 1 si bloquant)")
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_validate)

    parser = subparsers.add_parser("list", help="lister les factures (les plus récentes d'abord)")
    parser.add_argument("--state", metavar="ÉTAT", help="seulement cet état (ex. BROUILLON, A_RECYCLER)")
    parser.add_argument("--search", metavar="TEXTE", help="numéro, destinataire ou montant TTC")
    parser.add_argument("--profile", metavar="P", help="seulement ce profil fournisseur")
    parser.add_argument("--limit", type=int, metavar="N", help="au plus N factures")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="sortie JSON")
    output.add_argument("--csv", action="store_true",
                        help="sortie CSV pour tableur (UTF-8 avec BOM, « ; », nombres et dates à la française)")
    parser.set_defaults(handler=_cmd_list)

    parser = subparsers.add_parser("show", help="afficher une facture et son historique")
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_show)

    parser = subparsers.add_parser("dashboard", help="nombre de factures par état (tableau de bord)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_dashboard)

    parser = subparsers.add_parser("payload", help="le JSON exact envoyé à factures/v1/soumettre")
    parser.add_argument("id", type=int, metavar="ID")
    parser.set_defaults(handler=_cmd_payload)

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
