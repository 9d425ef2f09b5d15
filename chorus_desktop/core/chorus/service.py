"""Chorus Pro use cases shared by the CLI and the desktop app: deposit (exactly once), sync, check.

Exactly once: an invoice is marked "Envoi en cours" in the store (committed) before `soumettre`. When
the answer is lost, we look the invoice up in Chorus Pro by its number (`rechercher/fournisseur`) and adopt
it if Chorus has it; only when Chorus surely does not have it do we send again or give it back to the user.
`recover_pending()` does the same at start-up for invoices a crash left in "Envoi en cours".
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from decimal import Decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chorus_desktop.core.chorus.client import ChorusClient, parse_datetime
from chorus_desktop.core.chorus.environments import ChorusEnvironment
from chorus_desktop.core.chorus.errors import (
    ChorusAnswerLostError,
    ChorusAuthError,
    ChorusFunctionalError,
    ChorusUnavailableError,
)
from chorus_desktop.core.credentials import load_credentials, url_overrides
from chorus_desktop.core.errors import ChorusDesktopError, UserFixableError
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import CHORUS_STATES, InvoiceState, label
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.recipient import Recipient, RecipientService

if TYPE_CHECKING:
    from chorus_desktop.core.store import Store

log = logging.getLogger(__name__)

ClientFactory = Callable[[Profile], ChorusClient]
Progress = Callable[[int, int, "DepositOutcome"], None]

RECIPIENT_MAX_AGE = dt.timedelta(days=7)
PASSWORD_WARNING_DAYS = 30
SUBMIT_ATTEMPTS = 3  # soumettre sent at most this many times, each after checking Chorus doesn't have it
SYNC_WINDOW_MARGIN = dt.timedelta(days=1)  # Chorus times are French local time, compared by day
# Recipients that never report "Mise en paiement": these states are then as far as an invoice goes.
NO_PAYMENT_REPORT_FINAL = frozenset({InvoiceState.MANDATEE, InvoiceState.COMPTABILISEE})
NO_PAYMENT_REPORT_KEY = "recipients_without_payment_report"  # profile setting: SIRETs


@dataclass
class DepositOutcome:
    invoice_id: int
    ok: bool
    state: InvoiceState
    message: str
    chorus_invoice_id: int | None = None
    adopted: bool = False  # found already in Chorus Pro after a lost answer
    problems: list[Problem] = field(default_factory=list)


@dataclass
class SyncReport:
    profiles: int = 0
    tracked: int = 0
    changed: list[int] = field(default_factory=list)  # local invoice ids whose state changed
    errors: list[str] = field(default_factory=list)


@dataclass
class CheckStep:
    name: str
    label: str
    ok: bool | None  # None: not checked (an earlier step failed)
    message: str
    warning: bool = False


def default_client_factory(profile: Profile) -> ChorusClient:
    """The client for a profile: its environment (settings) and its keyring credentials."""
    settings = profile.settings or {}
    environment = ChorusEnvironment.named(settings.get("environment", "qualification"),
                                          settings.get("token_url"), settings.get("api_url"))
    credentials = load_credentials(credentials_key(profile), environment.key)
    return ChorusClient(environment.with_url_overrides(*url_overrides()), credentials)


def credentials_key(profile: Profile) -> str:
    """Keyring key of a profile (its id: names can be renamed)."""
    return f"profil-{profile.id}"


def fixed_client_factory(environment: ChorusEnvironment, credentials: Any, **options: Any) -> ClientFactory:
    """Every profile talks to the same place (the demo's simulator, tests)."""
    return lambda profile: ChorusClient(environment, credentials, **options)


class ChorusServices:
    def __init__(self, store: "Store", client_factory: ClientFactory = default_client_factory, *,
                 now: Callable[[], dt.datetime] = now_utc) -> None:
        self.store = store
        self._factory = client_factory
        self._clients: dict[int, ChorusClient] = {}
        self._clients_lock = threading.Lock()  # the GUI may sync on a timer while a deposit runs
        self._service_ids: dict[tuple[str, str], int] = {}  # (SIRET, code service) -> idService, this session
        self._now = now

    # ------------------------------------------------------------------ plumbing

    def _invoices(self) -> Any:
        from chorus_desktop.core.services import InvoiceServices

        return InvoiceServices(self.store)

    def client_for(self, profile: Profile) -> ChorusClient:
        """The client of a profile, kept between calls so its token is reused."""
        with self._clients_lock:
            client = self._clients.get(profile.id)
            if client is None:
                client = self._clients[profile.id] = self._factory(profile)
            return client

    def reset_connection(self, profile_id: int | None = None) -> None:
        """Forget the cached client(s): call after the credentials or the environment changed."""
        with self._clients_lock:
            keys = [profile_id] if profile_id is not None else list(self._clients)
            dropped = [self._clients.pop(key) for key in keys if key in self._clients]
        for client in dropped:
            client.close()

    def close(self) -> None:
        self.reset_connection()

    # ------------------------------------------------------------------ supplier and recipient

    def ensure_supplier_ids(self, profile: Profile, client: ChorusClient) -> Profile:
        """Fill the profile's Chorus ids (idFournisseur, bank account) from the technical account."""
        changes: dict[str, Any] = {}
        if profile.chorus_supplier_id is None:
            attached = client.my_attachments()
            mine = [s for s in attached if str(s.get("identifiantStructure")) == profile.siret] or (
                attached if len(attached) == 1 else [])
            if not mine:
                raise UserFixableError(
                    f"Le compte technique n'est pas rattaché à la structure du fournisseur (SIRET {profile.siret}) "
                    "dans Chorus Pro. Demandez au gestionnaire principal de la structure de le rattacher.",
                    code="structure_fournisseur")
            changes["chorus_supplier_id"] = int(mine[0]["idStructure"])
        if profile.chorus_bank_account_id is None:
            supplier_id = int(changes.get("chorus_supplier_id") or profile.chorus_supplier_id or 0)
            accounts = client.bank_accounts(supplier_id)
            if len(accounts) == 1:
                changes["chorus_bank_account_id"] = int(accounts[0]["idCoordonneeBancaire"])
        if changes:
            profile = self.store.profiles.update(profile.id, **changes)
        return profile

    def refresh_recipient(self, siret: str, client: ChorusClient, *, force: bool = False,
                          profile: Profile | None = None) -> Recipient | None:
        """The recipient's Chorus parameters, from the store when checked less than a week ago.

        With `profile`, also remembers in its settings whether the recipient reports "Mise en paiement"
        (`statutMiseEnPaiementNestPasRemonte`), which decides when its invoices stop being polled.
        """
        known = self.store.recipients.get(siret)
        if (not force and known is not None and known.checked_at is not None
                and self._now() - _aware(known.checked_at) < RECIPIENT_MAX_AGE):
            return known
        found = [s for s in client.search_structure(siret) if str(s.get("identifiantStructure")) == siret]
        if not found:
            return self.store.recipients.save_chorus_parameters(siret, active=False, checked_at=self._now())
        structure = found[0]
        structure_id = int(structure["idStructureCPP"])
        details = client.get_structure(structure_id)
        params = details.get("parametres") or {}
        if profile is not None:
            self._remember_payment_reporting(profile, siret, bool(params.get("statutMiseEnPaiementNestPasRemonte")))
        listed = client.search_services(structure_id) if structure.get("statut") == "ACTIVE" else []
        services = [RecipientService(code=str(s.get("codeService")), name=str(s.get("libelleService") or ""),
                                     active=bool(s.get("estActif", True))) for s in listed]
        self._service_ids.update({(siret, str(s.get("codeService"))): int(s["idService"])
                                  for s in listed if s.get("idService") is not None})
        previous = {s.code: s.engagement_required for s in (known.services if known else [])}
        for service in services:
            service.engagement_required = previous.get(service.code)
        return self.store.recipients.save_chorus_parameters(
            siret, name=structure.get("designationStructure"), chorus_structure_id=structure_id,
            services=services, service_required=bool(params.get("codeServiceDoitEtreRenseigne")),
            engagement_required=bool(params.get("numeroEJDoitEtreRenseigne")),
            service_or_engagement=bool(params.get("gestionNumeroEJOuCodeService")),
            active=structure.get("statut") == "ACTIVE", checked_at=self._now(),
        )

    def _remember_payment_reporting(self, profile: Profile, siret: str, not_reported: bool) -> None:
        # TODO(store): this belongs to the recipient; kept in the profile's free "settings" JSON until the
        # recipients table has a column for `statutMiseEnPaiementNestPasRemonte`.
        settings = dict(self.store.profiles.get(profile.id).settings or {})
        sirets = set(settings.get(NO_PAYMENT_REPORT_KEY) or [])
        if (siret in sirets) == not_reported:
            return
        sirets = sirets | {siret} if not_reported else sirets - {siret}
        settings[NO_PAYMENT_REPORT_KEY] = sorted(sirets)
        self.store.profiles.update(profile.id, settings=settings)

    def _service_engagement(self, recipient: Recipient, code: str | None, client: ChorusClient) -> Recipient:
        """Read the per-service "EJ required" flag (consulter/service) for the service used, once."""
        service = recipient.service(code)
        if service is None or service.engagement_required is not None or recipient.chorus_structure_id is None:
            return recipient
        key = (recipient.siret, service.code)
        if key not in self._service_ids:
            self._service_ids.update({(recipient.siret, str(s.get("codeService"))): int(s["idService"])
                                      for s in client.search_services(recipient.chorus_structure_id)
                                      if s.get("idService") is not None})
        if key not in self._service_ids:
            return recipient
        details = client.get_service(recipient.chorus_structure_id, self._service_ids[key])
        service.engagement_required = bool((details.get("parametres") or {}).get("numeroEngagement"))
        return self.store.recipients.save_chorus_parameters(
            recipient.siret, name=recipient.name, chorus_structure_id=recipient.chorus_structure_id,
            services=recipient.services, service_required=recipient.service_required,
            engagement_required=recipient.engagement_required,
            service_or_engagement=recipient.service_or_engagement, active=recipient.active,
            checked_at=recipient.checked_at)

    # ------------------------------------------------------------------ deposit

    def deposit(self, ids: Iterable[int], progress: Progress | None = None) -> list[DepositOutcome]:
        """Send the invoices; one failure never stops the batch. Returns one outcome per invoice."""
        id_list = list(ids)
        outcomes: list[DepositOutcome] = []
        broken_profiles: dict[int, str] = {}  # profile id -> why its connection failed (don't retry it)
        for index, invoice_id in enumerate(id_list, start=1):
            try:
                outcome = self._deposit_one(invoice_id, broken_profiles)
            except ChorusDesktopError as error:
                outcome = DepositOutcome(invoice_id, False, self._state(invoice_id), error.message)
            outcomes.append(outcome)
            if progress is not None:
                progress(index, len(id_list), outcome)
        for profile_id in broken_profiles:
            self.reset_connection(profile_id)  # the next attempt reads the (maybe corrected) credentials
        return outcomes

    def _state(self, invoice_id: int) -> InvoiceState:
        try:
            return self.store.invoices.get(invoice_id).state
        except ChorusDesktopError:
            return InvoiceState.BROUILLON

    def _deposit_one(self, invoice_id: int, broken_profiles: dict[int, str]) -> DepositOutcome:
        invoices = self._invoices()
        record = self.store.invoices.get(invoice_id)
        if record.state is InvoiceState.A_RECYCLER:
            return DepositOutcome(invoice_id, False, record.state,
                                  "Une facture « À recycler » se corrige et se renvoie depuis le portail Chorus Pro "
                                  "(le recyclage par l'API n'est pas encore pris en charge).")
        if record.state in CHORUS_STATES:  # never twice
            return DepositOutcome(invoice_id, False, record.state,
                                  f"Facture déjà déposée sur Chorus Pro (état « {label(record.state)} »).",
                                  chorus_invoice_id=record.chorus.invoice_id)
        if record.profile_id is None:
            return DepositOutcome(invoice_id, False, record.state,
                                  "Choisissez le profil fournisseur de cette facture avant de l'envoyer.")
        if record.profile_id in broken_profiles:
            return DepositOutcome(invoice_id, False, record.state, broken_profiles[record.profile_id])
        profile = self.store.profiles.get(record.profile_id)
        try:
            client = self.client_for(profile)
            if record.state is InvoiceState.ENVOI_EN_COURS:
                # A previous attempt lost its answer: does Chorus already have this invoice?
                adopted = self._recover_one(record, profile, client)
                if adopted is not None:
                    return adopted
                record = self.store.invoices.get(invoice_id)
            profile = self.ensure_supplier_ids(profile, client)
            self._fill_supplier_ids(record, profile)
            siret = record.deposit.codeDestinataire
            if siret:
                recipient = self.refresh_recipient(siret, client, profile=profile)
                if recipient is not None and recipient.chorus_structure_id is None:
                    self._invoices().validate(invoice_id)  # shows the problem on the invoice too
                    return DepositOutcome(
                        invoice_id, False, self._state(invoice_id),
                        f"Rien n'a été envoyé : le destinataire (SIRET {siret}) n'est pas référencé dans Chorus Pro "
                        "comme structure publique active. Vérifiez le SIRET dans l'annuaire Chorus Pro.")
                if recipient is not None:
                    self._service_engagement(recipient, record.deposit.codeServiceExecutant, client)
        except ChorusAuthError as error:
            broken_profiles[profile.id] = error.message
            return DepositOutcome(invoice_id, False, self._state(invoice_id), error.message)
        except ChorusDesktopError as error:
            return DepositOutcome(invoice_id, False, self._state(invoice_id), error.message)

        # Validation against the fresh recipient parameters: nothing is sent with a blocking problem.
        problems = invoices.validate(invoice_id)
        blocking = [p for p in problems if p.blocking]
        if blocking:
            return DepositOutcome(invoice_id, False, self._state(invoice_id),
                                  "Rien n'a été envoyé : " + " ".join(p.message for p in blocking),
                                  problems=blocking)
        try:
            invoices.mark_sending(invoice_id)
        except ChorusDesktopError as error:
            return DepositOutcome(invoice_id, False, self._state(invoice_id), error.message)
        return self._send(self.store.invoices.get(invoice_id), profile, client, broken_profiles)

    def _fill_supplier_ids(self, record: InvoiceRecord, profile: Profile) -> None:
        changes: dict[str, Any] = {}
        deposit = record.deposit
        if deposit.idFournisseur is None and profile.chorus_supplier_id is not None:
            changes["idFournisseur"] = profile.chorus_supplier_id
        if deposit.idServiceFournisseur is None and profile.chorus_service_id is not None:
            changes["idServiceFournisseur"] = profile.chorus_service_id
        if (deposit.codeCoordonneesBancairesFournisseur is None and profile.chorus_bank_account_id is not None
                and deposit.modePaiement == "VIREMENT"):
            changes["codeCoordonneesBancairesFournisseur"] = profile.chorus_bank_account_id
        if changes:
            self._invoices().update_deposit(record.id, changes)

    def _upload(self, record: InvoiceRecord, client: ChorusClient) -> tuple[int, list[int]]:
        """Upload the PDF and the supporting documents (ids kept, so a retry does not upload again)."""
        invoices = self._invoices()
        deposit = record.deposit
        main = deposit.pieceJointePrincipale
        main_id = main.chorus_id if main is not None else None
        if main_id is None:
            content = self.store.documents.path_of(record.document).read_bytes()
            main_id = client.add_file(content, main.designation if main else record.document.original_name)
        others: list[int] = []
        for attachment in deposit.pieceJointeComplementaire:
            if attachment.chorus_id is not None:
                others.append(attachment.chorus_id)
                continue
            others.append(client.add_file(invoices.attachment_path(attachment).read_bytes(), attachment.designation,
                                          mime_type="application/octet-stream"))
        invoices.record_attachment_ids(record.id, main_id, others if deposit.pieceJointeComplementaire else None)
        return main_id, others

    def _send(self, record: InvoiceRecord, profile: Profile, client: ChorusClient,
              broken_profiles: dict[int, str]) -> DepositOutcome:
        invoice_id = record.id
        try:
            main_id, others = self._upload(record, client)
            payload = self._invoices().payload(invoice_id, main_attachment_id=main_id,
                                               attachment_ids=others or None)
        except ChorusDesktopError as error:
            # Nothing reached soumettre: the invoice can safely be sent again.
            if isinstance(error, ChorusAuthError):
                broken_profiles[profile.id] = error.message
            return self._failed(invoice_id, error.message)
        except OSError:
            return self._failed(invoice_id, "Le PDF de la facture est introuvable dans le dossier de "
                                            "l'application : importez-le de nouveau.")
        number = str(payload.get("numeroFactureSaisi") or "")
        supplier_id = int((payload.get("fournisseur") or {}).get("idFournisseur") or profile.chorus_supplier_id or 0)
        for attempt in range(1, SUBMIT_ATTEMPTS + 1):
            try:
                answer = client.submit_invoice(payload)
            except ChorusFunctionalError as error:
                return self._failed(invoice_id, error.message, refused=True)
            except ChorusAuthError as error:
                broken_profiles[profile.id] = error.message
                return self._failed(invoice_id, error.message)
            except ChorusAnswerLostError as lost:
                log.warning("Réponse perdue pour la facture %d (tentative %d) : recherche dans Chorus Pro",
                            invoice_id, attempt)
                try:
                    found = client.find_invoice_by_number(supplier_id, number)
                except ChorusDesktopError:
                    return DepositOutcome(
                        invoice_id, False, InvoiceState.ENVOI_EN_COURS,
                        lost.message + " Chorus Pro n'a pas pu être interrogé : la facture reste « Envoi en "
                        "cours » et sera vérifiée à la prochaine tentative ou au prochain démarrage, sans "
                        "risque de doublon.")
                if found is not None:
                    return self._adopt_if_same(record, found)
                if attempt == SUBMIT_ATTEMPTS:
                    return self._failed(invoice_id, lost.message + " Chorus Pro n'a pas enregistré la facture ; "
                                                                   "réessayez plus tard.")
                continue
            except ChorusUnavailableError as error:
                # Refused before being processed (network down, 429 after retries): not in Chorus.
                return self._failed(invoice_id, error.message)
            return self._deposited(invoice_id, answer)
        raise AssertionError("unreachable")

    def _failed(self, invoice_id: int, message: str, *, refused: bool = False) -> DepositOutcome:
        self._invoices().record_send_failure(invoice_id, message)
        if refused:
            # Chorus's refusal is shown on the invoice until the user edits it (the next validation).
            record = self.store.invoices.get(invoice_id)
            problem = Problem(code="chorus_refus", message=message, blocking=False)
            with self.store.db.transaction() as conn:
                self.store.invoices.save_problems(conn, invoice_id, [*record.problems, problem])
        return DepositOutcome(invoice_id, False, self._state(invoice_id), message)

    def _deposited(self, invoice_id: int, answer: dict[str, Any]) -> DepositOutcome:
        chorus_id = int(answer["identifiantFactureCPP"])
        record = self._invoices().record_deposit(
            invoice_id, chorus_invoice_id=chorus_id, status_code=answer.get("statutFacture"),
            certificate_fingerprint=answer.get("empreinteCertificatDepot"),
            deposited_at=_aware(chorus_time(answer.get("dateDepot")) or self._now()))
        return DepositOutcome(invoice_id, True, record.state,
                              f"Facture déposée sur Chorus Pro (n° Chorus {chorus_id}).", chorus_invoice_id=chorus_id)

    def _adopt_if_same(self, record: InvoiceRecord, found: dict[str, Any]) -> DepositOutcome:
        """Adopt the invoice Chorus has under our number, unless it is visibly another one (other recipient
        or amount: e.g. deposited earlier from the portal), which the user must sort out."""
        deposit = record.deposit
        recipient = str(found.get("codeDestinataire") or "")
        other_recipient = bool(recipient and deposit.codeDestinataire and recipient != deposit.codeDestinataire)
        total = found.get("montantTTC")
        other_amount = (total is not None and deposit.montantTtcTotal is not None
                        and abs(Decimal(str(total)) - deposit.montantTtcTotal) >= Decimal("0.01"))
        if other_recipient or other_amount:
            return self._failed(record.id, (
                f"Chorus Pro a déjà une facture n° {deposit.numeroFactureSaisi} de ce fournisseur (n° Chorus "
                f"{found.get('identifiantFactureCPP')}), pour un autre destinataire ou un autre montant : "
                "vérifiez-la sur le portail ; cette facture-ci n'a pas été envoyée une seconde fois."),
                refused=True)
        return self._adopt(record.id, found)

    def _adopt(self, invoice_id: int, found: dict[str, Any]) -> DepositOutcome:
        chorus_id = int(found["identifiantFactureCPP"])
        record = self._invoices().record_deposit(
            invoice_id, chorus_invoice_id=chorus_id, status_code=found.get("statut"),
            deposited_at=_aware(chorus_time(found.get("dateDepot")) or self._now()),
            comment=f"Retrouvée sur Chorus Pro (n° {chorus_id}) après une réponse perdue : pas de second envoi")
        return DepositOutcome(invoice_id, True, record.state,
                              f"La réponse de Chorus Pro s'était perdue, mais la facture y est bien enregistrée "
                              f"(n° Chorus {chorus_id}) : elle n'a pas été envoyée une seconde fois.",
                              chorus_invoice_id=chorus_id, adopted=True)

    # ------------------------------------------------------------------ exactly-once recovery

    def _recover_one(self, record: InvoiceRecord, profile: Profile, client: ChorusClient) -> DepositOutcome | None:
        """For an invoice left in "Envoi en cours": adopt it if Chorus has it, else make it sendable again."""
        number = record.deposit.numeroFactureSaisi or ""
        supplier_id = record.deposit.idFournisseur or profile.chorus_supplier_id
        found = client.find_invoice_by_number(int(supplier_id), number) if supplier_id and number else None
        if found is not None:
            return self._adopt_if_same(record, found)
        self._invoices().return_to_ready(
            record.id, "Envoi interrompu : Chorus Pro n'a pas reçu la facture, elle peut être renvoyée")
        return None

    def recover_pending(self) -> list[DepositOutcome]:
        """At start-up: settle every invoice a crash or a lost answer left in "Envoi en cours"."""
        outcomes = []
        for invoice_id in self.store.invoices.ids_in_state(InvoiceState.ENVOI_EN_COURS):
            record = self.store.invoices.get(invoice_id)
            if record.profile_id is None:
                continue
            profile = self.store.profiles.get(record.profile_id)
            try:
                adopted = self._recover_one(record, profile, self.client_for(profile))
            except ChorusDesktopError as error:
                outcomes.append(DepositOutcome(invoice_id, False, InvoiceState.ENVOI_EN_COURS,
                                               "Vérification impossible pour l'instant : " + error.message))
                continue
            outcomes.append(adopted or DepositOutcome(
                invoice_id, True, InvoiceState.PRETE,
                "Chorus Pro n'avait pas reçu la facture : elle est de nouveau prête à être envoyée."))
        return outcomes

    # ------------------------------------------------------------------ sync

    def sync(self, profile_id: int | None = None) -> SyncReport:
        report = SyncReport()
        profiles = [self.store.profiles.get(profile_id)] if profile_id is not None else self.store.profiles.list()
        for profile in profiles:
            try:
                self._sync_profile(profile, report)
            except ChorusDesktopError as error:
                if isinstance(error, ChorusAuthError):
                    self.reset_connection(profile.id)
                report.errors.append(f"{profile.name} : {error.message}")
        return report

    def _sync_profile(self, profile: Profile, report: SyncReport) -> None:
        tracked: dict[int, InvoiceRecord] = {}
        for invoice_id in self.store.invoices.ids_to_poll(profile.id):
            record = self.store.invoices.get(invoice_id)
            if record.state in NO_PAYMENT_REPORT_FINAL and self._never_reports_payment(record, profile):
                continue
            if record.chorus.invoice_id is not None:
                tracked[record.chorus.invoice_id] = record
        if not tracked:
            return
        report.profiles += 1
        report.tracked += len(tracked)
        started = self._now()
        since = profile.last_sync_at or min(
            (_aware(r.chorus.deposited_at or r.created_at) for r in tracked.values()), default=started)
        client = self.client_for(profile)
        if profile.chorus_supplier_id is None:
            profile = self.ensure_supplier_ids(profile, client)
        # Chorus compares status-change dates by day in French local time: a day of margin, and only the
        # invoices whose status differs from ours cost a second call.
        window_start = (_aware(since) - SYNC_WINDOW_MARGIN).date().isoformat()
        criteria = {"idFournisseur": profile.chorus_supplier_id, "periodeDateHeureEtatCourantDu": window_start}
        changed: list[tuple[InvoiceRecord, str]] = []
        for found in client.iter_supplier_invoices(criteria):
            known = tracked.get(int(found.get("identifiantFactureCPP") or 0))
            code = str(found.get("statut") or "")
            if known is not None and code and code != (known.chorus.status_code or known.state.value):
                changed.append((known, code))
        for record, code in changed:
            history = client.invoice_history(record.chorus.invoice_id or 0)
            self._apply_history(record, history, code)
            report.changed.append(record.id)
        self.store.profiles.set_last_sync(profile.id, started)

    @staticmethod
    def _never_reports_payment(record: InvoiceRecord, profile: Profile) -> bool:
        """Recipients with `statutMiseEnPaiementNestPasRemonte`: Mandatée/Comptabilisée is as far as it goes."""
        return record.deposit.codeDestinataire in set((profile.settings or {}).get(NO_PAYMENT_REPORT_KEY) or [])

    def _apply_history(self, record: InvoiceRecord, history: dict[str, Any], code_from_search: str) -> None:
        """Store the status lines Chorus added since our last known status, the last one being current."""
        invoices = self._invoices()
        current_code = str(history.get("statutCourantCode") or code_from_search)
        entries = sorted((history.get("historiquesDesStatuts") or {}).get("histoStatut") or [],
                         key=lambda e: (str(e.get("histoStatutDatePassage") or ""), int(e.get("histoStatutId") or 0)))
        previous_code = record.chorus.status_code or record.state.value
        last_known = max((i for i, e in enumerate(entries) if e.get("histoStatutCode") == previous_code), default=-1)
        new_entries = [(str(e["histoStatutCode"]), chorus_time(e.get("histoStatutDatePassage")),
                        str(e.get("histoStatutCommentaire") or "") or None)
                       for e in entries[last_known + 1:] if e.get("histoStatutCode")]
        if not new_entries or new_entries[-1][0] != current_code:
            new_entries.append((current_code, None, None))
        for code, at, comment in new_entries:
            try:
                invoices.apply_chorus_status(record.id, code, at=at, comment=comment)
            except ChorusDesktopError as error:  # e.g. a move out of a final state: Chorus is odd, keep ours
                log.warning("Statut Chorus %s ignoré pour la facture %d : %s", code, record.id, error.message)

    # ------------------------------------------------------------------ connection check

    def check_connection(self, profile_id: int) -> list[CheckStep]:
        profile = self.store.profiles.get(profile_id)
        steps: list[CheckStep] = []
        names = [
            ("jeton", "Jeton PISTE (identifiant et secret de l'application)"),
            ("compte_technique", "Compte technique Chorus Pro (API Utilisateurs)"),
            ("structure", "Structure du fournisseur"),
            ("structures", "Abonnement à l'API Structures"),
            ("factures", "Abonnement à l'API Factures"),
            ("banque", "Coordonnées bancaires"),
            ("mot_de_passe", "Expiration du mot de passe du compte technique"),
        ]
        state: dict[str, Any] = {}

        def run(index: int, action: Callable[[], tuple[str, bool]]) -> bool:
            name, title = names[index]
            try:
                message, warning = action()
            except ChorusDesktopError as error:
                steps.append(CheckStep(name, title, False, error.message))
                return False
            steps.append(CheckStep(name, title, True, message, warning))
            return True

        def token() -> tuple[str, bool]:
            self.reset_connection(profile.id)  # a check always uses the credentials as they are now
            state["client"] = client = self.client_for(profile)
            client.tokens.token()
            return f"Jeton obtenu ({client.environment.label}).", False

        def api() -> tuple[str, bool]:
            state["client"].search_structure(profile.siret)
            return "L'application PISTE accède à l'API Structures.", False

        def technical_account() -> tuple[str, bool]:
            state["attached"] = state["client"].my_attachments()
            return f"Compte technique accepté ({len(state['attached'])} structure(s) rattachée(s)).", False

        def structure() -> tuple[str, bool]:
            state["profile"] = updated = self.ensure_supplier_ids(profile, state["client"])
            return f"Structure du fournisseur trouvée (identifiant Chorus {updated.chorus_supplier_id}).", False

        def invoices_api() -> tuple[str, bool]:
            state["client"].search_supplier_invoices({"idFournisseur": state["profile"].chorus_supplier_id},
                                                     page_size=1)
            return "L'application PISTE accède à l'API Factures.", False

        def bank() -> tuple[str, bool]:
            accounts = state["client"].bank_accounts(state["profile"].chorus_supplier_id)
            if not accounts:
                return ("Aucune coordonnée bancaire valide n'est enregistrée dans Chorus Pro pour cette structure : "
                        "ajoutez-la sur le portail si vous êtes payé par virement."), True
            names_text = ", ".join(str(a.get("nomCoordonneeBancaire")) for a in accounts)
            return f"{len(accounts)} coordonnée(s) bancaire(s) valide(s) : {names_text}.", False

        def password() -> tuple[str, bool]:
            state["expiry"] = expiry = state["client"].technical_password_expiry(
                state["profile"].chorus_supplier_id)
            if expiry is None:
                return "Chorus Pro n'indique pas la date d'expiration du mot de passe technique.", True
            days = (expiry - self._now().date()).days
            when = expiry.strftime("%d/%m/%Y")
            if days < 0:
                raise UserFixableError(
                    f"Le mot de passe du compte technique a expiré le {when} : le gestionnaire principal de la "
                    "structure doit le renouveler sur le portail Chorus Pro, puis relancez « chorus-desktop "
                    "login ».", code="mot_de_passe_expire")
            if days <= PASSWORD_WARNING_DAYS:
                return (f"Le mot de passe du compte technique expire dans {days} jour(s), le {when} : faites-le "
                        "renouveler par le gestionnaire principal sur le portail Chorus Pro."), True
            return f"Le mot de passe du compte technique expire le {when} (dans {days} jours).", False

        actions = [token, technical_account, structure, api, invoices_api, bank, password]
        for index, action in enumerate(actions):
            if not run(index, action):
                for name, title in names[index + 1:]:
                    steps.append(CheckStep(name, title, None, "Non vérifié (étape précédente en échec)."))
                break
        if state.get("expiry") is not None:
            # Remembered (not secret) so the app can warn before the password expires without a call.
            settings = dict(self.store.profiles.get(profile.id).settings or {})
            settings["technical_password_expiry"] = state["expiry"].isoformat()
            self.store.profiles.update(profile.id, settings=settings)
        return steps


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)


def chorus_time(value: Any) -> dt.datetime | None:
    """Chorus Pro writes French local times without an offset ("YYYY-MM-DD HH:MM")."""
    moment = parse_datetime(value)
    if moment is None:
        return None
    return moment.replace(tzinfo=_PARIS)


def _paris() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Paris")
    except Exception:  # no time zone database (some Windows installs): treat as UTC+1
        return dt.timezone(dt.timedelta(hours=1))


_PARIS = _paris()
