"""The French wording of what the core's use cases report: errors, outcomes and history lines.

The use cases say *what* happened with a text id and named parameters (`texts.render("deja_importee",
invoice_id=12)`, `UserFixableError(code=..., params=...)`); this module says it in French, in whole
sentences with named placeholders, so the wording can be reviewed (and one day translated) in one place.
The GUI's own sentences are in `gui/messages.py`; the CLI's in its command modules.
"""

from __future__ import annotations

from collections.abc import Mapping

from chorus_desktop.core.texts import returns, writing

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
    "historique_destinataire_a_verifier": "Destinataire à vérifier auprès de Chorus Pro",
    "historique_modifiee_destinataire": "{action} : destinataire à vérifier auprès de Chorus Pro",
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
    "reponse_perdue_absente": (
        "{lost} Chorus Pro ne montre pas la facture pour l'instant : elle sera recherchée de nouveau à la "
        "prochaine synchronisation ou au prochain envoi, sans risque de doublon. Ne changez pas son numéro."),
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
    # -- the returns desk meets the invoice writer
    "motif_avoir_rejet": "Annulation de la facture rejetée par le destinataire sur Chorus Pro",
    # -- faults (issue 13): exactly once in the race, bounded reading, a store that survives its disk
    "numero_utilise_non_visible": (
        "Chorus Pro indique que le numéro « {number} » est déjà utilisé par ce fournisseur, mais ne montre pas "
        "encore la facture : elle a sans doute été reçue lors d'un envoi précédent. Ne changez pas son numéro : "
        "elle sera recherchée de nouveau à la prochaine synchronisation ou au prochain envoi, sans risque de "
        "doublon."),
    "historique_verification": "Retrouvée sur Chorus Pro après un envoi dont la réponse manquait",
    # -- faults: the store and its disk, names and batches
    "lecture_seule": (
        "Le dossier des données « {path} » est en lecture seule : les factures peuvent être consultées, mais "
        "rien ne peut y être enregistré (import, modification, envoi). Rendez-le accessible en écriture, ou "
        "choisissez un autre dossier avec --data-dir."),
    "lecture_seule_ancienne": (
        "Le dossier des données « {path} » est en lecture seule et sa base date d'une autre version de Chorus "
        "Desktop : elle ne peut pas être mise à jour. Rendez le dossier accessible en écriture."),
    "disque_plein": (
        "Espace disque insuffisant dans « {path} » : rien n'a été enregistré pour cette opération (ce qui "
        "l'a été avant est intact). Libérez de la place, puis recommencez."),
    "dossier_inaccessible": "Le dossier des données « {path} » ne peut pas être créé ou ouvert ({reason}).",
    "base_vide": (
        "La base de données « {path} » est vide (0 octet) alors que le dossier contient {documents} "
        "document(s) et {backups} sauvegarde(s) : elle a été abîmée. Elle n'a pas été remplacée par une "
        "base vide. Restaurez la dernière sauvegarde : chorus-desktop restore"),
    "base_absente": (
        "La base de données « {path} » a disparu alors que le dossier contient {documents} document(s) et "
        "{backups} sauvegarde(s) : elle n'a pas été recréée vide. Restaurez la dernière sauvegarde : "
        "chorus-desktop restore"),
    "base_abimee": (
        "La base de données « {path} » est abîmée ou illisible ({reason}) : elle n'a pas été modifiée. "
        "Restaurez la dernière sauvegarde : chorus-desktop restore"),
    "sauvegarde_invalide": "La sauvegarde « {path} » ne peut pas être utilisée ({reason}).",
    "schema_trop_recent_sauvegarde": (
        "La sauvegarde « {path} » vient d'une version plus récente de Chorus Desktop : mettez l'application "
        "à jour avant de la restaurer."),
    "aucune_sauvegarde": (
        "Aucune sauvegarde utilisable dans « {folder} » : indiquez une copie de la base avec --from FICHIER."),
    "import_disque_plein": "Espace disque insuffisant : « {name} » n'a pas été importé.",
    "import_lecture_seule": "Dossier des données en lecture seule : « {name} » n'a pas été importé.",
    "import_non_tente": "Non importé : l'import s'est arrêté avant ce fichier ({reason}).",
    "raison_disque_plein": "espace disque insuffisant",
    "raison_lecture_seule": "dossier des données en lecture seule",
    "erreur_import_fichier": (
        "Erreur inattendue pendant l'import de « {name} » : ce fichier n'a pas été importé, les autres l'ont été."),
    "pdf_remis_en_place": (
        "Déjà importée (facture n° {invoice_id}) : son PDF manquait dans le dossier de l'application, il a été "
        "remis en place."),
    # -- learning (supplier layouts, customer routings)
    "modele_introuvable": "Aucun modèle de facture appris n° {memory_id}.",
    "routage_introuvable": "Aucun routage mémorisé n° {memory_id}.",
    "routage_memorise": (
        "Routage mémorisé : {fields} repris de la facture n° {invoice_number} (même destinataire imprimé "
        "« {buyer} »). Vérifiez-les."),
    "routage_memorise_entete": (
        "Routage mémorisé : {fields} repris de la facture n° {invoice_number} (même en-tête de facture, "
        "destinataire non reconnu). Vérifiez-les."),
    "champ_code_destinataire": "SIRET destinataire",
    "champ_code_service": "code service",
    "champ_engagement": "numéro d'engagement",
    "champ_cadre": "cadre de facturation",
    # -- list export (CSV headers)
    "export_colonne_statut": "Statut",
    "export_colonne_destinataire": "Destinataire",
    "export_colonne_numero": "Numéro",
    "export_colonne_date": "Date",
    "export_colonne_ttc": "Montant TTC",
    "export_colonne_modifiee": "Modifiée le",
    "export_colonne_fichier": "Fichier",
    "export_colonne_siret": "SIRET destinataire",
    "export_colonne_id": "N°",
    # -- paid invoices (cadre A2 « facture déjà payée ») and the choice remembered per supplier layout
    "paiement_vu_net_zero": "« Net à payer : 0,00 € » pour un total TTC de {ttc}",
    "paiement_vu_mention": "mention « {mention} »",
    "paiement_vu_generique": "mention de paiement sur la facture : « acquittée », « payée », tampon « PAYÉ »…",
    "paiement_choix_memorise": (
        " (choix mémorisé pour ce fournisseur et cette mise en page, d'après la facture n° {invoice_number})"),
    "facture_semble_payee": (
        "Cette facture semble déjà payée ({seen}) : elle est préparée en cadre {cadre} « {label} »{remembered}, "
        "avec un net à payer de 0. Si elle reste à payer, choisissez le cadre A1 : le net à payer redevient le TTC."),
    "facture_payee_deposee_a_payer": (
        "Cette facture semble déjà payée ({seen}) mais elle est préparée en cadre {cadre} « {label} », comme une "
        "facture à payer{remembered}. Si elle est déjà payée, choisissez le cadre A2 « Dépôt par un fournisseur "
        "d'une facture déjà payée » (net à payer 0)."),
}
# The wording of larger areas lives in modules of its own, in the same package.
for _area in (returns.TEXTS, writing.TEXTS):
    if set(_area) & set(TEXTS):  # one id, one sentence: a clash is a bug to see at once
        raise RuntimeError(f"text ids defined twice: {sorted(set(_area) & set(TEXTS))}")
    TEXTS.update(_area)


def render(text_id: str, params: Mapping[str, object] | None = None, /, **more: object) -> str:
    """The French sentence for `text_id` with its named parameters filled in."""
    return TEXTS[text_id].format(**{**(params or {}), **more})
