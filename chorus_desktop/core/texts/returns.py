"""The wording of the returns desk and the payment clock (issue 16); merged into `core.texts.TEXTS`."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # -- invoices sent back (issue 16): the worklist, recycler, compléter, traiter le rejet
    "sens_a_recycler": (
        "Le destinataire signale une erreur d'acheminement (SIRET, code service ou numéro d'engagement) : "
        "corrigez-la et renvoyez la facture, qui garde son numéro."),
    "sens_suspendue": (
        "Le destinataire attend une pièce justificative ou une précision : joignez-la pour compléter la "
        "facture ; le délai de paiement reprend ensuite."),
    "sens_rejetee": (
        "Le destinataire a rejeté la facture : elle est annulée. Traitez le rejet, annulez-la par un avoir dans "
        "vos comptes et émettez une nouvelle facture sous un nouveau numéro."),
    "sens_en_retard": (
        "Le délai de paiement est dépassé de {days} jour(s) : des intérêts moratoires et l'indemnité forfaitaire "
        "de 40 € sont dus."),
    "action_recycler": "Recycler",
    "action_completer": "Compléter",
    "action_avoir": "Traiter le rejet (avoir)",
    "action_reclamer": "Réclamer les intérêts moratoires",
    "action_inadaptee_recycler": (
        "La facture n° {invoice_id} est « À recycler » : corrigez son acheminement et renvoyez-la avec "
        "« Recycler » (chorus-desktop recycle {invoice_id}). Rien n'a été envoyé."),
    "action_inadaptee_completer": (
        "La facture n° {invoice_id} est « Suspendue » : joignez les pièces demandées avec « Compléter » "
        "(chorus-desktop complete {invoice_id} --attach FICHIER). Rien n'a été envoyé."),
    "action_inadaptee_avoir": (
        "La facture n° {invoice_id} est « Rejetée » : traitez le rejet avec « Traiter le rejet » "
        "(chorus-desktop credit-note {invoice_id}). Rien n'a été envoyé."),
    "action_sans_objet": (
        "La facture n° {invoice_id} est à l'état « {state} » : seule une facture « {expected} » peut être "
        "{verb}. Rien n'a été envoyé."),
    "verbe_recyclee": "recyclée",
    "verbe_completee": "complétée",
    "verbe_rejet": "traitée comme rejetée",
    "retour_sans_depot": "La facture n° {invoice_id} n'a pas d'identifiant Chorus Pro : elle n'a jamais été déposée.",
    "recyclage_impossible": "Rien n'a été envoyé : {reasons}",
    "recyclage_sans_destinataire": "Indiquez le SIRET du destinataire (--destinataire).",
    "historique_recyclee": "Recyclée sur Chorus Pro : destinataire {siret}, code service {service}, engagement {engagement}",
    "completer_vide": "Joignez au moins un fichier (--attach) ou écrivez un commentaire.",
    "historique_completee": "Complétée sur Chorus Pro : {count} pièce(s) jointe(s) ajoutée(s) ({names})",
    "historique_completee_commentaire": "Complétée sur Chorus Pro : {count} pièce(s) jointe(s) ({names}) — {comment}",
    "rejet_deja_traite": "Le rejet de la facture n° {invoice_id} a déjà été traité sur Chorus Pro le {when}.",
    "historique_rejet_traite": "Rejet traité sur Chorus Pro (traiterRejet)",
    "avoir_indisponible": (
        "Le rejet est traité sur Chorus Pro, mais l'avoir n'a pas été rédigé : le rédacteur d'avoirs n'est pas "
        "encore disponible dans cette version de Chorus Desktop."),
    "rien_non_envoye": "Rien n'a été envoyé.",
    # -- payment clock (issue 16)
    "nature_etat_collectivite": "État, établissement public ou collectivité territoriale (30 jours)",
    "nature_sante": "Établissement public de santé (50 jours)",
    "nature_entreprise_publique": "Entreprise publique (60 jours)",
    "nature_inconnue": "Nature d'acheteur inconnue : « {value} » (etat_collectivite, sante ou entreprise_publique).",
    "delai_invalide": "Le délai de paiement doit être un nombre de jours entre 1 et {legal}.",
    # -- the claim letter for late-payment interest (« Réclamer les intérêts moratoires »)
    "reclamation_sans_retard": (
        "La facture n° {invoice_id} n'est pas en retard de paiement : il n'y a pas d'intérêts moratoires à réclamer."),
    "reclamation_taux_inconnu": (
        "Le taux BCE du semestre où les intérêts ont commencé à courir n'est pas connu : complétez le fichier "
        "taux-bce.json du dossier de données."),
    "reclamation_ecriture": "Le courrier n'a pas pu être écrit dans « {path} » : {reason}",
    "lettre_objet": (
        "Objet : intérêts moratoires et indemnité forfaitaire pour frais de recouvrement - facture n° {number}"),
    "lettre_madame": "Madame, Monsieur,",
    "lettre_faits": (
        "Notre facture n° {number} du {invoice_date}, d'un montant de {amount} TTC, déposée sur Chorus Pro "
        "(n° {chorus_id}), a été mise à votre disposition le {start}{estimated}. Le délai global de paiement de "
        "{delay} jours (articles R2192-10 à R2192-12 du code de la commande publique) expirait le {due}."),
    "lettre_estimation": " (date de dépôt, la date de mise à disposition n'étant pas connue)",
    "lettre_suspension": " Ce délai tient compte de la suspension du {suspended} et de la reprise qui l'a suivie.",
    "lettre_paye": "La facture a été mise en paiement le {paid}, soit avec {days} jour(s) de retard.",
    "lettre_impaye": "À ce jour, le {today}, elle n'a pas été réglée, soit {days} jour(s) de retard.",
    "lettre_droit": (
        "En application de l'article L2192-13 du code de la commande publique, ce retard fait courir de plein "
        "droit et sans autre formalité des intérêts moratoires, au taux de la Banque centrale européenne en "
        "vigueur au premier jour du semestre où ils ont commencé à courir ({ecb_rate} % au {half_year}) majoré "
        "de huit points, soit {rate} % (article R2192-31), ainsi qu'une indemnité forfaitaire pour frais de "
        "recouvrement de 40 euros (article D2192-35)."),
    "lettre_calcul": "Intérêts moratoires : {amount} x {rate} % x {days} / 365 = {interest}",
    "lettre_indemnite": "Indemnité forfaitaire pour frais de recouvrement : {indemnity}",
    "lettre_total": "Total réclamé : {total}",
    "lettre_demande": (
        "Nous vous remercions de bien vouloir procéder au mandatement de la somme de {total}, dans les 45 jours "
        "suivant la mise en paiement du principal (article R2192-36), sur notre compte {iban}."),
    "lettre_demande_impaye": (
        "Nous vous remercions de bien vouloir régler la facture sans délai et procéder au mandatement de la somme "
        "de {total}, au plus tard 45 jours après la mise en paiement du principal (article R2192-36), sur notre "
        "compte {iban}."),
    "lettre_compte_habituel": "habituel",
    "lettre_salutations": "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    "lettre_lieu_date": "Le {today}",
    "lettre_siret": "SIRET {siret}",
    "lettre_service": "Service exécutant : {service}",
    "lettre_taux_estime": (
        "Le taux BCE de ce semestre n'étant pas encore publié dans notre tableau, le dernier taux connu a été "
        "retenu ; le montant sera ajusté si besoin."),
}
