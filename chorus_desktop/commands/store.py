"""`chorus-desktop import | set | validate | list | show | dashboard | payload`.

Thin layer over the use cases of `wiring.AppContext`: parse arguments, call one use case, print French text
(or JSON with --json). Exit status 0 on success, 1 when something needs the user's attention.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from typing import Any

from chorus_desktop.commands.context import cli_context
from chorus_desktop.commands.output import parse_assignments, print_json
from chorus_desktop.commands.returns import due_text
from chorus_desktop.core.domain.deposit import CADRES
from chorus_desktop.core.domain.invoice import InvoiceRecord, InvoiceSummary
from chorus_desktop.core.domain.names import escape_text
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.model import Problem, format_rate
from chorus_desktop.core.states import InvoiceState, label
from chorus_desktop.core.usecases.importing import ImportOutcome
from chorus_desktop.core.usecases.list_export import csv_text
from chorus_desktop.core.usecases.payments import InvoicePayment
from chorus_desktop.core.validation import RECIPIENT_UNCHECKED
from chorus_desktop.wiring import AppContext


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
        print(f"{ident}\t{escape_text(outcome.path.name)}\t{escape_text(outcome.message)}", flush=True)

    with cli_context(args) as context:
        profile_id = context.profiles.find_profile(args.profile).id if args.profile else None
        outcomes = context.importing.import_files(args.paths, profile_id=profile_id, overrides=overrides or None,
                                         progress=report)
    if args.json:
        print_json([outcome.to_json() for outcome in outcomes])
    if not outcomes:
        print("Aucun fichier PDF trouvé.", file=sys.stderr)
        return 1
    if not args.json:
        counts = {status: sum(o.status == status for o in outcomes) for status in IMPORT_SUMMARY}
        print("Bilan : " + ", ".join(f"{count} {IMPORT_SUMMARY[status]}" for status, count in counts.items()
                                     if count or status == "imported") + f" (sur {len(outcomes)} fichier(s)).",
              file=sys.stderr)  # stdout keeps one tab-separated line per file
    return 1 if any(outcome.status in ("failed", "skipped") for outcome in outcomes) else 0


IMPORT_SUMMARY = {"imported": "importée(s)", "duplicate": "déjà importée(s)", "failed": "en échec",
                  "skipped": "non tentée(s) (import arrêté)"}


# ---------------------------------------------------------------- set / validate

def _cmd_set(args: argparse.Namespace) -> int:
    changes = parse_assignments(args.assignments)
    with cli_context(args) as context:
        record = context.editing.update_deposit(args.id, changes)
    print(f"Facture n° {record.id} modifiée ({record.state_label}).")
    for line in _problem_lines(record.problems):
        print(line)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        # The recipient is checked with Chorus Pro first (when the profile can connect): an invoice is
        # « Prête » only once it was.
        outcome = context.recipient_check.check(args.id)
        record = context.queries.get_invoice(args.id)
    problems = outcome.problems
    blocking = any(p.blocking for p in problems)
    unchecked = any(p.code == RECIPIENT_UNCHECKED for p in problems)
    if args.json:
        print_json({"id": record.id, "state": record.state.value, "state_label": record.state_label,
                     "valid": not blocking, "recipient_checked": not unchecked,
                     "chorus_unavailable": outcome.unavailable, "problems": [p.to_json() for p in problems]})
    else:
        if blocking:
            print(f"Facture n° {record.id} : {sum(p.blocking for p in problems)} point(s) bloquant(s) "
                  "avant l'envoi.")
        else:
            print(f"Facture n° {record.id} : aucun point bloquant ({record.state_label}).")
        if unchecked and outcome.unavailable:
            print(f"Destinataire non vérifié auprès de Chorus Pro : {outcome.unavailable}")
        for line in _problem_lines(problems):
            print(line)
    return 1 if blocking else 0


# ---------------------------------------------------------------- list / show / dashboard / payload

LIST_PAGE = 500  # rows fetched from the store at a time: a 100,000-invoice list streams in constant memory


def _list_pages(context: AppContext, args: argparse.Namespace, state: InvoiceState | None,
                profile_id: int | None) -> Iterator[list[InvoiceSummary]]:
    """The rows asked for (sorted and filtered in SQL), a page at a time."""
    offset, left = max(0, args.offset or 0), args.limit
    while left is None or left > 0:
        size = LIST_PAGE if left is None else min(LIST_PAGE, left)
        rows = context.queries.list_invoices(state=state, search=args.search, limit=size, offset=offset,
                                             profile_id=profile_id)
        if not rows:
            return
        yield rows
        offset += len(rows)
        left = None if left is None else left - len(rows)
        if len(rows) < size:
            return


def _cmd_list(args: argparse.Namespace) -> int:
    state = _parse_state(args.state) if args.state else None
    out = sys.stdout
    with cli_context(args) as context:
        profile_id = context.profiles.find_profile(args.profile).id if args.profile else None
        pages = _list_pages(context, args, state, profile_id)
        if args.csv:
            # UTF-8 with BOM, `;`, French numbers and dates (as the app exports), whatever the terminal's encoding.
            rows = [row for page in pages for row in page]
            sys.stdout.flush()
            sys.stdout.buffer.write(csv_text(rows).encode("utf-8"))
            sys.stdout.buffer.flush()
            return 0

        def with_payments(rows: list[InvoiceSummary]) -> list[tuple[InvoiceSummary, Any]]:
            payments = context.payments.payments_for(row.id for row in rows if row.chorus_invoice_id is not None)
            return [(row, payments.get(row.id)) for row in rows]

        if args.json_lines:  # one JSON object per line, streamed
            for rows in pages:
                out.writelines(json.dumps({**row.to_json(), **_payment_fields(payment)}, ensure_ascii=False) + "\n"
                               for row, payment in with_payments(rows))
            return 0
        if args.json:  # one JSON array, streamed
            first = True
            out.write("[")
            for rows in pages:
                for row, payment in with_payments(rows):
                    item = json.dumps({**row.to_json(), **_payment_fields(payment)}, ensure_ascii=False)
                    out.write(("\n  " if first else ",\n  ") + item)
                    first = False
            out.write("\n]\n" if not first else "]\n")
            return 0
        shown = 0
        for rows in pages:
            if not shown:
                print("N°\tÉtat\tNuméro\tDate\tDestinataire\tTTC\tÉchéance\tFichier")
            for row, payment in with_payments(rows):
                date = row.invoice_date.strftime("%d/%m/%Y") if row.invoice_date else ""
                amount = f"{row.total_ttc:.2f}".replace(".", ",") if row.total_ttc is not None else ""
                cells = (row.invoice_number or "", row.recipient_name or row.recipient_siret or "", row.file_name)
                number, recipient, file_name = (escape_text(cell) for cell in cells)
                print(f"{row.id}\t{row.state_label}\t{number}\t{date}\t{recipient}\t{amount}\t"
                      f"{due_text(payment)}\t{file_name}")
            shown += len(rows)
    if not shown:
        print("Aucune facture.")
    return 0


def _payment_fields(payment: InvoicePayment | None) -> dict[str, Any]:
    if payment is None:
        return {"payment_due_date": None, "days_late": 0}
    data = payment.to_json()
    return {"payment_due_date": data["payment_due_date"], "days_late": data["days_late"],
            "payment_due_text": due_text(payment)}


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
        **(payment.to_json() if (payment := context.payments.payment_for(record.id)) is not None
           else {"payment_due_date": None, "days_late": 0}),
    }


def _cmd_show(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        record = context.queries.get_invoice(args.id)
        data = record_json(record, context)
        history = context.queries.history(args.id)
    if args.json:
        print_json(data)
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
    if data.get("payment_due_date"):
        print(f"  {_due_line(data)}")
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


def _due_line(data: dict[str, Any]) -> str:
    due = dt.date.fromisoformat(data["payment_due_date"]).strftime("%d/%m/%Y")
    clock = data["payment_clock"]
    line = f"Échéance : {'≈ ' if clock['start_estimated'] else ''}{due} ({clock['delay_days']} jours)"
    interest = data.get("late_interest")
    if data["days_late"] > 0 and interest:
        amount = (f"{interest['interest']} € d'intérêts moratoires au taux de {interest['rate']} %"
                  if interest["interest"] is not None else "intérêts moratoires (taux BCE inconnu)")
        line += (f" — en retard de {data['days_late']} jour(s) : {amount} et {interest['indemnity']} € "
                 "d'indemnité forfaitaire")
    return line


def _cmd_dashboard(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        counts = context.queries.dashboard()
        late = context.payments.count_late()
        to_handle = context.returns.count()
    if args.json:
        print_json({**{state.value: count for state, count in counts.items()}, "EN_RETARD_DE_PAIEMENT": late,
                     "A_TRAITER": to_handle})
        return 0
    print("Tableau de bord")
    for state, count in counts.items():
        print(f"  {label(state)} : {count}")
    print(f"  En retard de paiement : {late}")
    print(f"  À traiter : {to_handle}")
    return 0


def _cmd_payload(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        print_json(context.queries.payload(args.id))
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
    parser.add_argument("--offset", type=int, metavar="N", default=0, help="sauter les N premières factures")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="sortie JSON (un tableau, écrit au fil de la lecture)")
    output.add_argument("--json-lines", action="store_true", help="sortie JSON, un objet par ligne (pour les scripts)")
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
