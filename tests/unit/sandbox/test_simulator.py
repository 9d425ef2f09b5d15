"""The simulator speaks Chorus Pro's contract: auth, envelope, pagination and the deposit's business rules."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from chorus_fixtures import client, sim, sleeps  # noqa: F401 - fixtures

from chorus_desktop.core.chorus.client import ChorusClient
from chorus_desktop.core.chorus.errors import ChorusFunctionalError
from chorus_desktop.sandbox import LABEL, Simulator
from chorus_desktop.sandbox.data import (
    RECIPIENT_EJ_OR_SERVICE,
    RECIPIENT_EJ_REQUIRED,
    RECIPIENT_INACTIVE,
    RECIPIENT_PLAIN,
    RECIPIENT_SERVICE_REQUIRED,
    SUPPLIER_ID,
    UNKNOWN_SIRET,
)


def payload(client: ChorusClient, **changes: Any) -> dict[str, Any]:
    attachment = client.add_file(b"%PDF-1.4 facture", "facture.pdf")
    body: dict[str, Any] = {
        "modeDepot": "DEPOT_PDF_API", "numeroFactureSaisi": "F-2024-001", "dateFacture": "2024-05-02",
        "destinataire": {"codeDestinataire": RECIPIENT_PLAIN},
        "fournisseur": {"idFournisseur": SUPPLIER_ID},
        "cadreDeFacturation": {"codeCadreFacturation": "A1_FACTURE_FOURNISSEUR"},
        "references": {"deviseFacture": "EUR", "typeFacture": "FACTURE", "typeTva": "TVA_SUR_DEBIT",
                       "modePaiement": "VIREMENT"},
        "montantTotal": {"montantHtTotal": 100.0, "montantTVA": 20.0, "montantTtcTotal": 120.0,
                         "montantAPayer": 120.0},
        "pieceJointePrincipale": [{"pieceJointePrincipaleDesignation": "facture", "pieceJointePrincipaleId": attachment}],
    }
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(body.get(key), dict):
            body[key] = {**body[key], **value}
        else:
            body[key] = value
    return body


def test_happy_deposit_then_status_moves_with_comments(sim: Simulator, client: ChorusClient) -> None:
    answer = client.submit_invoice(payload(client))
    assert answer["codeRetour"] == 0 and answer["statutFacture"] == "DEPOSEE"
    assert len(answer["empreinteCertificatDepot"]) == 64
    sim.set_status(answer["identifiantFactureCPP"], "SUSPENDUE", "Il manque le bon de livraison")
    history = client.invoice_history(answer["identifiantFactureCPP"])
    assert history["statutCourantCode"] == "SUSPENDUE"
    assert history["historiquesDesStatuts"]["histoStatut"][0]["histoStatutCommentaire"] == "Il manque le bon de livraison"


@pytest.mark.parametrize(("changes", "expected"), [
    ({"destinataire": {"codeDestinataire": UNKNOWN_SIRET}}, "n'est pas référencé"),
    ({"destinataire": {"codeDestinataire": RECIPIENT_INACTIVE}}, "inactif"),
    ({"destinataire": {"codeDestinataire": RECIPIENT_SERVICE_REQUIRED}}, "code service exécutant est obligatoire"),
    ({"destinataire": {"codeDestinataire": RECIPIENT_SERVICE_REQUIRED, "codeServiceExecutant": "SE-ANCIEN"}},
     "inactif"),
    ({"destinataire": {"codeDestinataire": RECIPIENT_SERVICE_REQUIRED, "codeServiceExecutant": "SE-ACHATS"}},
     "engagement juridique est obligatoire"),
    ({"destinataire": {"codeDestinataire": RECIPIENT_EJ_REQUIRED}}, "engagement juridique est obligatoire"),
    ({"destinataire": {"codeDestinataire": RECIPIENT_EJ_OR_SERVICE}}, "code service exécutant ou le numéro"),
    ({"destinataire": {"codeDestinataire": RECIPIENT_PLAIN, "codeServiceExecutant": "FACTURES_PUBLIQUES"}},
     "FACTURES_PUBLIQUES"),
    ({"montantTotal": {"montantTtcTotal": 121.0}}, "HT + TVA"),
    ({"montantTotal": {"montantAPayer": 130.0}}, "montant à payer"),
    ({"fournisseur": {"idFournisseur": 42}}, "fournisseur"),
    ({"pieceJointePrincipale": [{"pieceJointePrincipaleId": 1}]}, "pièce jointe"),
])
def test_business_rules(client: ChorusClient, changes: dict[str, Any], expected: str) -> None:
    with pytest.raises(ChorusFunctionalError) as caught:
        client.submit_invoice(payload(client, **changes))
    assert expected in caught.value.libelle


def test_rules_satisfied_are_accepted(client: ChorusClient) -> None:
    ok = payload(client, numeroFactureSaisi="F-EJ-1",
                 destinataire={"codeDestinataire": RECIPIENT_SERVICE_REQUIRED, "codeServiceExecutant": "SE-ACHATS"},
                 references={"numeroBonCommande": "EJ-123"})
    assert client.submit_invoice(ok)["codeRetour"] == 0


def test_duplicate_number_refused(sim: Simulator, client: ChorusClient) -> None:
    client.submit_invoice(payload(client))
    with pytest.raises(ChorusFunctionalError) as caught:
        client.submit_invoice(payload(client))
    assert "déjà été utilisé" in caught.value.libelle
    assert sim.invoice_count() == 1


def test_slow_soumettre_stores_first_and_shows_in_search_later(sim: Simulator, client: ChorusClient) -> None:
    """"lag": the number is taken at once (20108 for a second soumettre), the search shows it later."""
    from chorus_desktop.core.chorus.errors import ChorusAnswerLostError

    sim.inject("lag", "factures/v1/soumettre", delay=30.0)
    with pytest.raises(ChorusAnswerLostError):  # the answer comes after the client's 1 s timeout
        client.submit_invoice(payload(client, numeroFactureSaisi="F-LAG"))
    assert sim.invoice_count() == 1
    assert client.find_invoice_by_number(SUPPLIER_ID, "F-LAG") is None
    with pytest.raises(ChorusFunctionalError) as caught:
        client.submit_invoice(payload(client, numeroFactureSaisi="F-LAG"))
    assert caught.value.code_retour == 20108
    stored = sim.backend.invoice_by_number("F-LAG")
    assert stored is not None
    sim.backend.hide_from_search(stored.id, 0)
    found = client.find_invoice_by_number(SUPPLIER_ID, "F-LAG")
    assert found is not None and found["identifiantFactureCPP"] == stored.id and sim.invoice_count() == 1


def test_date_with_time_gets_http_500_like_chorus(client: ChorusClient, sim: Simulator) -> None:
    raw = httpx.post(sim.api_url + "factures/v1/soumettre", json=payload(client, dateFacture="2024-05-02T00:00:00"),
                     headers={"Authorization": f"Bearer {client.tokens.token()}",
                              "cpro-account": base64.b64encode(f"{sim.tech_login}:{sim.tech_password}".encode()).decode()})
    assert raw.status_code == 500


def test_requires_bearer_and_cpro_account(sim: Simulator, client: ChorusClient) -> None:
    url = sim.api_url + "structures/v1/rechercher"
    assert httpx.post(url, json={}).status_code == 401
    token = client.tokens.token()
    assert httpx.post(url, json={}, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    good = {"Authorization": f"Bearer {token}",
            "cpro-account": base64.b64encode(f"{sim.tech_login}:{sim.tech_password}".encode()).decode()}
    answer = httpx.post(url, json={"structure": {"identifiantStructure": RECIPIENT_PLAIN}}, headers=good)
    assert answer.json()["listeStructures"][0]["statut"] == "ACTIVE"


def test_token_endpoint_checks_client_credentials(sim: Simulator) -> None:
    bad = httpx.post(sim.token_url, data={"grant_type": "client_credentials", "client_id": sim.client_id,
                                          "client_secret": "nope"})
    assert bad.status_code == 401
    good = httpx.post(sim.token_url, data={"grant_type": "client_credentials", "client_id": sim.client_id,
                                           "client_secret": sim.client_secret, "scope": "openid"})
    assert good.json()["token_type"] == "Bearer" and good.json()["expires_in"] == 3600


def test_unsubscribed_api_is_403_without_body(sim: Simulator, client: ChorusClient) -> None:
    sim.subscribed.discard("factures")
    token = client.tokens.token()
    answer = httpx.post(sim.api_url + "factures/v1/rechercher/fournisseur", json={},
                        headers={"Authorization": f"Bearer {token}",
                                 "cpro-account": base64.b64encode(f"{sim.tech_login}:{sim.tech_password}".encode()).decode()})
    assert answer.status_code == 403 and answer.content == b""


def test_status_window_and_pagination_shape(sim: Simulator, client: ChorusClient) -> None:
    for n in range(12):
        sim.backend.seed_invoice(f"W-{n}", RECIPIENT_PLAIN)
    page = client.search_supplier_invoices({"idFournisseur": SUPPLIER_ID}, page=2, page_size=None)
    assert page["parametresRetour"] == {"pageCourante": 2, "pages": 2, "nbResultatsParPage": 10, "total": 12}
    future = client.search_supplier_invoices({"idFournisseur": SUPPLIER_ID, "periodeDateHeureEtatCourantDu": "2999-01-01"})
    assert future["listeFactures"] == []


def test_admin_endpoint_moves_an_invoice(sim: Simulator) -> None:
    invoice = sim.backend.seed_invoice("ADM-1", RECIPIENT_PLAIN)
    answer = httpx.post(sim.base_url + "/_simulateur/statut",
                        json={"identifiantFactureCPP": invoice.id, "statut": "REJETEE", "commentaire": "Doublon"})
    assert answer.json()["statut"] == "REJETEE"
    listing = httpx.get(sim.base_url + "/_simulateur/factures").json()
    assert listing["simulateur"] == LABEL and listing["factures"][0]["statut"] == "REJETEE"


def test_demo_can_register_any_recipient(sim: Simulator, client: ChorusClient) -> None:
    sim.add_recipient(UNKNOWN_SIRET, "MAIRIE DE TEST", service_codes=("SE01",), service_required=True)
    [found] = client.search_structure(UNKNOWN_SIRET)
    assert found["designationStructure"] == "MAIRIE DE TEST"
    assert [s["codeService"] for s in client.search_services(found["idStructureCPP"])] == ["SE01"]


def test_times_are_held_with_their_zone_and_written_on_chorus_clock(sim: Simulator, client: ChorusClient) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    answer = client.submit_invoice(payload(client))
    invoice = sim.backend.invoices[answer["identifiantFactureCPP"]]
    # Held aware (a naive time here is what once put a return an hour before its deposit)...
    assert invoice.deposited_at.tzinfo is not None and invoice.status_at.tzinfo is not None
    # ...written as Chorus Pro writes them: Paris wall clock, no offset.
    [row] = client.search_supplier_invoices({"idFournisseur": SUPPLIER_ID})["listeFactures"]
    written = dt.datetime.strptime(row["dateHeureEtatCourant"], "%Y-%m-%d %H:%M")
    paris_now = dt.datetime.now(ZoneInfo("Europe/Paris")).replace(tzinfo=None)
    assert abs(paris_now - written) < dt.timedelta(minutes=2)
    # A period bound sent without offset is read on the same clock: an hour ago finds it, the next minute not.
    an_hour_ago = (paris_now - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    later = (paris_now + dt.timedelta(minutes=2)).strftime("%Y-%m-%d %H:%M")
    assert client.search_supplier_invoices({"idFournisseur": SUPPLIER_ID,
                                            "periodeDateHeureEtatCourantDu": an_hour_ago})["listeFactures"]
    assert not client.search_supplier_invoices({"idFournisseur": SUPPLIER_ID,
                                                "periodeDateHeureEtatCourantDu": later})["listeFactures"]
