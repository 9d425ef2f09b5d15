"""`chorus-desktop login | check | deposit | sync | sandbox`: Chorus Pro from the command line.

Thin layer over the Chorus Pro use cases of `wiring.AppContext` and the keyring credentials. Exit status 0 when
everything went well, 1 when something needs the user's attention.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import signal
import sys
import threading

from chorus_desktop.commands.context import cli_context
from chorus_desktop.commands.output import confirm
from chorus_desktop.core.chorus.client import ChorusClient
from chorus_desktop.core.chorus.clients import credentials_key, default_client_factory
from chorus_desktop.core.chorus.environments import SELECTABLE_KINDS, ChorusEnvironment
from chorus_desktop.core.credentials import (
    ChorusCredentials,
    KeyringUnavailableError,
    keyring_available,
    remember_for_this_run,
    save_credentials,
)
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import label
from chorus_desktop.core.usecases.connection_check import CheckStep
from chorus_desktop.core.usecases.profiles import ProfileManagement
from chorus_desktop.core.usecases.recovery import DepositOutcome

# Prompts, as module attributes so tests can answer them (getpass never echoes the secrets).
prompt_text = input
prompt_secret = getpass.getpass


def choose_profile(profiles_use_case: ProfileManagement, key: str | None) -> Profile:
    if key is not None:
        return profiles_use_case.find_profile(key)
    profiles = profiles_use_case.list_profiles()
    if len(profiles) == 1:
        return profiles[0]
    if not profiles:
        raise UserFixableError("Aucun profil fournisseur. Créez-en un : chorus-desktop profile add NOM --siret SIRET",
                               code="profil_manquant")
    names = ", ".join(f"« {p.name} »" for p in profiles)
    raise UserFixableError(f"Plusieurs profils existent ({names}) : précisez --profile.", code="profil_ambigu")


def _ask_credentials(intro: str | None = None) -> ChorusCredentials:
    if intro:
        print(intro)
    client_id = prompt_text("Identifiant client PISTE (client_id) : ").strip()
    client_secret = prompt_secret("Secret client PISTE (client_secret, non affiché) : ").strip()
    tech_login = prompt_text("Login du compte technique Chorus Pro : ").strip()
    tech_password = prompt_secret("Mot de passe du compte technique (non affiché) : ").strip()
    if not all((client_id, client_secret, tech_login, tech_password)):
        raise UserFixableError("Les quatre valeurs sont obligatoires : rien n'a été enregistré.", code="usage")
    return ChorusCredentials(client_id, client_secret, tech_login, tech_password)


def cli_client_factory(profile: Profile) -> ChorusClient:
    """The default factory, asking for the secrets for this run only when there is no keyring."""
    try:
        return default_client_factory(profile)
    except KeyringUnavailableError as error:
        if not sys.stdin.isatty():
            raise
        environment = _environment(profile)
        credentials = _ask_credentials(error.message)
        remember_for_this_run(credentials_key(profile), environment.key, credentials)
        return default_client_factory(profile)


def _environment(profile: Profile) -> ChorusEnvironment:
    settings = profile.settings or {}
    return ChorusEnvironment.named(profile.environment, settings.get("token_url"), settings.get("api_url"))


# ---------------------------------------------------------------- login

def _cmd_login(args: argparse.Namespace) -> int:
    with cli_context(args) as context:
        profile = choose_profile(context.profiles, args.profile)
        settings = dict(profile.settings or {})
        kind = args.environment or profile.environment
        environment = ChorusEnvironment.named(kind, args.token_url or settings.get("token_url"),
                                              args.api_url or settings.get("api_url"))
        if not keyring_available():
            raise KeyringUnavailableError.for_login()
        print(f"Profil « {profile.name} » — environnement : {environment.label}")
        print("Les identifiants sont enregistrés dans le trousseau du système, jamais dans un fichier.")
        credentials = _ask_credentials()
        save_credentials(credentials_key(profile), environment.key, credentials)
        settings["environment"] = environment.kind.value
        if environment.kind.value == "custom":
            settings["token_url"], settings["api_url"] = environment.token_url, environment.api_url
        context.profiles.update_profile(profile.id, settings=settings)
    print("Identifiants enregistrés. Vérifiez la connexion : chorus-desktop check"
          + (f" --profile {args.profile}" if args.profile else ""))
    return 0


# ---------------------------------------------------------------- check

def _step_line(step: CheckStep) -> str:
    mark = "–" if step.ok is None else ("!" if step.warning else "OK") if step.ok else "ÉCHEC"
    return f"[{mark}] {step.label} : {step.message}"


def _cmd_check(args: argparse.Namespace) -> int:
    with cli_context(args, cli_client_factory) as context:
        profile = choose_profile(context.profiles, args.profile)
        steps = context.connection_check.check_connection(profile.id)
    if args.json:
        print(json.dumps({"profile": profile.name, "steps": [dataclasses.asdict(step) for step in steps]},
                         ensure_ascii=False))
    else:
        print(f"Connexion à Chorus Pro du profil « {profile.name} » :")
        for step in steps:
            print("  " + _step_line(step))
    return 0 if all(step.ok for step in steps) else 1


# ---------------------------------------------------------------- deposit

def _outcome_line(outcome: DepositOutcome) -> str:
    mark = "OK" if outcome.ok else "ÉCHEC"
    return f"[{mark}] facture n° {outcome.invoice_id} ({label(outcome.state)}) : {outcome.message}"


def _cmd_deposit(args: argparse.Namespace) -> int:
    with cli_context(args, cli_client_factory) as context:
        adopted: list[DepositOutcome] = []
        for recovered in context.recovery.recover_pending():
            print(_outcome_line(recovered), flush=True)
            if recovered.ok and recovered.adopted and recovered.invoice_id in args.ids:
                adopted.append(recovered)  # found in Chorus Pro: nothing more to send for it
        ids = [invoice_id for invoice_id in args.ids if invoice_id not in {o.invoice_id for o in adopted}]
        if not ids:
            print(f"{len(adopted)} facture(s) déposée(s) sur {len(adopted)}.")
            return 0
        records = [context.queries.get_invoice(invoice_id) for invoice_id in ids]
        if not args.yes:
            for record in records:
                d = record.deposit
                print(f"  n° {record.id} : facture {d.numeroFactureSaisi or '?'} à {d.codeDestinataire or '?'}, "
                      f"{d.montantTtcTotal if d.montantTtcTotal is not None else '?'} € TTC "
                      f"({record.state_label})")
            environments = {_environment(context.profiles.get_profile(r.profile_id)).label
                            for r in records if r.profile_id is not None}
            where = ", ".join(sorted(environments)) or "Chorus Pro"
            if not confirm(f"Envoyer {len(records)} facture(s) à Chorus Pro ({where}) ?", "envoyer", prompt_text):
                print("Rien n'a été envoyé.")
                return 1
        outcomes = adopted + context.deposits.deposit(
            ids, progress=lambda done, total, o: print(_outcome_line(o), flush=True))
    sent = sum(o.ok for o in outcomes)
    print(f"{sent} facture(s) déposée(s) sur {len(outcomes)}.")
    return 0 if sent == len(outcomes) else 1


# ---------------------------------------------------------------- sync

def _cmd_sync(args: argparse.Namespace) -> int:
    with cli_context(args, cli_client_factory) as context:
        profile_id = choose_profile(context.profiles, args.profile).id if args.profile else None
        for recovered in context.recovery.recover_pending():  # includes the re-check of unresolved sends
            print(_outcome_line(recovered))
        report = context.sync.sync(profile_id, recheck_attempts=False)
        changes = []
        for invoice_id in report.changed:
            record = context.queries.get_invoice(invoice_id)
            last = context.queries.history(invoice_id)[-1]
            changes.append({"id": invoice_id, "numeroFactureSaisi": record.deposit.numeroFactureSaisi,
                            "state": record.state.value, "state_label": record.state_label, "comment": last.comment})
    late = [{"id": item.invoice_id, "numeroFactureSaisi": item.number, "days_late": item.days_late,
             "payment_due_date": item.due_date.isoformat()} for item in report.late]
    if args.json:
        print(json.dumps({"tracked": report.tracked, "changed": changes, "late": late, "errors": report.errors},
                         ensure_ascii=False))
    else:
        for change in changes:
            comment = f" — {change['comment']}" if change["comment"] else ""
            print(f"  n° {change['id']} ({change['numeroFactureSaisi']}) : {change['state_label']}{comment}")
        for item in report.late:
            print(f"  n° {item.invoice_id} ({item.number}) : en retard de paiement de {item.days_late} jour(s) "
                  f"(échéance {item.due_date.strftime('%d/%m/%Y')})")
        print(f"{report.tracked} facture(s) suivie(s), {len(report.changed)} changement(s) d'état.")
    for error in report.errors:
        print(f"Erreur : {error}", file=sys.stderr)
    return 1 if report.errors else 0


# ---------------------------------------------------------------- sandbox

def _cmd_sandbox(args: argparse.Namespace) -> int:
    from chorus_desktop.sandbox import start_simulator

    # Ctrl+C stops it even when started from a background shell (which starts its children with SIGINT
    # ignored), and so does SIGTERM.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    simulator = start_simulator(args.port)
    # Ctrl+C may come at any time, even while the addresses are printed: the simulator is stopped whatever
    # happens (its server thread would otherwise keep the process alive).
    try:
        print(simulator.label, flush=True)
        print(f"Adresse du jeton : {simulator.token_url}")
        print(f"Adresse de l'API : {simulator.api_url}")
        print("Pour l'utiliser depuis une autre console (identifiants factices, valables pour ce simulateur) :")
        print(f"  export CHORUS_DESKTOP_TOKEN_URL={simulator.token_url}")
        print(f"  export CHORUS_DESKTOP_API_URL={simulator.api_url}")
        print(f"  export CHORUS_DESKTOP_CLIENT_ID={simulator.client_id}")
        print(f"  export CHORUS_DESKTOP_CLIENT_SECRET={simulator.client_secret}")
        print(f"  export CHORUS_DESKTOP_TECH_LOGIN={simulator.tech_login}")
        print(f"  export CHORUS_DESKTOP_TECH_PASSWORD={simulator.tech_password}")
        print("Faire avancer une facture : POST "
              f"{simulator.base_url}/_simulateur/statut {{\"identifiantFactureCPP\": N, \"statut\": \"SUSPENDUE\", "
              "\"commentaire\": \"...\"}} (ou /_simulateur/avancer ; /_simulateur/renvoyer pour A_RECYCLER, "
              "SUSPENDUE ou REJETEE). Liste : GET "
              f"{simulator.base_url}/_simulateur/factures")
        print("Ctrl+C pour arrêter.", flush=True)
        stop = threading.Event()
        while not stop.wait(3600):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    print("Simulateur arrêté.")
    return 0


# ---------------------------------------------------------------- registration

def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's subcommands."""
    parser = subparsers.add_parser("login", help="enregistrer les identifiants Chorus Pro (PISTE et compte technique)")
    parser.add_argument("--profile", help="profil fournisseur (nom, SIRET ou numéro)")
    parser.add_argument("--environment", choices=[k.value for k in SELECTABLE_KINDS],
                        help="qualification (bac à sable), production ou custom")
    parser.add_argument("--token-url", help="adresse du jeton OAuth (environnement custom)")
    parser.add_argument("--api-url", help="adresse de l'API …/cpro/ (environnement custom)")
    parser.set_defaults(handler=_cmd_login)

    parser = subparsers.add_parser("check", help="vérifier la connexion à Chorus Pro, étape par étape")
    parser.add_argument("--profile", help="profil fournisseur (nom, SIRET ou numéro)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_check)

    parser = subparsers.add_parser("deposit", help="déposer des factures sur Chorus Pro")
    parser.add_argument("ids", nargs="+", type=int, metavar="ID", help="numéros des factures")
    parser.add_argument("--yes", action="store_true", help="envoyer sans demander de confirmation")
    parser.set_defaults(handler=_cmd_deposit)

    parser = subparsers.add_parser("sync", help="mettre à jour l'état des factures déposées")
    parser.add_argument("--profile", help="profil fournisseur (tous par défaut)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_cmd_sync)

    parser = subparsers.add_parser("sandbox", help="lancer le simulateur Chorus Pro local (aucun envoi réel)")
    parser.add_argument("--port", type=int, default=0, help="port sur 127.0.0.1 (libre au hasard par défaut)")
    parser.set_defaults(handler=_cmd_sandbox)
