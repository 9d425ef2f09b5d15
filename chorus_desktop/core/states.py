"""Invoice states: the local ones before sending, then Chorus Pro's own statuses, and the allowed moves.

The enum values are the codes the Chorus Pro API uses (`statutFacture`, `statutCourantCode`), so a
status read from Chorus is stored as it comes. A code we have never heard of is still storable:
`InvoiceState.from_chorus()` maps it to `AUTRE_STATUT_CHORUS`, and the store keeps the raw code next to it.

Every rule about which state may follow which lives here (`can_transition`, `ensure_transition`).
"""

from __future__ import annotations

from enum import Enum

from chorus_desktop.core.errors import UserFixableError


class InvoiceState(str, Enum):
    # Local states, before anything reached Chorus Pro.
    BROUILLON = "BROUILLON"
    PRETE = "PRETE"
    ENVOI_EN_COURS = "ENVOI_EN_COURS"
    ERREUR_ENVOI = "ERREUR_ENVOI"

    # Chorus Pro statuses a supplier invoice (A1/A2) goes through (API-NOTES 10.2).
    INTERPRETEE_OCR = "INTERPRETEE_OCR"
    DEPOSEE = "DEPOSEE"
    EN_COURS_ACHEMINEMENT = "EN_COURS_ACHEMINEMENT"
    MISE_A_DISPOSITION = "MISE_A_DISPOSITION"
    PRISE_EN_COMPTE_DESTINATAIRE = "PRISE_EN_COMPTE_DESTINATAIRE"
    A_RECYCLER = "A_RECYCLER"
    SUSPENDUE = "SUSPENDUE"
    A_COMPLETER = "A_COMPLETER"
    COMPLETEE = "COMPLETEE"
    REJETEE = "REJETEE"
    SERVICE_FAIT = "SERVICE_FAIT"
    MANDATEE = "MANDATEE"
    MISE_A_DISPOSITION_COMPTABLE = "MISE_A_DISPOSITION_COMPTABLE"
    COMPTABILISEE = "COMPTABILISEE"
    MISE_EN_PAIEMENT = "MISE_EN_PAIEMENT"
    SUPPRIMEE = "SUPPRIMEE"
    ABANDONNEE = "ABANDONNEE"

    # The rest of the Chorus Pro enum (validation circuits for A9/A12, works invoices, technical codes):
    # stored as they come, with a readable label.
    A_VALIDER_1 = "A_VALIDER_1"
    ERREUR_FOURNISSEUR_SUR_VALIDEUR = "ERREUR_FOURNISSEUR_SUR_VALIDEUR"
    REFUSEE_1 = "REFUSEE_1"
    VALIDEE_1 = "VALIDEE_1"
    ABSENCE_VALIDATION_1_HORS_DELAI = "ABSENCE_VALIDATION_1_HORS_DELAI"
    A_VALIDER_2 = "A_VALIDER_2"
    ERREUR_COTRAITANT_SUR_VALIDEUR = "ERREUR_COTRAITANT_SUR_VALIDEUR"
    REFUSEE_2 = "REFUSEE_2"
    VALIDEE_2 = "VALIDEE_2"
    ABSENCE_VALIDATION_2_HORS_DELAI = "ABSENCE_VALIDATION_2_HORS_DELAI"
    ERREUR_FOURNISSEUR_SUR_MOE = "ERREUR_FOURNISSEUR_SUR_MOE"
    ASSOCIEE = "ASSOCIEE"
    EN_COURS_TRAITEMENT_PIVOT_S = "EN_COURS_TRAITEMENT_PIVOT_S"
    A_VALIDER_MOE = "A_VALIDER_MOE"
    REFUSEE_MOE = "REFUSEE_MOE"
    EN_ATTENTE_RECYCLAGE_FOURNISSEUR = "EN_ATTENTE_RECYCLAGE_FOURNISSEUR"
    ERREUR_MOE_SUR_FOURNISSEUR = "ERREUR_MOE_SUR_FOURNISSEUR"
    ERREUR_MOA_SUR_FOURNISSEUR = "ERREUR_MOA_SUR_FOURNISSEUR"
    ERREUR_FOURNISSEUR_SUR_MOA = "ERREUR_FOURNISSEUR_SUR_MOA"
    ERREUR_MOE_SUR_MOA = "ERREUR_MOE_SUR_MOA"
    ERREUR_DESTINATAIRE_PD = "ERREUR_DESTINATAIRE_PD"
    ERREUR_DESTINATAIRE_EA = "ERREUR_DESTINATAIRE_EA"
    NON_CONFORME = "NON_CONFORME"
    A_ASSOCIER_MOE = "A_ASSOCIER_MOE"
    ERREUR_DE_MOE = "ERREUR_DE_MOE"
    MISE_A_DISPOSITION_MOE = "MISE_A_DISPOSITION_MOE"
    PRISE_EN_COMPTE_MOE = "PRISE_EN_COMPTE_MOE"
    A_ASSOCIER_MOA = "A_ASSOCIER_MOA"
    ERREUR_DE_MOA = "ERREUR_DE_MOA"
    REFUSEE_MOA = "REFUSEE_MOA"
    A_ASSOCIER_FOURNISSEUR = "A_ASSOCIER_FOURNISSEUR"
    REFUSEE_FOURNISSEUR = "REFUSEE_FOURNISSEUR"
    TRANSMISE_MOA = "TRANSMISE_MOA"
    REMPLACEE_PAR_A22 = "REMPLACEE_PAR_A22"
    DUPLIQUE_APRES_REFUS = "DUPLIQUE_APRES_REFUS"
    MISE_A_DISPOSITION_MOA = "MISE_A_DISPOSITION_MOA"
    PRISE_EN_COMPTE_MOA = "PRISE_EN_COMPTE_MOA"
    ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE = "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE"
    TECHNIQUE_INCONNU = "TECHNIQUE_INCONNU"

    # Fallback for a status code Chorus Pro may add tomorrow; the raw code is kept by the store.
    AUTRE_STATUT_CHORUS = "AUTRE_STATUT_CHORUS"

    def __str__(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        return label(self)

    @property
    def is_local(self) -> bool:
        return self in LOCAL_STATES

    @classmethod
    def from_chorus(cls, code: str) -> InvoiceState:
        """The state for a status code read from Chorus Pro; unknown codes give `AUTRE_STATUT_CHORUS`.

        Local-only codes (PRETE, ENVOI_EN_COURS, ERREUR_ENVOI) never come from Chorus, so they also map
        to the fallback. Chorus's own BROUILLON is kept as BROUILLON.
        """
        try:
            state = cls(code.strip().upper())
        except ValueError:
            return cls.AUTRE_STATUT_CHORUS
        if state in (cls.PRETE, cls.ENVOI_EN_COURS, cls.ERREUR_ENVOI):
            return cls.AUTRE_STATUT_CHORUS
        return state


LOCAL_STATES: frozenset[InvoiceState] = frozenset(
    {InvoiceState.BROUILLON, InvoiceState.PRETE, InvoiceState.ENVOI_EN_COURS, InvoiceState.ERREUR_ENVOI}
)
CHORUS_STATES: frozenset[InvoiceState] = frozenset(set(InvoiceState) - LOCAL_STATES)

# Labels as the Chorus Pro portal shows them.
_LABELS: dict[InvoiceState, str] = {
    InvoiceState.BROUILLON: "Brouillon",
    InvoiceState.PRETE: "Prête",
    InvoiceState.ENVOI_EN_COURS: "Envoi en cours",
    InvoiceState.ERREUR_ENVOI: "Erreur d'envoi",
    InvoiceState.INTERPRETEE_OCR: "Interprétée OCR",
    InvoiceState.DEPOSEE: "Déposée",
    InvoiceState.EN_COURS_ACHEMINEMENT: "En cours d'acheminement",
    InvoiceState.MISE_A_DISPOSITION: "Mise à disposition",
    InvoiceState.PRISE_EN_COMPTE_DESTINATAIRE: "Prise en compte destinataire",
    InvoiceState.A_RECYCLER: "À recycler",
    InvoiceState.SUSPENDUE: "Suspendue",
    InvoiceState.A_COMPLETER: "À compléter",
    InvoiceState.COMPLETEE: "Complétée",
    InvoiceState.REJETEE: "Rejetée",
    InvoiceState.SERVICE_FAIT: "Service fait",
    InvoiceState.MANDATEE: "Mandatée",
    InvoiceState.MISE_A_DISPOSITION_COMPTABLE: "Mise à disposition comptable",
    InvoiceState.COMPTABILISEE: "Comptabilisée",
    InvoiceState.MISE_EN_PAIEMENT: "Mise en paiement",
    InvoiceState.SUPPRIMEE: "Supprimée",
    InvoiceState.ABANDONNEE: "Abandonnée",
    InvoiceState.A_VALIDER_1: "À valider (1)",
    InvoiceState.ERREUR_FOURNISSEUR_SUR_VALIDEUR: "Erreur fournisseur sur valideur",
    InvoiceState.REFUSEE_1: "Refusée (1)",
    InvoiceState.VALIDEE_1: "Validée (1)",
    InvoiceState.ABSENCE_VALIDATION_1_HORS_DELAI: "Absence de validation (1) hors délai",
    InvoiceState.A_VALIDER_2: "À valider (2)",
    InvoiceState.ERREUR_COTRAITANT_SUR_VALIDEUR: "Erreur cotraitant sur valideur",
    InvoiceState.REFUSEE_2: "Refusée (2)",
    InvoiceState.VALIDEE_2: "Validée (2)",
    InvoiceState.ABSENCE_VALIDATION_2_HORS_DELAI: "Absence de validation (2) hors délai",
    InvoiceState.ERREUR_FOURNISSEUR_SUR_MOE: "Erreur fournisseur sur maîtrise d'œuvre",
    InvoiceState.ASSOCIEE: "Associée",
    InvoiceState.EN_COURS_TRAITEMENT_PIVOT_S: "En cours de traitement",
    InvoiceState.A_VALIDER_MOE: "À valider par la maîtrise d'œuvre",
    InvoiceState.REFUSEE_MOE: "Refusée par la maîtrise d'œuvre",
    InvoiceState.EN_ATTENTE_RECYCLAGE_FOURNISSEUR: "En attente de recyclage fournisseur",
    InvoiceState.ERREUR_MOE_SUR_FOURNISSEUR: "Erreur maîtrise d'œuvre sur fournisseur",
    InvoiceState.ERREUR_MOA_SUR_FOURNISSEUR: "Erreur maîtrise d'ouvrage sur fournisseur",
    InvoiceState.ERREUR_FOURNISSEUR_SUR_MOA: "Erreur fournisseur sur maîtrise d'ouvrage",
    InvoiceState.ERREUR_MOE_SUR_MOA: "Erreur maîtrise d'œuvre sur maîtrise d'ouvrage",
    InvoiceState.ERREUR_DESTINATAIRE_PD: "Erreur destinataire",
    InvoiceState.ERREUR_DESTINATAIRE_EA: "Erreur destinataire",
    InvoiceState.NON_CONFORME: "Non conforme",
    InvoiceState.A_ASSOCIER_MOE: "À associer (maîtrise d'œuvre)",
    InvoiceState.ERREUR_DE_MOE: "Erreur de la maîtrise d'œuvre",
    InvoiceState.MISE_A_DISPOSITION_MOE: "Mise à disposition maîtrise d'œuvre",
    InvoiceState.PRISE_EN_COMPTE_MOE: "Prise en compte maîtrise d'œuvre",
    InvoiceState.A_ASSOCIER_MOA: "À associer (maîtrise d'ouvrage)",
    InvoiceState.ERREUR_DE_MOA: "Erreur de la maîtrise d'ouvrage",
    InvoiceState.REFUSEE_MOA: "Refusée par la maîtrise d'ouvrage",
    InvoiceState.A_ASSOCIER_FOURNISSEUR: "À associer (fournisseur)",
    InvoiceState.REFUSEE_FOURNISSEUR: "Refusée par le fournisseur",
    InvoiceState.TRANSMISE_MOA: "Transmise à la maîtrise d'ouvrage",
    InvoiceState.REMPLACEE_PAR_A22: "Remplacée",
    InvoiceState.DUPLIQUE_APRES_REFUS: "Dupliquée après refus",
    InvoiceState.MISE_A_DISPOSITION_MOA: "Mise à disposition maîtrise d'ouvrage",
    InvoiceState.PRISE_EN_COMPTE_MOA: "Prise en compte maîtrise d'ouvrage",
    InvoiceState.ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE: "Absence de validation dans le délai réglementaire",
    InvoiceState.TECHNIQUE_INCONNU: "Statut technique",
    InvoiceState.AUTRE_STATUT_CHORUS: "Autre statut Chorus Pro",
}


def label(state: InvoiceState | str) -> str:
    """The French label of a state (or of a raw code: known codes get their label, others the code)."""
    try:
        return _LABELS[InvoiceState(state)]
    except ValueError:
        return str(state)


# The "À traiter" tile: the supplier has something to do.
TO_HANDLE: frozenset[InvoiceState] = frozenset(
    {InvoiceState.A_RECYCLER, InvoiceState.SUSPENDUE, InvoiceState.REJETEE, InvoiceState.ERREUR_ENVOI}
)

# Nothing more will happen: no polling, no edits. REJETEE is final for this number: a rejected invoice is
# re-issued under a new number (API-NOTES 12).
FINAL_STATES: frozenset[InvoiceState] = frozenset(
    {InvoiceState.MISE_EN_PAIEMENT, InvoiceState.REJETEE, InvoiceState.SUPPRIMEE, InvoiceState.ABANDONNEE}
)

# States whose deposit the user may edit freely (nothing sent yet).
EDITABLE_STATES: frozenset[InvoiceState] = frozenset(
    {InvoiceState.BROUILLON, InvoiceState.PRETE, InvoiceState.ERREUR_ENVOI}
)
# In "À recycler" only the routing data may change (the invoice keeps its number, API-NOTES 12).
RECYCLABLE_FIELDS: frozenset[str] = frozenset({"codeDestinataire", "codeServiceExecutant", "numeroBonCommande"})

# Local moves. Chorus statuses follow the rule in `can_transition`.
_LOCAL_TRANSITIONS: dict[InvoiceState, frozenset[InvoiceState]] = {
    # Validation passes (-> Prête) or an edit breaks it again (-> Brouillon).
    InvoiceState.BROUILLON: frozenset({InvoiceState.PRETE}),
    InvoiceState.PRETE: frozenset({InvoiceState.BROUILLON, InvoiceState.ENVOI_EN_COURS}),
    # The request left: Chorus answered with a status, or it failed (-> Erreur d'envoi), or we know for
    # sure it never reached Chorus (-> Prête, used when recovering after a crash).
    InvoiceState.ENVOI_EN_COURS: frozenset({InvoiceState.ERREUR_ENVOI, InvoiceState.PRETE}),
    InvoiceState.ERREUR_ENVOI: frozenset(
        {InvoiceState.BROUILLON, InvoiceState.PRETE, InvoiceState.ENVOI_EN_COURS}
    ),
}


class InvalidTransitionError(UserFixableError):
    """A state change that the rules refuse (e.g. editing or re-sending an invoice already deposited)."""

    def __init__(self, current: InvoiceState, target: InvoiceState) -> None:
        super().__init__(
            f"Impossible de passer la facture de l'état « {label(current)} » à l'état « {label(target)} ».",
            code="transition_interdite",
        )
        self.current = current
        self.target = target


def can_transition(current: InvoiceState, target: InvoiceState) -> bool:
    """Whether an invoice in `current` may move to `target`.

    - local states follow `_LOCAL_TRANSITIONS`;
    - a sending invoice (Envoi en cours) may receive any Chorus status (the answer of `soumettre`);
    - once in Chorus, any Chorus status may follow any other (Chorus is the authority and its order is
      typical, not strict), except out of a final state; "À recycler" may also go back to "Envoi en
      cours" (the supplier sends corrected routing data with `recycler`);
    - a Chorus status never goes back to a local draft state.
    """
    if current == target:
        return False
    if current in _LOCAL_TRANSITIONS:
        if current is InvoiceState.ENVOI_EN_COURS and target in CHORUS_STATES:
            return True
        return target in _LOCAL_TRANSITIONS[current]
    if current in FINAL_STATES:
        return False
    if current is InvoiceState.A_RECYCLER and target is InvoiceState.ENVOI_EN_COURS:
        return True
    return target in CHORUS_STATES


def ensure_transition(current: InvoiceState, target: InvoiceState) -> None:
    """Raise `InvalidTransitionError` (French message) unless `can_transition(current, target)`."""
    if not can_transition(current, target):
        raise InvalidTransitionError(current, target)


def allowed_targets(current: InvoiceState) -> frozenset[InvoiceState]:
    return frozenset(state for state in InvoiceState if can_transition(current, state))
