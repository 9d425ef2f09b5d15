"""The simulator's recycler / completer / traiterRejet: the states they need, what they change, their errors."""

from __future__ import annotations

import httpx
import pytest
from chorus_fixtures import client, sim, sleeps  # noqa: F401 - fixtures

from chorus_desktop.core.chorus.client import ChorusClient
from chorus_desktop.core.chorus.errors import ChorusFunctionalError
from chorus_desktop.sandbox import Simulator
from chorus_desktop.sandbox.data import (
    RECIPIENT_EJ_REQUIRED,
    RECIPIENT_INACTIVE,
    RECIPIENT_PLAIN,
    RECIPIENT_SERVICE_REQUIRED,
)


def invoice(sim: Simulator, number: str, status: str = "DEPOSEE") -> int:
    return sim.backend.seed_invoice(number, RECIPIENT_PLAIN, status=status).id


def refused(call: object, code: int) -> ChorusFunctionalError:
    with pytest.raises(ChorusFunctionalError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.code_retour == code
    return caught.value


def test_recycler_changes_the_routing_under_the_same_number(sim: Simulator, client: ChorusClient) -> None:
    invoice_id = invoice(sim, "R-1")
    sim.send_back(invoice_id, "A_RECYCLER", "Mauvais service")
    answer = client.recycle_invoice(invoice_id, RECIPIENT_SERVICE_REQUIRED, "SE-COMPTA", "EJ-9", "corrigé")
    assert answer["numeroFacture"] == "R-1" and answer["statutFacture"] == "DEPOSEE"
    recycled = sim.backend.invoices[invoice_id]
    assert (recycled.recipient.siret, recycled.service_code, recycled.po_number) == (
        RECIPIENT_SERVICE_REQUIRED, "SE-COMPTA", "EJ-9")
    assert [h.code for h in recycled.history][-2:] == ["A_RECYCLER", "DEPOSEE"]
    assert sim.invoice_count() == 1


def test_recycler_only_from_a_recycler_and_with_a_valid_routing(sim: Simulator, client: ChorusClient) -> None:
    invoice_id = invoice(sim, "R-2", "MISE_A_DISPOSITION")
    refused(lambda: client.recycle_invoice(invoice_id, RECIPIENT_PLAIN, None, None), 20006)
    sim.send_back(invoice_id, "A_RECYCLER", "SIRET")
    refused(lambda: client.recycle_invoice(invoice_id, RECIPIENT_INACTIVE, None, None), 20007)
    refused(lambda: client.recycle_invoice(invoice_id, RECIPIENT_SERVICE_REQUIRED, None, None), 20009)
    refused(lambda: client.recycle_invoice(invoice_id, RECIPIENT_SERVICE_REQUIRED, "SE-ANCIEN", None), 20008)
    refused(lambda: client.recycle_invoice(invoice_id, RECIPIENT_EJ_REQUIRED, None, None), 20010)
    refused(lambda: client.recycle_invoice(999, RECIPIENT_PLAIN, None, None), 20004)
    assert sim.backend.invoices[invoice_id].status == "A_RECYCLER"  # nothing changed by the refusals


def test_completer_only_on_suspendue_with_known_files(sim: Simulator, client: ChorusClient) -> None:
    invoice_id = invoice(sim, "C-1", "MISE_A_DISPOSITION")
    piece = client.add_file(b"bon de livraison", "bl.pdf")
    assert refused(lambda: client.complete_invoice(invoice_id, [(piece, "bl.pdf")]), 20002).libelle == \
        "GDP_MSG_11.033"
    sim.send_back(invoice_id, "SUSPENDUE", "Joindre le BL")
    refused(lambda: client.complete_invoice(invoice_id, [(424242, "x.pdf")]), 20003)
    refused(lambda: client.complete_invoice(31337, [(piece, "bl.pdf")]), 20000)
    answer = client.complete_invoice(invoice_id, [(piece, "bl.pdf")], "BL signé")
    assert answer["numeroFacture"] == "C-1" and answer["dateTraitement"]
    completed = sim.backend.invoices[invoice_id]
    assert completed.status == "COMPLETEE" and completed.attachments == [piece]
    assert completed.status_comment == "BL signé"


def test_traiter_rejet_once_on_rejetee(sim: Simulator, client: ChorusClient) -> None:
    invoice_id = invoice(sim, "J-1", "MISE_A_DISPOSITION")
    refused(lambda: client.handle_rejections([invoice_id]), 20002)
    sim.send_back(invoice_id, "REJETEE", "Montant erroné")
    assert client.handle_rejections([invoice_id])["codeRetour"] == 0
    assert sim.backend.invoices[invoice_id].rejection_handled
    refused(lambda: client.handle_rejections([invoice_id]), 20003)
    listed = client.search_supplier_invoices({"numeroFacture": "J-1"})["listeFactures"]
    assert listed[0]["rejetTraite"] is True and listed[0]["statut"] == "REJETEE"


def test_send_back_makes_the_invoice_available_first(sim: Simulator) -> None:
    invoice_id = invoice(sim, "B-1")
    sim.send_back(invoice_id, "SUSPENDUE", "PJ")
    assert [h.code for h in sim.backend.invoices[invoice_id].history] == ["DEPOSEE", "MISE_A_DISPOSITION",
                                                                          "SUSPENDUE"]
    with pytest.raises(ValueError):
        sim.send_back(invoice_id, "MANDATEE", "")
    answer = httpx.post(sim.base_url + "/_simulateur/renvoyer",
                        json={"identifiantFactureCPP": invoice_id, "statut": "REJETEE", "commentaire": "Non"})
    assert answer.json()["statut"] == "REJETEE"
