"""Invoice states: labels as on the portal, the transition rules, and the fallback for unknown codes."""

from __future__ import annotations

import pytest

from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import (
    CHORUS_STATES, FINAL_STATES, LOCAL_STATES, TO_HANDLE, InvalidTransitionError, InvoiceState, can_transition,
    ensure_transition, label,
)

S = InvoiceState

PORTAL_LABELS = {
    "BROUILLON": "Brouillon", "PRETE": "Prête", "ENVOI_EN_COURS": "Envoi en cours", "DEPOSEE": "Déposée",
    "EN_COURS_ACHEMINEMENT": "En cours d'acheminement", "MISE_A_DISPOSITION": "Mise à disposition",
    "A_RECYCLER": "À recycler", "SUSPENDUE": "Suspendue", "COMPLETEE": "Complétée", "REJETEE": "Rejetée",
    "SERVICE_FAIT": "Service fait", "MANDATEE": "Mandatée",
    "MISE_A_DISPOSITION_COMPTABLE": "Mise à disposition comptable", "COMPTABILISEE": "Comptabilisée",
    "MISE_EN_PAIEMENT": "Mise en paiement",
}

# The full statutFacture enum of the Swagger (API-NOTES 10.2): every code must be storable as itself.
SWAGGER_STATUSES = """BROUILLON A_VALIDER_1 ERREUR_FOURNISSEUR_SUR_VALIDEUR REFUSEE_1 VALIDEE_1
ABSENCE_VALIDATION_1_HORS_DELAI A_VALIDER_2 ERREUR_COTRAITANT_SUR_VALIDEUR REFUSEE_2 VALIDEE_2
ABSENCE_VALIDATION_2_HORS_DELAI DEPOSEE ERREUR_FOURNISSEUR_SUR_MOE EN_COURS_ACHEMINEMENT MISE_A_DISPOSITION
A_RECYCLER SUSPENDUE REJETEE MANDATEE MISE_EN_PAIEMENT COMPTABILISEE MISE_A_DISPOSITION_COMPTABLE ABANDONNEE
SUPPRIMEE ASSOCIEE EN_COURS_TRAITEMENT_PIVOT_S A_VALIDER_MOE REFUSEE_MOE EN_ATTENTE_RECYCLAGE_FOURNISSEUR
ERREUR_MOE_SUR_FOURNISSEUR ERREUR_MOA_SUR_FOURNISSEUR INTERPRETEE_OCR COMPLETEE ERREUR_FOURNISSEUR_SUR_MOA
ERREUR_MOE_SUR_MOA ERREUR_DESTINATAIRE_PD ERREUR_DESTINATAIRE_EA SERVICE_FAIT NON_CONFORME A_ASSOCIER_MOE
ERREUR_DE_MOE MISE_A_DISPOSITION_MOE PRISE_EN_COMPTE_MOE A_ASSOCIER_MOA ERREUR_DE_MOA REFUSEE_MOA
A_ASSOCIER_FOURNISSEUR REFUSEE_FOURNISSEUR A_COMPLETER TRANSMISE_MOA PRISE_EN_COMPTE_DESTINATAIRE
REMPLACEE_PAR_A22 DUPLIQUE_APRES_REFUS MISE_A_DISPOSITION_MOA PRISE_EN_COMPTE_MOA TECHNIQUE_INCONNU""".split()


@pytest.mark.parametrize(("code", "text"), sorted(PORTAL_LABELS.items()))
def test_labels_are_the_portal_words(code: str, text: str) -> None:
    assert label(InvoiceState(code)) == text
    assert InvoiceState(code).label == text


def test_every_state_has_a_french_label_and_values_are_api_codes() -> None:
    for state in InvoiceState:
        assert label(state) and label(state) != state.value
        assert state.value == state.name


@pytest.mark.parametrize("code", SWAGGER_STATUSES)
def test_every_swagger_status_is_stored_as_itself(code: str) -> None:
    assert InvoiceState.from_chorus(code).value == code


def test_unknown_chorus_code_falls_back_and_local_codes_never_come_from_chorus() -> None:
    assert InvoiceState.from_chorus("NOUVEAU_STATUT_2030") is S.AUTRE_STATUT_CHORUS
    assert InvoiceState.from_chorus(" deposee ") is S.DEPOSEE
    assert InvoiceState.from_chorus("PRETE") is S.AUTRE_STATUT_CHORUS
    assert InvoiceState.from_chorus("ENVOI_EN_COURS") is S.AUTRE_STATUT_CHORUS


def test_groups() -> None:
    assert TO_HANDLE == {S.A_RECYCLER, S.SUSPENDUE, S.REJETEE, S.ERREUR_ENVOI}
    assert {S.MISE_EN_PAIEMENT, S.REJETEE} <= FINAL_STATES
    assert S.MANDATEE not in FINAL_STATES
    assert LOCAL_STATES.isdisjoint(CHORUS_STATES)
    assert LOCAL_STATES | CHORUS_STATES == set(InvoiceState)


@pytest.mark.parametrize(("current", "target"), [
    (S.BROUILLON, S.PRETE), (S.PRETE, S.BROUILLON), (S.PRETE, S.ENVOI_EN_COURS),
    (S.ENVOI_EN_COURS, S.DEPOSEE), (S.ENVOI_EN_COURS, S.ERREUR_ENVOI), (S.ENVOI_EN_COURS, S.PRETE),
    (S.ERREUR_ENVOI, S.ENVOI_EN_COURS), (S.ERREUR_ENVOI, S.BROUILLON),
    (S.DEPOSEE, S.EN_COURS_ACHEMINEMENT), (S.MISE_A_DISPOSITION, S.A_RECYCLER), (S.A_RECYCLER, S.ENVOI_EN_COURS),
    (S.A_RECYCLER, S.MISE_A_DISPOSITION), (S.SUSPENDUE, S.COMPLETEE), (S.SERVICE_FAIT, S.MANDATEE),
    (S.MANDATEE, S.MISE_EN_PAIEMENT), (S.DEPOSEE, S.AUTRE_STATUT_CHORUS), (S.DEPOSEE, S.REJETEE),
])
def test_allowed_transitions(current: InvoiceState, target: InvoiceState) -> None:
    assert can_transition(current, target)
    ensure_transition(current, target)


@pytest.mark.parametrize(("current", "target"), [
    (S.BROUILLON, S.ENVOI_EN_COURS),  # never send what was not validated
    (S.BROUILLON, S.DEPOSEE),
    (S.PRETE, S.DEPOSEE),
    (S.DEPOSEE, S.BROUILLON),  # a deposited invoice never becomes a draft again
    (S.DEPOSEE, S.ENVOI_EN_COURS),  # never sent twice
    (S.DEPOSEE, S.PRETE),
    (S.REJETEE, S.MISE_A_DISPOSITION),  # final
    (S.REJETEE, S.ENVOI_EN_COURS),  # a rejected invoice is re-issued under a new number
    (S.MISE_EN_PAIEMENT, S.MANDATEE),
    (S.BROUILLON, S.BROUILLON),
])
def test_refused_transitions_raise_a_typed_french_error(current: InvoiceState, target: InvoiceState) -> None:
    assert not can_transition(current, target)
    with pytest.raises(InvalidTransitionError) as caught:
        ensure_transition(current, target)
    assert isinstance(caught.value, UserFixableError)
    assert label(current) in caught.value.message and label(target) in caught.value.message
