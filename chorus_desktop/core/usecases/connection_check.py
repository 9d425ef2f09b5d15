"""« Tester la connexion » / `chorus-desktop check`: each step of the Chorus Pro access, in order.

A failed step stops the check; the steps after it are reported as not checked. The technical
password's expiry date is remembered in the profile's settings (not secret) so the app can warn in time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chorus_desktop.core import texts
from chorus_desktop.core.chorus.clients import ChorusClients
from chorus_desktop.core.errors import ChorusDesktopError, UserFixableError
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.core.usecases.directory import Directory

PASSWORD_WARNING_DAYS = 30


@dataclass
class CheckStep:
    name: str
    label: str
    ok: bool | None  # None: not checked (an earlier step failed)
    message: str
    warning: bool = False


class ConnectionCheck:
    def __init__(self, store: Store, clients: ChorusClients, directory: Directory,
                 now: Callable[[], dt.datetime] = now_utc) -> None:
        self._store = store
        self._clients = clients
        self._directory = directory
        self._now = now

    def check_connection(self, profile_id: int) -> list[CheckStep]:
        profile = self._store.profiles.get(profile_id)
        steps: list[CheckStep] = []
        state: dict[str, Any] = {}

        def token() -> tuple[str, bool]:
            self._clients.reset_connection(profile.id)  # a check always uses the credentials as they are now
            state["client"] = client = self._clients.client_for(profile)
            client.tokens.token()
            return texts.render("jeton_obtenu", environment=client.environment.label), False

        def api() -> tuple[str, bool]:
            state["client"].search_structure(profile.siret)
            return texts.render("api_structures_ok"), False

        def technical_account() -> tuple[str, bool]:
            state["attached"] = state["client"].my_attachments()
            return texts.render("compte_technique_ok", count=len(state["attached"])), False

        def structure() -> tuple[str, bool]:
            state["profile"] = updated = self._directory.ensure_supplier_ids(profile, state["client"])
            return texts.render("structure_trouvee", supplier_id=updated.chorus_supplier_id), False

        def invoices_api() -> tuple[str, bool]:
            state["client"].search_supplier_invoices({"idFournisseur": state["profile"].chorus_supplier_id},
                                                     page_size=1)
            return texts.render("api_factures_ok"), False

        def bank() -> tuple[str, bool]:
            accounts = state["client"].bank_accounts(state["profile"].chorus_supplier_id)
            if not accounts:
                return texts.render("aucune_banque"), True
            names = ", ".join(str(a.get("nomCoordonneeBancaire")) for a in accounts)
            return texts.render("banques", count=len(accounts), names=names), False

        def password() -> tuple[str, bool]:
            state["expiry"] = expiry = state["client"].technical_password_expiry(
                state["profile"].chorus_supplier_id)
            if expiry is None:
                return texts.render("expiration_inconnue"), True
            days = (expiry - self._now().date()).days
            when = expiry.strftime("%d/%m/%Y")
            if days < 0:
                raise UserFixableError(code="mot_de_passe_expire", params={"when": when})
            if days <= PASSWORD_WARNING_DAYS:
                return texts.render("mot_de_passe_bientot", days=days, when=when), True
            return texts.render("mot_de_passe_ok", days=days, when=when), False

        # In this order because each step needs the one before (the structure id before its APIs); the
        # name is the step's text id in core/texts.py ("etape_<name>").
        actions = [("jeton", token), ("compte_technique", technical_account), ("structure", structure),
                   ("structures", api), ("factures", invoices_api), ("banque", bank), ("mot_de_passe", password)]
        for index, (name, action) in enumerate(actions):
            title = texts.render("etape_" + name)
            try:
                message, warning = action()
            except ChorusDesktopError as error:
                steps.append(CheckStep(name, title, False, error.message))
                for later, _ in actions[index + 1:]:
                    steps.append(CheckStep(later, texts.render("etape_" + later), None,
                                           texts.render("etape_non_verifiee")))
                break
            steps.append(CheckStep(name, title, True, message, warning))
        if state.get("expiry") is not None:
            # Remembered (not secret) so the app can warn before the password expires without a call.
            settings = dict(self._store.profiles.get(profile.id).settings or {})
            settings["technical_password_expiry"] = state["expiry"].isoformat()
            self._store.profiles.update(profile.id, settings=settings)
        return steps
