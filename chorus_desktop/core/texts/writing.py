"""The wording of the invoice writer and of the documents it prints (issue 15); merged into `core.texts.TEXTS`."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # -- writing invoices and avoirs (issue 15): errors, history lines, and the printed document's words
    "spec_champ_manquant": "Modèle de facture : le champ « {field} » manque.",
    "spec_champ_invalide": "Modèle de facture : le champ « {field} » est invalide ({reason}).",
    "spec_montant_illisible": "Modèle de facture : montant illisible pour « {field} » : « {value} ».",
    "spec_quantite_negative": "Modèle de facture : la quantité « {field} » ne peut pas être négative ({value}).",
    "spec_taux_inconnu": (
        "Modèle de facture : « {field} » = {value} % n'est pas un taux de TVA français (taux admis : {allowed})."),
    "spec_exoneration_manquante": (
        "Modèle de facture : « {field} » : une ligne à 0 % de TVA doit donner le motif d'exonération "
        "(« exemption »), par exemple « TVA non applicable, art. 293 B du CGI »."),
    "spec_champ_inconnu": (
        "Modèle de facture : champ inconnu « {field} » (les totaux ne se saisissent pas : ils sont calculés "
        "à partir des lignes)."),
    "spec_json_illisible": "Modèle de facture illisible : {reason}.",
    "spec_sans_ligne": "Modèle de facture : la facture doit avoir au moins une ligne (« lines »).",
    "spec_total_nul": "Modèle de facture : le total de la facture ne peut pas être nul ou négatif.",
    "spec_mois": "Modèle de défraiement : « counts » doit donner douze nombres de factures (un par mois).",
    "numerotation_invalide": (
        "Numérotation « {series} » invalide : « {pattern} ». Le modèle doit contenir {{numero}} (par exemple "
        "« FA-{{annee}}-{{numero:04d}} ») et seulement {{annee}} et {{numero}}."),
    "regime_tva_inconnu": "Régime de TVA inconnu : « {value} » (valeurs : {allowed}).",
    "bic_invalide": "BIC invalide : « {value} ».",
    "logo_invalide": "Logo introuvable ou d'un format non pris en charge (PNG ou JPEG) : « {path} ».",
    "avoir_sur_avoir": "La facture n° {invoice_id} est déjà un avoir : on n'établit pas d'avoir sur un avoir.",
    "avoir_sans_numero": "La facture n° {invoice_id} n'a pas de numéro ou de date : impossible d'en faire un avoir.",
    "duplication_sans_donnees": (
        "La facture n° {invoice_id} n'a ni numéro de destinataire ni lignes utilisables : impossible de la dupliquer."),
    "historique_creee": "Créée dans l'application : {kind} n° {number}",
    "historique_dupliquee": "Créée par duplication de la facture n° {invoice_id} : {kind} n° {number}",
    "historique_avoir": "Avoir n° {number} établi sur la facture {original} (comptabilisé, non déposé)",
    "doc_facture": "FACTURE",
    "doc_avoir": "AVOIR",
    "doc_numero_facture": "Numéro de facture",
    "doc_numero_avoir": "Numéro d'avoir",
    "doc_date": "Date de facture",
    "doc_echeance": "Date d'échéance",
    "doc_facture_a": "Facturé à",
    "doc_siret": "SIRET : {siret}",
    "doc_siret_client": "SIRET client : {siret}",
    "doc_tva_intra": "N° TVA intracommunautaire : {vat}",
    "doc_code_service": "Code service : {code}",
    "doc_engagement": "N° d'engagement : {number}",
    "doc_annule": "Annule la facture n° {number} du {date}.",
    "doc_motif": "Motif : {reason}",
    "doc_colonnes": "Désignation|Quantité|Unité|Prix unitaire HT|TVA|Total HT",
    "doc_remise": "dont remise : {amount}",
    "doc_total_ht": "Total HT",
    "doc_total_tva": "Total TVA",
    "doc_total_ttc": "Total TTC",
    "doc_net_a_payer": "Net à payer",
    "doc_montant_credite": "Montant TTC crédité",
    "doc_colonnes_tva": "Taux de TVA|Base HT|Montant TVA",
    "doc_exoneration": "{reason}",
    "doc_paiement_echeance": "Échéance : {date} (paiement à {days} jours).",
    "doc_paiement_virement": "Règlement par virement : IBAN {iban}{bic}",
    "doc_bic": " - BIC {bic}",
    "doc_escompte": "Pas d'escompte pour paiement anticipé.",
    "doc_penalites_public": (
        "En cas de retard de paiement, intérêts moratoires au taux de la BCE majoré de 8 points et indemnité "
        "forfaitaire pour frais de recouvrement de 40 € (art. L2192-13, R2192-31 et D2192-35 du code de la "
        "commande publique)."),
    "doc_penalites_prive": (
        "En cas de retard de paiement, pénalités au taux de la BCE majoré de 10 points et indemnité forfaitaire "
        "pour frais de recouvrement de 40 € (art. L441-10 et D441-5 du code de commerce)."),
    "doc_avoir_reglement": "Avoir à déduire de la facture n° {number} ; aucun paiement n'est dû au titre de cet avoir.",
    "doc_capital": "au capital de {capital} €",
    "doc_rcs": "RCS {rcs}",
    "doc_note": "Note : {note}",
    "doc_page": "{number} - page {page}/{pages}",
    "doc_annexe_total": "Total",
    "defraiement_ligne": "Frais de télétransmission des factures du {start} au {end}",
    "defraiement_unite": "facture",
    "defraiement_annexe": "Nombre de factures télétransmises par mois",
    "defraiement_colonnes": "Mois|Nombre de factures",
    "ligne_reprise": "Prestations (reprise de la facture n° {number})",
    "exoneration_defaut": "Exonération de TVA",
    "numerotation_occupee": "La série « {series} » est trop sollicitée en ce moment : réessayez.",
    "profil_a_choisir": "Plusieurs profils fournisseurs existent : choisissez celui qui émet la facture (--profile).",
    "aucun_profil": "Aucun profil fournisseur : créez-en un (chorus-desktop profile add NOM --siret SIRET).",
    "mois_noms": "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
    "facture_ecrite_supprimee": (
        "La facture n° {invoice_id} a été établie par l'application sous le numéro {number} : un numéro attribué "
        "n'est jamais supprimé. Annulez-la par un avoir."),
}
