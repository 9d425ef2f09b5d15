"""Deposit -> the exact JSON body of `POST /cpro/factures/v1/soumettre` (API-NOTES 5.4).

Choices, each following what production clients send:
- `modeDepot: DEPOT_PDF_API` (the PDF is uploaded first, then the data is submitted);
- `pieceJointePrincipale` is a one-element list (Pastell, BIMP and others), although the Swagger
  describes an object;
- amounts are JSON numbers with two decimals, rates too (`ligneTvaTauxManuel`), dates `YYYY-MM-DD`;
- empty optional fields are left out; the body holds no secret (credentials travel in headers).

The `pieceJointeId`s exist only once files are uploaded: pass them as `main_attachment_id` /
`attachment_ids`, or they are taken from the deposit's attachments (`chorus_id`) when already recorded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chorus_desktop.core.domain.deposit import CADRES_WITH_VALIDATOR, Deposit

MODE_DEPOT = "DEPOT_PDF_API"
CENT = Decimal("0.01")


def _amount(value: Decimal) -> float:
    # float(Decimal("123.45")) is the shortest float that prints as 123.45: what json.dumps writes.
    return float(value.quantize(CENT))


def _rate(value: Decimal) -> float:
    return float(value.normalize())


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop None and empty strings/dicts/lists (Chorus treats absent and empty alike; absent is cleaner)."""
    return {key: value for key, value in data.items() if value not in (None, "", {}, [])}


def build_payload(deposit: Deposit, *, main_attachment_id: int | None = None,
                  attachment_ids: list[int] | None = None) -> dict[str, Any]:
    """The `soumettre` body for this deposit.

    `attachment_ids` gives the Chorus `pieceJointeId` of each complementary attachment, in order.
    """
    main = deposit.pieceJointePrincipale
    main_id = main_attachment_id if main_attachment_id is not None else (main.chorus_id if main else None)

    cadre = {"codeCadreFacturation": deposit.codeCadreFacturation}
    if deposit.codeCadreFacturation in CADRES_WITH_VALIDATOR:
        cadre["codeStructureValideur"] = deposit.codeStructureValideur or ""
        cadre["codeServiceValideur"] = deposit.codeServiceValideur or ""

    references = {
        "deviseFacture": deposit.deviseFacture,
        "typeFacture": deposit.typeFacture,
        "typeTva": deposit.typeTva,
        "motifExonerationTva": deposit.motifExonerationTva if deposit.typeTva == "EXONERATION" else None,
        "numeroMarche": deposit.numeroMarche,
        "numeroBonCommande": deposit.numeroBonCommande,
        "numeroFactureOrigine": deposit.numeroFactureOrigine if deposit.typeFacture == "AVOIR" else None,
        # An avoir carries no payment mode (OCA rule, API-NOTES 10.7).
        "modePaiement": deposit.modePaiement if deposit.typeFacture == "FACTURE" else None,
    }

    totals: dict[str, Any] = {
        "montantHtTotal": _amount(deposit.montantHtTotal) if deposit.montantHtTotal is not None else None,
        "montantTVA": _amount(deposit.montantTVA) if deposit.montantTVA is not None else None,
        "montantTtcTotal": _amount(deposit.montantTtcTotal) if deposit.montantTtcTotal is not None else None,
        "montantAPayer": _amount(deposit.montantAPayer) if deposit.montantAPayer is not None else None,
    }
    if deposit.montantRemiseGlobaleTTC:
        totals["montantRemiseGlobaleTTC"] = _amount(deposit.montantRemiseGlobaleTTC)
        totals["motifRemiseGlobaleTTC"] = deposit.motifRemiseGlobaleTTC

    main_attachment = None
    if main is not None:
        main_attachment = [_compact({"pieceJointePrincipaleDesignation": main.designation,
                                     "pieceJointePrincipaleId": main_id})]

    complementary = []
    for index, attachment in enumerate(deposit.pieceJointeComplementaire):
        chorus_id = attachment_ids[index] if attachment_ids is not None else attachment.chorus_id
        complementary.append(_compact({
            "pieceJointeComplementaireDesignation": attachment.designation,
            "pieceJointeComplementaireType": attachment.type,
            "pieceJointeComplementaireId": chorus_id,
        }))

    body = {
        "modeDepot": MODE_DEPOT,
        "numeroFactureSaisi": deposit.numeroFactureSaisi,
        "dateFacture": deposit.dateFacture.isoformat() if deposit.dateFacture else None,
        "destinataire": _compact({"codeDestinataire": deposit.codeDestinataire,
                                  "codeServiceExecutant": deposit.codeServiceExecutant}),
        "fournisseur": _compact({
            "idFournisseur": deposit.idFournisseur,
            "idServiceFournisseur": deposit.idServiceFournisseur,
            "codeCoordonneesBancairesFournisseur": deposit.codeCoordonneesBancairesFournisseur,
        }),
        "cadreDeFacturation": _compact(cadre),
        "references": _compact(references),
        "ligneTva": [
            {
                "ligneTvaTauxManuel": _rate(line.ligneTvaTauxManuel),
                "ligneTvaMontantBaseHtParTaux": _amount(line.ligneTvaMontantBaseHtParTaux),
                "ligneTvaMontantTvaParTaux": _amount(line.ligneTvaMontantTvaParTaux),
            }
            for line in deposit.ligneTva
        ],
        "montantTotal": _compact(totals),
        "pieceJointePrincipale": main_attachment,
        "pieceJointeComplementaire": complementary,
        "commentaire": deposit.commentaire,
    }
    return _compact(body)
