"""`chorus-desktop returns | recycle | complete | credit-note | payment-terms`: what Chorus Pro sends back.

Thin layer over `AppContext.returns`, `.recycling`, `.completion`, `.rejections` and `.payments`. Each action
is checked locally first (the right state, the right files, the routing against the directory), asks for
confirmation unless --yes, then makes exactly one call of its Chorus Pro endpoint.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chorus_desktop.commands.chorus import cli_client_factory
from chorus_desktop.commands.context import cli_context
from chorus_desktop.commands.output import confirm, print_json
from chorus_desktop.core import texts
from chorus_desktop.core.domain.payment_clock import BuyerKind
from chorus_desktop.core.domain.rate_table import RATES_FILE_NAME
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.usecases.payments import InvoicePayment


def due_text(payment: InvoicePayment | None) -> str:
    """« Échéance 05/01/2027 », « En retard de N jours », or nothing (not deposited, paid on time, rejected)."""
    if payment is None or payment.due_date is None:
        return ""
    if payment.days_late > 0:
        return f"En retard de {payment.days_late} jour{'s' if payment.days_late > 1 else ''}"
    approx = "≈ " if payment.clock.start_estimated else ""
    suspended = " (suspendue)" if payment.clock.suspended_on else ""
    return f"Échéance {approx}{payment.due_date.strftime('%d/%m/%Y')}{suspended}"


# ---------------------------------------------------------------- returns

def _cmd_returns(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        items = context.returns.worklist()
    if args.json:
        print_json([item.to_json() for item in items])
        return 0
    if not items:
        print("Aucune facture à traiter.")
        return 0
    print("N°\tÉtat\tNuméro\tDepuis\tAction")
    commands = {"recycle": "recycle {id}", "complete": "complete {id} --attach FICHIER",
                "credit-note": "credit-note {id}", "claim-interest": "claim-interest {id}"}
    for item in items:
        since = item.since.astimezone().strftime("%d/%m/%Y")
        state = f"En retard de {item.days_late} j" if item.days_late else item.to_json()["state_label"]
        command = commands[item.action.value].format(id=item.invoice_id)
        print(f"{item.invoice_id}\t{state}\t{item.number}\t{since}\t{item.action_label} (chorus-desktop {command})")
        if item.comment:
            print(f"\tMotif : « {item.comment} »")
        print(f"\t{item.meaning}")
    return 0


# ---------------------------------------------------------------- recycle

def _cmd_recycle(args: argparse.Namespace) -> int:
    with cli_context(args, cli_client_factory) as context:
        changes = context.recycling.routing_changes(args.destinataire, args.code_service, args.engagement)
        preview = context.recycling.preview(args.id, changes)
        d = preview.deposit
        if not args.yes:
            print(f"  n° {preview.id} : facture {d.numeroFactureSaisi} (numéro inchangé) vers {d.codeDestinataire}, "
                  f"code service {d.codeServiceExecutant or '-'}, engagement {d.numeroBonCommande or '-'}")
            if not confirm("Recycler cette facture sur Chorus Pro ?", "envoyer"):
                print(texts.render("rien_non_envoye"))
                return 1
        record = context.recycling.recycle(args.id, changes, args.comment)
    print(f"Facture n° {record.id} ({record.deposit.numeroFactureSaisi}) recyclée sur Chorus Pro : "
          f"« {record.state_label} ».")
    return 0


# ---------------------------------------------------------------- complete

def _cmd_complete(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.attach or []]
    with cli_context(args, cli_client_factory) as context:
        record = context.completion.check(args.id, paths, args.comment)
        if not args.yes:
            names = ", ".join(p.name for p in paths) or "aucune pièce"
            print(f"  n° {record.id} : facture {record.deposit.numeroFactureSaisi}, pièces : {names}")
            if not confirm("Compléter cette facture sur Chorus Pro ?", "envoyer"):
                print(texts.render("rien_non_envoye"))
                return 1
        record = context.completion.complete(args.id, paths, args.comment)
    print(f"Facture n° {record.id} ({record.deposit.numeroFactureSaisi}) complétée sur Chorus Pro : "
          f"« {record.state_label} » ; le délai de paiement reprend.")
    return 0


# ---------------------------------------------------------------- credit-note

def _cmd_credit_note(args: argparse.Namespace) -> int:
    with cli_context(args, cli_client_factory) as context:
        record = context.queries.get_invoice(args.id)
        if not args.yes and record.chorus.rejection_handled_at is None:
            print(f"  n° {record.id} : facture {record.deposit.numeroFactureSaisi} ({record.state_label})")
            if not confirm("Traiter le rejet de cette facture sur Chorus Pro ?", "envoyer"):
                print(texts.render("rien_non_envoye"))
                return 1
        outcome = context.rejections.credit_note(args.id)
        deposited = None
        if args.deposit and outcome.credit_note_id is not None:
            # Asked for: the avoir goes to Chorus Pro like any invoice (validated, then sent exactly once).
            [deposited] = context.deposits.deposit([outcome.credit_note_id])
    if args.json:
        print_json({**outcome.to_json(), "credit_note_deposit": None if deposited is None else {
            "ok": deposited.ok, "state": deposited.state.value, "message": deposited.message,
            "chorus_invoice_id": deposited.chorus_invoice_id}})
    else:
        if outcome.acknowledged_now:
            print(f"Rejet de la facture n° {args.id} traité sur Chorus Pro.")
        if outcome.credit_note_id is not None and deposited is None:
            print(f"Avoir rédigé : facture n° {outcome.credit_note_id} (non déposé sur Chorus Pro).")
        elif deposited is not None:
            print(f"Avoir n° {outcome.credit_note_id} : {deposited.message}")
    if not outcome.writer_available:
        print(texts.render("avoir_indisponible"), file=sys.stderr if args.json else sys.stdout)
    return 1 if deposited is not None and not deposited.ok else 0


# ---------------------------------------------------------------- claim-interest

def _cmd_claim_interest(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        record = context.queries.get_invoice(args.id)
        number = (record.deposit.numeroFactureSaisi or str(record.id)).replace("/", "-")
        output = Path(args.output) if args.output else Path.cwd() / f"reclamation-interets-{number}.pdf"
        written = context.interest_claims.draft(args.id, output)
    print(f"Courrier de réclamation des intérêts moratoires écrit : {written}")
    return 0


# ---------------------------------------------------------------- interest-rates

def _cmd_interest_rates(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        table = context.payments.rates
        override = resolve_paths(getattr(args, "data_dir", None)).data_dir / RATES_FILE_NAME
    if args.json:
        print_json({"origin": table.origin, "user_copy": str(override), "periods": [
            {"half_year": p.half_year, "ecb_rate": str(p.ecb_rate), "interest_rate": str(p.ecb_rate + 8),
             "source": p.source} for p in table.periods]})
        return 0
    print(f"Taux BCE (intérêts moratoires = taux BCE + 8 points), lus dans : {table.origin}")
    for period in table.periods:
        rate = f"{period.ecb_rate:.2f}".replace(".", ",")
        interest = f"{period.ecb_rate + 8:.2f}".replace(".", ",")
        print(f"  {period.half_year}\t{rate} %\t→ {interest} %\t{period.source}")
    print(f"Pour corriger ou compléter ce tableau : copiez-le dans {override} et modifiez la copie.")
    return 0


# ---------------------------------------------------------------- payment-terms

def _cmd_payment_terms(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        recipient = context.payments.set_recipient_terms(args.siret, args.nature,
                                                         None if args.legal else args.delai)
    kind = recipient.buyer_kind or "devinée d'après le nom"
    delay = f"{recipient.payment_delay_days} jours (contrat)" if recipient.payment_delay_days else "délai légal"
    print(f"Destinataire {recipient.siret} : nature {kind}, {delay}.")
    return 0


# ---------------------------------------------------------------- registration

def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's subcommands."""
    parser = subparsers.add_parser("returns", help="factures renvoyées par Chorus Pro et en retard de paiement "
                                                   "(à traiter, les plus anciennes d'abord)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_returns)

    parser = subparsers.add_parser("recycle", help="renvoyer une facture « À recycler » avec un nouvel "
                                                   "acheminement (même numéro)")
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument("--destinataire", metavar="SIRET", help="SIRET du destinataire (codeDestinataire)")
    parser.add_argument("--code-service", metavar="C", help="code service exécutant")
    parser.add_argument("--engagement", metavar="EJ", help="numéro d'engagement (numeroBonCommande)")
    parser.add_argument("--comment", metavar="TEXTE", help="commentaire pour le destinataire")
    parser.add_argument("--yes", action="store_true", help="envoyer sans demander de confirmation")
    parser.set_defaults(handler=_cmd_recycle)

    parser = subparsers.add_parser("complete", help="compléter une facture « Suspendue » avec des pièces jointes")
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument("--attach", nargs="+", metavar="FICHIER", help="pièces demandées par le destinataire")
    parser.add_argument("--comment", metavar="TEXTE", help="commentaire pour le destinataire")
    parser.add_argument("--yes", action="store_true", help="envoyer sans demander de confirmation")
    parser.set_defaults(handler=_cmd_complete)

    parser = subparsers.add_parser("credit-note", help="traiter le rejet d'une facture « Rejetée » (puis l'avoir)")
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument("--yes", action="store_true", help="envoyer sans demander de confirmation")
    parser.add_argument("--deposit", action="store_true", help="déposer aussi l'avoir sur Chorus Pro")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_credit_note)

    parser = subparsers.add_parser("claim-interest", help="rédiger le courrier de réclamation des intérêts "
                                                          "moratoires (PDF) d'une facture payée en retard")
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument("--output", metavar="FICHIER", help="chemin du PDF (par défaut dans le dossier courant)")
    parser.set_defaults(handler=_cmd_claim_interest)

    parser = subparsers.add_parser("interest-rates", help="taux BCE par semestre (intérêts moratoires), "
                                                          "leurs sources et où les corriger")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_interest_rates)

    parser = subparsers.add_parser("payment-terms", help="délai de paiement d'un destinataire (nature, contrat)")
    parser.add_argument("siret", metavar="SIRET")
    parser.add_argument("--nature", choices=[k.value for k in BuyerKind],
                        help="etat_collectivite (30 jours), sante (50), entreprise_publique (60)")
    parser.add_argument("--delai", type=int, metavar="JOURS", help="délai plus court fixé par le contrat")
    parser.add_argument("--legal", action="store_true", help="revenir au délai légal")
    parser.set_defaults(handler=_cmd_payment_terms)
