"""The French wording of what the core's use cases report: errors, outcomes and history lines.

The use cases say *what* happened with a text id and named parameters (`texts.render("deja_importee",
invoice_id=12)`, `UserFixableError(code=..., params=...)`); this module says it in French, in whole
sentences with named placeholders, so the wording can be reviewed (and one day translated) in one place.
The GUI's own sentences are in `gui/messages.py`; the CLI's in its command modules.
"""

from __future__ import annotations

from collections.abc import Mapping

TEXTS: dict[str, str] = {
    # -- importing
    "fichier_introuvable": "Fichier introuvable : « {path} ».",
    "fichier_illisible": "Le fichier « {name} » ne peut pas être lu.",
    "deja_importee": "Déjà importée (facture n° {invoice_id}).",
    "erreur_lecture": "Erreur interne pendant la lecture de « {name} » : le fichier n'a pas été importé.",
    "pdf_illisible": "Ce fichier ne peut pas être lu comme une facture PDF.",
    "importee": "Importée : facture n° {invoice_id}.",
    "importee_bloquante": "Importée : facture n° {invoice_id} ({blocking} point(s) bloquant(s)).",
    # -- editing
    "recyclage_routage_seul": (
        "Une facture à recycler garde son numéro : seuls le destinataire, le code service et le "
        "numéro d'engagement peuvent être corrigés, puis renvoyés avec « Recycler » (chorus-desktop recycle)."),
    "modification_interdite": "La facture est à l'état « {state} » : elle ne peut plus être modifiée.",
    "suppression_interdite": (
        "La facture est à l'état « {state} » : elle a été envoyée à Chorus Pro et ne peut pas être supprimée."),
    "piece_jointe_introuvable": "La pièce jointe « {name} » est introuvable.",
    "piece_jointe_absente": "Aucune pièce jointe n° {number}.",
    # -- deposit input (set FIELD=VALUE, the form)
    "montant_illisible": "Montant illisible pour {name} : « {value} ».",
    "date_illisible": "Date illisible pour {name} : « {value} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA).",
    "lignes_tva_liste": "ligneTva attend une liste de lignes (taux, base, tva).",
    "ligne_tva_incomplete": "ligneTva : chaque ligne doit donner taux, base et tva.",
    "champ_inconnu": "Champ inconnu : « {name} ».",
    "entier_illisible": "{name} attend un nombre entier : « {value} ».",
    "code_non_admis": "Valeur non admise pour {name} : « {value} » (valeurs : {allowed}).",
    "champ_obligatoire": "{name} ne peut pas être vide.",
    # -- profiles
    "nom_profil_vide": "Donnez un nom au profil.",
    "entier_attendu": "{name} attend un nombre entier.",
    "valeur_non_admise": "Valeur non admise pour {name} : {allowed}.",
    # -- lifecycle and history lines
    "historique_importee": "Importée depuis « {name} »",
    "historique_validee": "Validée : prête à l'envoi",
    "historique_bloquants": "{blocking} point(s) bloquant(s)",
    "historique_modifiee": "Modifiée",
    "historique_modifiee_bloquants": "{action} : {blocking} point(s) bloquant(s)",
    "historique_profil_change": "Profil changé",
    "historique_profil_modifie": "Profil modifié",
    "historique_envoi": "Envoi à Chorus Pro",
    "historique_deposee": "Déposée sur Chorus Pro (n° {chorus_id})",
    "historique_retrouvee": "Retrouvée sur Chorus Pro (n° {chorus_id}) après une réponse perdue : pas de second envoi",
    "historique_envoi_interrompu": "Envoi interrompu : Chorus Pro n'a pas reçu la facture, elle peut être renvoyée",
    "facture_invalide": "La facture n° {invoice_id} ne peut pas être envoyée : {reason}",
    # -- deposit
    "deja_deposee": "Facture déjà déposée sur Chorus Pro (état « {state} »).",
    "profil_manquant": "Choisissez le profil fournisseur de cette facture avant de l'envoyer.",
    "destinataire_inconnu": (
        "Rien n'a été envoyé : le destinataire (SIRET {siret}) n'est pas référencé dans Chorus Pro "
        "comme structure publique active. Vérifiez le SIRET dans l'annuaire Chorus Pro."),
    "rien_envoye": "Rien n'a été envoyé : {reasons}",
    "pdf_absent": "Le PDF de la facture est introuvable dans le dossier de l'application : importez-le de nouveau.",
    "reponse_perdue_injoignable": (
        "{lost} Chorus Pro n'a pas pu être interrogé : la facture reste « Envoi en cours » et sera vérifiée "
        "à la prochaine tentative ou au prochain démarrage, sans risque de doublon."),
    "reponse_perdue_absente": "{lost} Chorus Pro n'a pas enregistré la facture ; réessayez plus tard.",
    "deposee": "Facture déposée sur Chorus Pro (n° Chorus {chorus_id}).",
    "homonyme_chorus": (
        "Chorus Pro a déjà une facture n° {number} de ce fournisseur (n° Chorus {chorus_id}), pour un autre "
        "destinataire ou un autre montant : vérifiez-la sur le portail ; cette facture-ci n'a pas été envoyée "
        "une seconde fois."),
    "adoptee": (
        "La réponse de Chorus Pro s'était perdue, mais la facture y est bien enregistrée (n° Chorus {chorus_id}) : "
        "elle n'a pas été envoyée une seconde fois."),
    "verification_impossible": "Vérification impossible pour l'instant : {reason}",
    "de_nouveau_prete": "Chorus Pro n'avait pas reçu la facture : elle est de nouveau prête à être envoyée.",
    # -- directory
    "structure_fournisseur": (
        "Le compte technique n'est pas rattaché à la structure du fournisseur (SIRET {siret}) dans Chorus Pro. "
        "Demandez au gestionnaire principal de la structure de le rattacher."),
    # -- sync
    "erreur_synchro_profil": "{profile} : {reason}",
    # -- connection check
    "etape_jeton": "Jeton PISTE (identifiant et secret de l'application)",
    "etape_compte_technique": "Compte technique Chorus Pro (API Utilisateurs)",
    "etape_structure": "Structure du fournisseur",
    "etape_structures": "Abonnement à l'API Structures",
    "etape_factures": "Abonnement à l'API Factures",
    "etape_banque": "Coordonnées bancaires",
    "etape_mot_de_passe": "Expiration du mot de passe du compte technique",
    "etape_non_verifiee": "Non vérifié (étape précédente en échec).",
    "jeton_obtenu": "Jeton obtenu ({environment}).",
    "api_structures_ok": "L'application PISTE accède à l'API Structures.",
    "compte_technique_ok": "Compte technique accepté ({count} structure(s) rattachée(s)).",
    "structure_trouvee": "Structure du fournisseur trouvée (identifiant Chorus {supplier_id}).",
    "api_factures_ok": "L'application PISTE accède à l'API Factures.",
    "aucune_banque": (
        "Aucune coordonnée bancaire valide n'est enregistrée dans Chorus Pro pour cette structure : "
        "ajoutez-la sur le portail si vous êtes payé par virement."),
    "banques": "{count} coordonnée(s) bancaire(s) valide(s) : {names}.",
    "expiration_inconnue": "Chorus Pro n'indique pas la date d'expiration du mot de passe technique.",
    "mot_de_passe_expire": (
        "Le mot de passe du compte technique a expiré le {when} : le gestionnaire principal de la structure doit "
        "le renouveler sur le portail Chorus Pro, puis relancez « chorus-desktop login »."),
    "mot_de_passe_bientot": (
        "Le mot de passe du compte technique expire dans {days} jour(s), le {when} : faites-le renouveler par "
        "le gestionnaire principal sur le portail Chorus Pro."),
    "mot_de_passe_ok": "Le mot de passe du compte technique expire le {when} (dans {days} jours).",
    # -- Chorus Pro client (PISTE, HTTP, answers)
    "chorus_refus": "Chorus Pro a refusé la demande ({service}) : {reason} (code retour {code_retour}).",
    "piste_refus": (
        "PISTE a refusé la demande de jeton (HTTP {status}) : l'identifiant client (client_id) ou le secret "
        "(client_secret) de l'application PISTE est incorrect, ou ne correspond pas à cet environnement (la "
        "qualification et la production sont deux applications PISTE distinctes). Vérifiez-les sur piste.gouv.fr "
        "puis relancez « chorus-desktop login »."),
    "compte_technique_refuse": (
        "Chorus Pro a refusé l'authentification (HTTP 401 sur {path}) : le mot de passe du compte technique a "
        "peut-être expiré (il expire tous les 424 jours et seul le gestionnaire principal de la structure peut le "
        "renouveler sur le portail Chorus Pro), ou le login du compte technique est incorrect. Mettez à jour les "
        "identifiants avec « chorus-desktop login »."),
    "acces_refuse": (
        "Accès refusé par PISTE (HTTP 403 sur {path}) : l'application PISTE n'est pas abonnée à l'API {api}, ou "
        "ses CGU n'ont pas été acceptées pour cet environnement (onglet « Consentement CGU API » sur "
        "piste.gouv.fr), ou le compte technique n'est pas rattaché à la structure du fournisseur. L'application "
        "PISTE doit être abonnée aux API Factures, Structures, Utilisateurs et Transverses."),
    "piste_reponse": (
        "Réponse inattendue du serveur de jetons PISTE (HTTP {status}). Vérifiez l'adresse du jeton OAuth de "
        "l'environnement."),
    "reseau": (
        "Impossible de joindre Chorus Pro ({what}) : {reason}. Vérifiez la connexion à Internet (ou le proxy) et "
        "réessayez plus tard."),
    "reponse_perdue": "La réponse de Chorus Pro ({what}) n'est pas arrivée ({reason}) ; la demande a peut-être été traitée.",
    "delai_depasse": "Chorus Pro ne répond pas ({what}) : {reason}. Réessayez plus tard.",
    "trop_de_demandes": "Chorus Pro limite le nombre de demandes ({what}, HTTP 429). Réessayez dans quelques minutes.",
    "erreur_serveur_perdue": (
        "Chorus Pro a répondu par une erreur interne (HTTP {status}, {what}) ; la demande a peut-être été traitée."),
    "erreur_serveur": "Chorus Pro est momentanément indisponible (HTTP {status}, {what}). Réessayez plus tard.",
    "fichier_trop_gros": "Le fichier est trop volumineux pour Chorus Pro (10 Mo au maximum).",
    "api_introuvable": (
        "Service Chorus Pro introuvable (HTTP 404 sur {path}) : vérifiez l'adresse de l'API de l'environnement "
        "choisi."),
    "requete_invalide": "Chorus Pro a jugé la demande mal formée (HTTP 400 sur {path}).",
    "reponse_inattendue": "Réponse inattendue de Chorus Pro (HTTP {status} sur {path}).",
    "reponse_incomplete": "Réponse de Chorus Pro sans « {name} » ({path}).",
    # -- Chorus Pro environments
    "adresse_invalide": "Adresse invalide : « {url} » (une adresse https://… est attendue).",
    "adresse_non_chiffree": (
        "Adresse refusée : « {url} ». Les échanges avec Chorus Pro doivent être chiffrés (https) ; http n'est "
        "accepté que pour le simulateur local (127.0.0.1)."),
    "environnement_inconnu": "Environnement inconnu : « {kind} » (qualification, production ou custom).",
    "simulateur_interdit": (
        "Le simulateur ne peut pas être choisi comme environnement d'un profil : il n'est utilisé que par le mode "
        "démonstration et les tests."),
    "environnement_incomplet": "L'environnement personnalisé demande l'adresse du jeton (OAuth) et l'adresse de l'API.",
    "simulateur_local": "Le simulateur ne fonctionne que sur cet ordinateur (127.0.0.1).",
    # -- store
    "facture_introuvable": "Aucune facture n° {invoice_id}.",
    "champ_profil_inconnu": "Champ de profil inconnu : {names}.",
    "profil_existant": "Un profil nommé « {name} » existe déjà.",
    "profil_homonyme": "Un autre profil porte déjà ce nom.",
    "profil_introuvable_numero": "Aucun profil fournisseur n° {profile_id}.",
    "profil_introuvable": "Aucun profil fournisseur « {key} ».",
    # -- directory search
    "profil_requis_annuaire": (
        "L'annuaire Chorus Pro se consulte avec les accès d'un profil fournisseur : créez d'abord un profil "
        "(chorus-desktop profile add) et ses identifiants (chorus-desktop login)."),
    # -- supplier guard
    "fournisseur_deja_conforme": "Le fournisseur imprimé sur cette facture est déjà celui de son profil : rien à confirmer.",
    "siret_emetteur_illisible": (
        "Le SIRET complet de l'émetteur n'a pas été lu sur la facture : créez le profil avec « chorus-desktop "
        "profile add NOM --siret SIRET »."),
    "historique_fournisseur_confirme": "Fournisseur confirmé : l'émetteur imprimé ({printed}) est bien « {profile} »",
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
    # -- the returns desk meets the invoice writer
    "motif_avoir_rejet": "Annulation de la facture rejetée par le destinataire sur Chorus Pro",
}


def render(text_id: str, params: Mapping[str, object] | None = None, /, **more: object) -> str:
    """The French sentence for `text_id` with its named parameters filled in."""
    return TEXTS[text_id].format(**{**(params or {}), **more})
