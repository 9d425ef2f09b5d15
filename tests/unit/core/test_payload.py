"""The soumettre body validates against the official Swagger definition `SoumettreFactureParam`.

The schema is the Swagger's own, with two deliberate adjustments:
- `pieceJointePrincipale` is checked as a one-element list of the Swagger's object, as every production
  client sends it (API-NOTES 5.4);
- every object of the body refuses properties the Swagger does not define (API-NOTES: don't send them).
Formats are not checked: the Swagger says date-time for `dateFacture`, production clients send YYYY-MM-DD.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from chorus_desktop.core.domain.deposit import CADRES, Deposit, DepositAttachment, DepositVatLine
from chorus_desktop.core.payload import build_payload
from storekit import OTHER_SUPPLIER_SIRET, RECIPIENT_SIRET

SWAGGER = Path(__file__).resolve().parents[4] / "shared" / "chorus-pro" / "swagger" / "api-chorus-pro-factures.swagger2.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    if not SWAGGER.is_file():
        pytest.fail(f"Swagger introuvable : {SWAGGER}")
    definitions = copy.deepcopy(json.loads(SWAGGER.read_text(encoding="utf-8"))["definitions"])
    root = definitions["SoumettreFactureParam"]
    root["properties"]["pieceJointePrincipale"] = {
        "type": "array", "minItems": 1, "maxItems": 1,
        "items": {"$ref": "#/definitions/SoumettreFacturePieceJointePrincipale"},
    }
    body_definitions = {"SoumettreFactureParam", "SoumettreFactureDestinataire", "SoumettreFactureFournisseur",
                        "SoumettreFactureCadreDeFacturation", "SoumettreFactureReferences", "LigneTvaSoumettreInput",
                        "SoumettreFactureMontantTotal", "SoumettreFacturePieceJointePrincipale",
                        "PieceJointeComplentaireSoumettreInput"}
    for name in body_definitions:
        definitions[name]["additionalProperties"] = False
    schema = {"$ref": "#/definitions/SoumettreFactureParam", "definitions": definitions}
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def errors(validator: jsonschema.Draft4Validator, body: dict[str, Any]) -> list[str]:
    # Through JSON text, exactly as it would go on the wire.
    wire = json.loads(json.dumps(body))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(wire)]


def full_deposit() -> Deposit:
    return Deposit(
        codeCadreFacturation=CADRES["A12"], codeStructureValideur=OTHER_SUPPLIER_SIRET, codeServiceValideur="MOE",
        codeDestinataire=RECIPIENT_SIRET, codeServiceExecutant="SE01", idFournisseur=26123,
        idServiceFournisseur=7, codeCoordonneesBancairesFournisseur=4411,
        numeroFactureSaisi="F2024-001", dateFacture=dt.date(2024, 5, 2), numeroBonCommande="EJ-778",
        numeroMarche="M-2023-12", typeTva="TVA_SUR_ENCAISSEMENT", modePaiement="VIREMENT",
        montantHtTotal=Decimal("150"), montantTVA=Decimal("22.75"), montantTtcTotal=Decimal("172.75"),
        montantRemiseGlobaleTTC=Decimal("2.75"), motifRemiseGlobaleTTC="Escompte", montantAPayer=Decimal("170.00"),
        ligneTva=[DepositVatLine(Decimal("20"), Decimal("100"), Decimal("20")),
                  DepositVatLine(Decimal("5.5"), Decimal("50"), Decimal("2.75"))],
        pieceJointePrincipale=DepositAttachment("facture.pdf", "a" * 64, 1000, chorus_id=555),
        pieceJointeComplementaire=[DepositAttachment("bon.pdf", "b" * 64, 10, type="BON_LIVRAISON", chorus_id=556)],
        commentaire="Livraison de mai",
    )


def test_full_payload_validates_against_the_swagger(validator: jsonschema.Draft4Validator) -> None:
    body = build_payload(full_deposit())
    assert errors(validator, body) == []
    assert body["modeDepot"] == "DEPOT_PDF_API"
    assert body["pieceJointePrincipale"] == [{"pieceJointePrincipaleDesignation": "facture.pdf",
                                              "pieceJointePrincipaleId": 555}]
    assert body["cadreDeFacturation"] == {"codeCadreFacturation": "A12_FACTURE_COTRAITANT",
                                          "codeStructureValideur": OTHER_SUPPLIER_SIRET, "codeServiceValideur": "MOE"}
    assert body["destinataire"] == {"codeDestinataire": RECIPIENT_SIRET, "codeServiceExecutant": "SE01"}
    assert body["references"]["numeroBonCommande"] == "EJ-778"
    assert body["dateFacture"] == "2024-05-02"
    assert body["pieceJointeComplementaire"][0]["pieceJointeComplementaireId"] == 556


def test_amounts_are_json_numbers_with_cents(validator: jsonschema.Draft4Validator) -> None:
    text = json.dumps(build_payload(full_deposit()))
    assert '"montantTtcTotal": 172.75' in text
    assert '"montantHtTotal": 150.0' in text
    assert '"montantAPayer": 170.0' in text
    assert '"ligneTvaTauxManuel": 5.5' in text
    totals = json.loads(text)["montantTotal"]
    assert Decimal(str(totals["montantHtTotal"])) + Decimal(str(totals["montantTVA"])) == Decimal("172.75")


def test_minimal_payload_before_upload_validates(validator: jsonschema.Draft4Validator) -> None:
    deposit = Deposit(codeDestinataire=RECIPIENT_SIRET, numeroFactureSaisi="1", dateFacture=dt.date(2024, 1, 1),
                      montantHtTotal=Decimal("10"), montantTVA=Decimal("0"), montantTtcTotal=Decimal("10"),
                      montantAPayer=Decimal("10"), typeTva="SANS_TVA",
                      pieceJointePrincipale=DepositAttachment("f.pdf", "a" * 64, 1))
    body = build_payload(deposit)
    assert errors(validator, body) == []
    assert "cadreDeFacturation" in body and "fournisseur" not in body  # no empty objects
    # The attachment id is only known after the upload; the Chorus part passes it in.
    assert build_payload(deposit, main_attachment_id=42)["pieceJointePrincipale"][0]["pieceJointePrincipaleId"] == 42


def test_credit_note_has_origin_and_no_payment_mode(validator: jsonschema.Draft4Validator) -> None:
    deposit = full_deposit()
    deposit.typeFacture = "AVOIR"
    deposit.numeroFactureOrigine = "F2023-999"
    body = build_payload(deposit)
    assert errors(validator, body) == []
    assert body["references"]["numeroFactureOrigine"] == "F2023-999"
    assert "modePaiement" not in body["references"]


def test_validator_cadre_only_for_a9_a12(validator: jsonschema.Draft4Validator) -> None:
    deposit = full_deposit()
    deposit.codeCadreFacturation = CADRES["A1"]
    body = build_payload(deposit)
    assert body["cadreDeFacturation"] == {"codeCadreFacturation": "A1_FACTURE_FOURNISSEUR"}


def test_the_schema_check_can_fail(validator: jsonschema.Draft4Validator) -> None:
    body = build_payload(full_deposit())
    wrong_type = copy.deepcopy(body)
    wrong_type["references"]["typeFacture"] = "FACTURETTE"
    object_attachment = copy.deepcopy(body)
    object_attachment["pieceJointePrincipale"] = body["pieceJointePrincipale"][0]
    extra_field = copy.deepcopy(body)
    extra_field["fournisseur"]["siret"] = "123"
    string_amount = copy.deepcopy(body)
    string_amount["montantTotal"]["montantTtcTotal"] = "172.75"
    for bad in (wrong_type, object_attachment, extra_field, string_amount):
        assert errors(validator, bad)
