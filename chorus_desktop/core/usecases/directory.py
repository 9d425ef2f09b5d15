"""What Chorus Pro's directory says of the supplier and of its public recipients, kept in the store.

The supplier's Chorus ids (idFournisseur, bank account) come from the technical account's attachments;
a recipient's parameters (code service / engagement required, active services) from
`structures/v1/consulter` and its services, re-read when older than a week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from chorus_desktop.core.chorus.client import ChorusClient
from chorus_desktop.core.chorus.times import aware
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.recipient import Recipient, RecipientService
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.codec import now_utc

RECIPIENT_MAX_AGE = dt.timedelta(days=7)
NO_PAYMENT_REPORT_KEY = "recipients_without_payment_report"  # profile setting: SIRETs


class Directory:
    def __init__(self, store: Store, now: Callable[[], dt.datetime] = now_utc) -> None:
        self._store = store
        self._now = now
        self._service_ids: dict[tuple[str, str], int] = {}  # (SIRET, code service) -> idService, this session

    # ------------------------------------------------------------------ what the store knows

    def get_recipient(self, siret: str) -> Recipient | None:
        return self._store.recipients.get(siret)

    def list_recipients(self) -> list[Recipient]:
        return self._store.recipients.list()

    def save_recipient_parameters(
        self, siret: str, *, name: str | None = None, chorus_structure_id: int | None = None,
        services: list[RecipientService] | None = None, service_required: bool | None = None,
        engagement_required: bool | None = None, service_or_engagement: bool | None = None,
        active: bool | None = None, checked_at: dt.datetime | None = None,
    ) -> Recipient:
        """Record the recipient's Chorus parameters (`structures/v1/consulter`, services list);
        validation then enforces them. `checked_at` defaults to now."""
        with self._store.unit_of_work():
            recipient = self._store.recipients.save_chorus_parameters(
                siret, name=name, chorus_structure_id=chorus_structure_id, services=services,
                service_required=service_required, engagement_required=engagement_required,
                service_or_engagement=service_or_engagement, active=active, checked_at=checked_at)
            if name:
                self._store.invoices.set_recipient_name(siret, name)
        return recipient

    def remember_routing(self, siret: str, service_code: str | None, engagement: str | None) -> None:
        self._store.recipients.remember_routing(siret, service_code, engagement)

    @staticmethod
    def never_reports_payment(record: InvoiceRecord, profile: Profile) -> bool:
        """Recipients with `statutMiseEnPaiementNestPasRemonte`: Mandatée/Comptabilisée is as far as it goes."""
        return record.deposit.codeDestinataire in set((profile.settings or {}).get(NO_PAYMENT_REPORT_KEY) or [])

    # ------------------------------------------------------------------ asking Chorus Pro

    def ensure_supplier_ids(self, profile: Profile, client: ChorusClient) -> Profile:
        """Fill the profile's Chorus ids (idFournisseur, bank account) from the technical account."""
        changes: dict[str, Any] = {}
        if profile.chorus_supplier_id is None:
            attached = client.my_attachments()
            mine = [s for s in attached if str(s.get("identifiantStructure")) == profile.siret] or (
                attached if len(attached) == 1 else [])
            if not mine:
                raise UserFixableError(code="structure_fournisseur", params={"siret": profile.siret})
            changes["chorus_supplier_id"] = int(mine[0]["idStructure"])
        if profile.chorus_bank_account_id is None:
            supplier_id = int(changes.get("chorus_supplier_id") or profile.chorus_supplier_id or 0)
            accounts = client.bank_accounts(supplier_id)
            if len(accounts) == 1:
                changes["chorus_bank_account_id"] = int(accounts[0]["idCoordonneeBancaire"])
        if changes:
            profile = self._store.profiles.update(profile.id, **changes)
        return profile

    def refresh_recipient(self, siret: str, client: ChorusClient, *, force: bool = False,
                          profile: Profile | None = None) -> Recipient | None:
        """The recipient's Chorus parameters, from the store when checked less than a week ago.

        With `profile`, also remembers in its settings whether the recipient reports "Mise en paiement"
        (`statutMiseEnPaiementNestPasRemonte`), which decides when its invoices stop being polled.
        """
        known = self._store.recipients.get(siret)
        # A SIRET Chorus Pro did not find is asked again next time: not being found is not a fact to keep
        # (a typo corrected, a structure created since).
        if (not force and known is not None and known.checked_at is not None
                and known.chorus_structure_id is not None
                and self._now() - aware(known.checked_at) < RECIPIENT_MAX_AGE):
            return known
        found = [s for s in client.search_structure(siret) if str(s.get("identifiantStructure")) == siret]
        if not found:
            return self._store.recipients.save_chorus_parameters(siret, active=False, checked_at=self._now())
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
        return self._store.recipients.save_chorus_parameters(
            siret, name=structure.get("designationStructure"), chorus_structure_id=structure_id,
            services=services, service_required=bool(params.get("codeServiceDoitEtreRenseigne")),
            engagement_required=bool(params.get("numeroEJDoitEtreRenseigne")),
            service_or_engagement=bool(params.get("gestionNumeroEJOuCodeService")),
            active=structure.get("statut") == "ACTIVE", checked_at=self._now(),
        )

    def _remember_payment_reporting(self, profile: Profile, siret: str, not_reported: bool) -> None:
        # TODO(store): this belongs to the recipient; kept in the profile's free "settings" JSON until the
        # recipients table has a column for `statutMiseEnPaiementNestPasRemonte`.
        settings = dict(self._store.profiles.get(profile.id).settings or {})
        sirets = set(settings.get(NO_PAYMENT_REPORT_KEY) or [])
        if (siret in sirets) == not_reported:
            return
        sirets = sirets | {siret} if not_reported else sirets - {siret}
        settings[NO_PAYMENT_REPORT_KEY] = sorted(sirets)
        self._store.profiles.update(profile.id, settings=settings)

    def service_engagement(self, recipient: Recipient, code: str | None, client: ChorusClient) -> Recipient:
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
        return self._store.recipients.save_chorus_parameters(
            recipient.siret, name=recipient.name, chorus_structure_id=recipient.chorus_structure_id,
            services=recipient.services, service_required=recipient.service_required,
            engagement_required=recipient.engagement_required,
            service_or_engagement=recipient.service_or_engagement, active=recipient.active,
            checked_at=recipient.checked_at)
