"""Every French text the desktop application shows, in one place.

Whole sentences with named placeholders (`{number}`), so they can be reviewed and later translated
without reading the code. State labels come from the core (`core.states.label`), not from here.
"""

from __future__ import annotations

APP_TITLE = "Chorus Desktop"
DEMO_BANNER = "Mode démonstration : aucune facture n'est réellement envoyée."

# Menus (the & marks the mnemonic).
MENU_FILE = "&Fichier"
MENU_INVOICES = "F&actures"
MENU_HELP = "&Aide"
ACTION_OPEN = "&Ouvrir..."
ACTION_OPEN_FOLDER = "Ouvrir un &dossier..."
ACTION_SETTINGS = "&Paramètres..."
ACTION_QUIT = "&Quitter"
ACTION_SEND = "&Envoyer à Chorus Pro..."
ACTION_SEND_READY = "Envoyer toutes les factures &prêtes..."
ACTION_SAVE_DRAFT = "Enregistrer le &brouillon"
ACTION_SYNC = "&Actualiser les statuts"
ACTION_HISTORY = "&Historique de la facture..."
ACTION_ABOUT = "À &propos de Chorus Desktop"

ABOUT_TEXT = (
    "Chorus Desktop {version}\n\n"
    "Déposer ses factures sur Chorus Pro à partir de leur PDF, puis les suivre jusqu'à la mise en paiement."
)

# Drop zone.
DROP_HINT = "Déposez ici vos factures PDF (ou un dossier), ou cliquez sur « Ouvrir... »."
DROP_ACTIVE = "Relâchez pour importer les factures."
DROP_BUTTON = "Ouvrir..."
DROP_ACCESSIBLE = "Zone de dépôt des factures PDF"
OPEN_DIALOG_TITLE = "Ouvrir des factures"
OPEN_FOLDER_TITLE = "Ouvrir un dossier de factures"
OPEN_FILTER = "Factures PDF (*.pdf *.PDF)"
NO_PDF_FOUND = "Aucun fichier PDF dans ce que vous avez déposé."

# Import progress and outcomes (status bar).
IMPORTING = "Import de {count} fichier(s) en cours..."
IMPORT_PROGRESS = "Import : {done} sur {count} — « {name} »"
IMPORT_DONE = "{imported} facture(s) importée(s) sur {count} fichier(s)."
IMPORT_FAILED_FILE = "« {name} » : {reason}"
IMPORT_DUPLICATE = "« {name} » est déjà dans la liste."
IMPORT_UNREADABLE = "« {name} » n'a pas pu être lu : {reason}"

# Dashboard.
DASHBOARD_TITLE = "Tableau de bord"
DASHBOARD_TO_HANDLE = "À traiter"
DASHBOARD_ALL = "Toutes"
DASHBOARD_BUTTON_TEXT = "{label}\n{count}"
DASHBOARD_BUTTON_ACCESSIBLE = "{label} : {count} facture(s). Cliquer pour filtrer la liste."

# Invoice list.
COLUMN_STATE = "Statut"
COLUMN_RECIPIENT = "Destinataire"
COLUMN_NUMBER = "Numéro"
COLUMN_DATE = "Date"
COLUMN_TTC = "Montant TTC"
COLUMN_CHANGED = "Modifiée le"
COLUMN_FILE = "Fichier"
SEARCH_PLACEHOLDER = "Rechercher par numéro, destinataire ou montant"
SEARCH_ACCESSIBLE = "Rechercher une facture"
FILTER_ACTIVE = "Filtre : {label}"
LIST_EMPTY = "Aucune facture pour l'instant."
LIST_ACCESSIBLE = "Liste des factures"

# Deposit form.
FORM_TITLE = "Dépôt de la facture"
FORM_NO_INVOICE = "Sélectionnez une facture dans la liste ou déposez un PDF."
FIELD_PROFILE = "Fournisseur (profil)"
PROFILE_NONE = "(choisir le profil fournisseur)"
CONFIRM_SUPPLIER = "Confirmer le fournisseur"
CONFIRM_SUPPLIER_TIP = (
    "L'émetteur imprimé sur la facture est bien la société de ce profil (nom commercial, ancien SIRET…) : "
    "la facture pourra être déposée. Sinon, choisissez le profil de son émetteur.")
ISSUER_PROFILE = "Créer le profil de cet émetteur"
ISSUER_PROFILE_TIP = ("Crée le profil fournisseur de {issuer} avec ce que la facture montre (nom, SIRET, n° de "
                      "TVA, IBAN) et y range la facture. Ajoutez ensuite ses accès Chorus Pro dans les Paramètres.")
ISSUER_PROFILE_CREATED = "Profil « {name} » créé depuis la facture : ajoutez ses accès Chorus Pro dans les Paramètres."
FIELD_CADRE = "Cadre de facturation"
FIELD_DESTINATAIRE = "SIRET du destinataire"
FIELD_SERVICE = "Code service"
FIELD_ENGAGEMENT = "Numéro d'engagement"
FIELD_MARCHE = "Numéro de marché"
FIELD_NUMERO = "Numéro de facture"
FIELD_DATE = "Date de facture"
FIELD_DEVISE = "Devise"
FIELD_TYPE_FACTURE = "Type"
FIELD_ORIGINE = "Facture d'origine"
FIELD_TYPE_TVA = "Type de TVA"
FIELD_MODE_PAIEMENT = "Mode de règlement"
FIELD_HT = "Montant HT"
FIELD_TVA = "Montant TVA"
FIELD_TTC = "Montant TTC"
FIELD_A_PAYER = "Net à payer"
FIELD_LIGNES_TVA = "Lignes de TVA"
FIELD_PIECES = "Pièces jointes"
FIELD_COMMENTAIRE = "Commentaire"
SERVICE_NONE = "(aucun code service)"
SERVICE_UNKNOWN_RECIPIENT = "Destinataire non trouvé : saisissez le code service à la main."
RECIPIENT_FOUND = "{name}"
VAT_COL_RATE = "Taux (%)"
VAT_COL_BASE = "Base HT"
VAT_COL_AMOUNT = "Montant TVA"
ATTACHMENT_MAIN = "Pièce principale : {name}"
ATTACHMENT_ADD = "Ajouter une pièce jointe..."
ATTACHMENT_REMOVE = "Retirer la pièce jointe sélectionnée"
ATTACHMENT_DIALOG = "Choisir une pièce jointe"
LOW_CONFIDENCE = "Valeur lue avec peu de certitude : vérifiez-la."
PROBLEM_BLOCKING_PREFIX = "Bloquant : {message}"
PROBLEM_WARNING_PREFIX = "À vérifier : {message}"
PROBLEMS_SUMMARY_BLOCKING = "{count} problème(s) bloquant(s) empêchent l'envoi."
PROBLEMS_SUMMARY_WARNINGS = "{count} point(s) à vérifier avant l'envoi."
PROBLEMS_SUMMARY_OK = "Prête à être envoyée."
SEND_BUTTON = "Envoyer à Chorus Pro"
SAVE_DRAFT_BUTTON = "Enregistrer le brouillon"
DRAFT_SAVED = "Brouillon enregistré."
FORM_READ_ONLY = "Cette facture a déjà été envoyée : le dépôt ne peut plus être modifié."
FORM_STATE = "Statut : {state}."
FORM_STATE_COMMENT = "Statut : {state}. Commentaire du destinataire : « {comment} »"

TYPE_FACTURE_LABELS = {"FACTURE": "Facture", "AVOIR": "Avoir"}
TYPE_TVA_LABELS = {
    "TVA_SUR_DEBIT": "TVA sur les débits",
    "TVA_SUR_ENCAISSEMENT": "TVA sur les encaissements",
    "EXONERATION": "Exonération",
    "SANS_TVA": "Sans TVA",
}
MODE_PAIEMENT_LABELS = {
    "VIREMENT": "Virement",
    "CHEQUE": "Chèque",
    "PRELEVEMENT": "Prélèvement",
    "ESPECE": "Espèces",
    "REPORT": "Report",
    "AUTRE": "Autre",
}

# Preview.
PREVIEW_EMPTY = "Aperçu de la facture"
PREVIEW_LOADING = "Chargement de l'aperçu..."
PREVIEW_FAILED = "L'aperçu de ce PDF n'a pas pu être affiché."
PREVIEW_PAGE = "Page {page} sur {count}"
PREVIEW_PREVIOUS = "Page précédente"
PREVIEW_NEXT = "Page suivante"

# Sending.
SEND_CONFIRM_TITLE = "Envoyer à Chorus Pro"
SEND_CONFIRM_INTRO = "Vérifiez le récapitulatif avant l'envoi :"
SEND_CONFIRM_QUESTION = "Envoyer cette facture à Chorus Pro ?"
SEND_CONFIRM_DEMO = "Mode démonstration : la facture est envoyée au simulateur local."
RECAP_NUMBER = "Numéro"
RECAP_RECIPIENT = "Destinataire"
RECAP_HT = "Montant HT"
RECAP_TVA = "Montant TVA"
RECAP_TTC = "Montant TTC"
RECAP_NET = "Net à payer"
SEND_CONFIRM_BUTTON = "Envoyer"
SEND_IN_PROGRESS = "Envoi à Chorus Pro en cours..."
SEND_SUCCESS = "La facture {number} a été déposée sur Chorus Pro (numéro Chorus Pro : {chorus_id})."
SEND_FAILURE = "La facture {number} n'a pas été déposée : {reason}"
SEND_RESULT_TITLE = "Résultat de l'envoi"
BATCH_TITLE = "Envoyer les factures prêtes"
BATCH_INTRO = "{count} facture(s) prête(s) à être envoyée(s), pour un total TTC de {total}."
BATCH_NONE = "Aucune facture n'est prête à être envoyée."
BATCH_CHECKING = "Vérification des destinataires auprès de Chorus Pro..."
BATCH_PROGRESS = "Envoi {done} sur {count}..."
BATCH_DONE = "{ok} facture(s) déposée(s), {failed} en échec."
BATCH_COL_NUMBER = "Numéro"
BATCH_COL_RESULT = "Résultat"
BATCH_RESULT_OK = "Déposée"
CLOSE = "Fermer"
CANCEL = "Annuler"

# Following.
SYNC_RUNNING = "Actualisation des statuts auprès de Chorus Pro..."
SYNC_DONE = "Statuts actualisés : {changed} changement(s)."
SYNC_FAILED = "Les statuts n'ont pas pu être actualisés : {reason}"
NOTIFY_TITLE = "Facture {number}"
NOTIFY_STATE = "La facture {number} est maintenant « {state} »."
NOTIFY_STATE_COMMENT = "La facture {number} est maintenant « {state} » : {comment}"
HISTORY_TITLE = "Historique de la facture {number}"
HISTORY_COL_DATE = "Date"
HISTORY_COL_STATE = "Statut"
HISTORY_COL_COMMENT = "Commentaire du destinataire"
HISTORY_EMPTY = "Aucun changement de statut pour l'instant."

# Settings.
SETTINGS_TITLE = "Paramètres"
SETTINGS_PROFILES = "Profils fournisseur"
SETTINGS_PROFILE = "Profil"
SETTINGS_PROFILE_NEW = "Nouveau profil"
SETTINGS_PROFILE_NAME = "Nom du profil"
SETTINGS_SUPPLIER_SIRET = "SIRET du fournisseur"
SETTINGS_ENVIRONMENT = "Environnement"
SETTINGS_ENV_QUALIFICATION = "Qualification (essais)"
SETTINGS_ENV_PRODUCTION = "Production"
SETTINGS_CREDENTIALS = "Identifiants de connexion (gardés dans le trousseau du système)"
SETTINGS_CLIENT_ID = "Client ID (PISTE)"
SETTINGS_CLIENT_SECRET = "Client secret (PISTE)"
SETTINGS_TECH_LOGIN = "Compte technique Chorus Pro"
SETTINGS_TECH_PASSWORD = "Mot de passe du compte technique"
SETTINGS_SECRET_KEPT = "(enregistré — laisser vide pour ne pas changer)"
SETTINGS_DEFAULTS = "Valeurs par défaut"
SETTINGS_TEST = "Tester la connexion"
SETTINGS_TESTING = "Test de la connexion en cours..."
SETTINGS_STEP_OK = "Réussi — {step} : {detail}"
SETTINGS_STEP_WARNING = "Attention — {step} : {detail}"
SETTINGS_STEP_FAILED = "Échec — {step} : {detail}"
SETTINGS_STEP_SKIPPED = "Non vérifié — {step} (une étape précédente a échoué)"
SETTINGS_SAVED = "Paramètres enregistrés."
SETTINGS_SAVE = "Enregistrer"
SETTINGS_NEED_NAME = "Donnez un nom au profil."

# Errors.
ERROR_TITLE = "Erreur"
UNEXPECTED_ERROR_TITLE = "Erreur inattendue"
UNEXPECTED_ERROR = (
    "Une erreur inattendue s'est produite. L'application reste utilisable ; si le problème se répète, "
    "transmettez le détail ci-dessous au support."
)
NO_PROFILE = "Aucun profil fournisseur : ouvrez les Paramètres pour en créer un."

# -- Directory search in the SIRET destinataire field (issue 14) -----------------------------------------------
BUYER_SEARCH_PLACEHOLDER = "SIRET, ou nom, ville, code postal de la structure publique"
BUYER_SEARCH_TIP = ("Tapez le SIRET, ou le nom, la ville ou le code postal de l'acheteur public : "
                    "l'annuaire de Chorus Pro propose les structures correspondantes.")
BUYER_ITEM = "{name} – {siret}"
BUYER_ITEM_PLACE = "{name} – {siret} – {place}"
BUYER_NEEDS_SERVICE = "code service obligatoire"
BUYER_NEEDS_ENGAGEMENT = "numéro d'engagement obligatoire"
BUYER_NEEDS_ONE = "code service ou numéro d'engagement obligatoire"
BUYER_NEEDS_NOTHING = "ni code service ni numéro d'engagement exigé"
BUYER_REQUIREMENTS = "Exige : {needs}"
BUYER_SEARCH_NONE = "Aucune structure publique trouvée pour « {text} »."
BUYER_SEARCH_FAILED = "Recherche dans l'annuaire Chorus Pro impossible : {reason}"

# -- First-run assistant (issue 14) ---------------------------------------------------------------------------
ACTION_FIRST_RUN = "Assistant de &démarrage..."
# The assistant's own texts: gui/first_run_messages.py.

# -- The demo's « Essayez » panel (issue 14) ------------------------------------------------------------------
TRY_TITLE = "Essayez"
TRY_TEXT = ("la facture exemple est prête à envoyer. Le simulateur connaît ces destinataires : tapez leur nom ou "
            "leur SIRET dans « SIRET destinataire » pour voir ce que Chorus Pro exige de chacun.")
TRY_RECIPIENT = "{name} — SIRET {siret} — {needs}"
TRY_CLOSE = "Masquer ce panneau"

# -- Export of the list (issue 14) ------------------------------------------------------------------------------
ACTION_EXPORT = "&Exporter la liste..."
EXPORT_DIALOG = "Exporter la liste des factures"
EXPORT_DEFAULT_NAME = "factures.csv"
EXPORT_FILTER = "Fichier CSV pour tableur (*.csv)"
EXPORT_DONE = "{count} facture(s) exportée(s) dans « {name} »."

# -- What was learned: layouts and routings (issue 12) ---------------------------------------------------------
LEARNED_MODEL = "Modèle appris sur la facture n° {number}"
LEARNED_MODEL_TIP = ("Cette facture a été lue avec le modèle de ce fournisseur appris quand vous avez validé la "
                     "facture n° {number} : les champs marqués « Modèle appris » ont été lus à l'emplacement appris. "
                     "Vérifiez-les comme les autres.")
LEARNED_BADGE = "Modèle appris"
LEARNED_BADGE_TIP = "Valeur lue à l'emplacement appris sur la facture n° {number}."
REMEMBERED_BADGE = "Routage mémorisé"
REMEMBERED_BADGE_TIP = ("Valeur reprise de la facture n° {number}, validée pour le même acheteur. Changez-la si "
                        "cette facture doit aller ailleurs.")
ACTION_LEARNED = "&Modèles appris..."
LEARNED_TITLE = "Modèles appris"
LEARNED_INTRO = ("Quand vous validez ou déposez une facture, l'application retient où ce fournisseur imprime "
                 "chaque champ (son modèle) et le routage choisi pour l'acheteur. Oubliez un modèle ou un routage "
                 "qui ne convient plus : les factures déjà importées ne changent pas.")
LEARNED_LAYOUTS = "Modèles de factures des fournisseurs"
LEARNED_ROUTINGS = "Routages mémorisés des acheteurs"
LEARNED_LAYOUT_HEADERS = ("Profil", "Émetteur", "Appris sur la facture n°", "Champs appris", "Utilisé", "")
LEARNED_ROUTING_HEADERS = ("Profil", "Acheteur", "Appris sur la facture n°", "Routage", "")
LEARNED_USES = "{count} fois"
LEARNED_NONE_LAYOUT = "Aucun modèle appris pour l'instant."
LEARNED_NONE_ROUTING = "Aucun routage mémorisé pour l'instant."
LEARNED_UNKNOWN = "—"
LEARNED_NO_PROFILE = "Sans profil"
LEARNED_BUYER_HEADER = "Acheteur identifié par l'en-tête de la facture"
FORGET = "Oublier"
FORGET_LAYOUT_TIP = "Oublier le modèle appris sur la facture n° {number}"
FORGET_ROUTING_TIP = "Oublier le routage mémorisé pour « {buyer} »"
FORGOTTEN_LAYOUT = "Modèle oublié : les prochaines factures de ce fournisseur seront lues sans lui."
FORGOTTEN_ROUTING = "Routage oublié : les prochaines factures de cet acheteur ne le reprendront plus."
# -- The « À traiter » desk (issue 16) --------------------------------------------------------------------------
ACTION_RETURNS = "Factures « À &traiter »..."
RETURNS_TITLE = "À traiter — factures renvoyées par Chorus Pro"
RETURNS_INTRO = ("Les factures renvoyées par leur destinataire, les plus anciennes d'abord, puis celles payées en "
                 "retard. Chaque ligne propose l'action qui convient.")
RETURNS_EMPTY = "Aucune facture à traiter."
RETURNS_COLUMNS = ("N° de facture", "Statut", "Depuis", "Motif du destinataire", "Ce que cela veut dire",
                   "Échéance", "Action")
RETURNS_REFRESH = "Actualiser"
RETURNS_CLOSE = "Fermer"
RETURNS_LOADING = "Chargement..."
RETURNS_WORKING = "Envoi à Chorus Pro en cours..."
RETURNS_DUE_SUSPENDED = " (délai suspendu)"
RETURNS_LATE = "En retard de {days} jour{s}"
RETURNS_ACTIONS = {"recycle": "Recycler", "complete": "Compléter", "credit-note": "Traiter le rejet",
                   "claim-interest": "Réclamer les intérêts moratoires"}
RETURNS_ACTION_ACCESSIBLE = "{action} la facture {number}"
RETURNS_RECYCLED = "Facture {number} recyclée sur Chorus Pro (même numéro) : « {state} »."
RETURNS_COMPLETED = "Facture {number} complétée sur Chorus Pro : « {state} » ; le délai de paiement reprend."
RETURNS_REJECTION_HANDLED = "Rejet traité sur Chorus Pro."
RETURNS_CREDIT_NOTE = "Rejet traité sur Chorus Pro. Avoir rédigé : n° {number} (non déposé sur Chorus Pro)."
RETURNS_DUPLICATED = "Nouvelle facture n° {number} créée à partir de la facture rejetée : elle est dans la liste."
RETURNS_CLAIM_FILE = "reclamation-interets-{number}.pdf"
RETURNS_CLAIM_DIALOG = "Enregistrer le courrier de réclamation des intérêts moratoires"
RETURNS_CLAIM_FILTER = "Document PDF (*.pdf)"
RETURNS_CLAIM_WRITTEN = "Courrier de réclamation des intérêts moratoires enregistré : « {name} »."
RECYCLE_TITLE = "Recycler la facture {number}"
RECYCLE_TEXT = ("La facture est renvoyée à Chorus Pro sous le même numéro ; seul l'acheminement se corrige. "
                "Motif du destinataire : « {comment} »")
RECYCLE_RECIPIENT = "SIRET destinataire"
RECYCLE_SERVICE = "Code service"
RECYCLE_ENGAGEMENT = "Numéro d'engagement"
RECYCLE_NUMBER = "N° de facture (inchangé)"
RECYCLE_BUTTON = "Recycler"
CANCEL_BUTTON = "Annuler"
COMPLETE_TITLE = "Compléter la facture {number}"
COMPLETE_TEXT = "Ajoutez les pièces demandées par le destinataire (ou déposez-les ici). Motif : « {comment} »"
COMPLETE_ADD = "Ajouter des pièces..."
COMPLETE_REMOVE = "Retirer"
COMPLETE_COMMENT = "Commentaire pour le destinataire"
COMPLETE_BUTTON = "Compléter"
COMPLETE_FILES_DIALOG = "Pièces à joindre"
COMPLETE_FILES_FILTER = "Pièces jointes (*.pdf *.jpg *.jpeg *.png *.odt *.doc *.docx *.xls *.xlsx *.csv *.txt *.xml)"
REJECTION_CONFIRM_TITLE = "Traiter le rejet"
REJECTION_CONFIRM = ("Le rejet de la facture {number} est définitif. Traiter le rejet sur Chorus Pro puis rédiger "
                     "l'avoir qui l'annule dans vos comptes (pour le montant total, non déposé) ?")
REJECTION_DONE_TITLE = "Rejet traité"
DUPLICATE_BUTTON = "Dupliquer sous un nouveau numéro"
# -- Restoring the database at launch, read-only store, logs (issue 13) -----------------------------------------
RESTORE_TITLE = "Restaurer la base de données"
RESTORE_OFFER = ("La base de données ne peut pas être ouverte :\n\n{reason}\n\nChorus Desktop peut la remplacer "
                 "par sa dernière sauvegarde, du {when} ({size} Ko). La base actuelle est conservée à part dans "
                 "le dossier des sauvegardes, rien n'est supprimé.")
RESTORE_BUTTON = "Restaurer la sauvegarde"
RESTORE_QUIT = "Quitter"
RESTORE_NONE = ("La base de données ne peut pas être ouverte :\n\n{reason}\n\nAucune sauvegarde utilisable n'a été "
                "trouvée. L'application va se fermer ; vos documents n'ont pas été touchés.")
RESTORE_FAILED = "La restauration n'a pas abouti :\n\n{reason}\n\nL'application va se fermer ; rien n'a été supprimé."
RESTORE_DONE = "La sauvegarde du {when} a été restaurée : {invoices} facture(s)."
RESTORE_KEPT = "L'ancienne base est conservée dans « {path} »."
RESTORE_UNCLAIMED = ("{count} PDF importé(s) après cette sauvegarde ne figure(nt) plus dans la liste : "
                     "importez-les à nouveau (dossier « {folder} »).")
RESTORE_MISSING_PDF = "{count} facture(s) n'ont plus leur PDF dans le dossier des documents."
RESTORE_CHECK_FAILED = "Le contrôle d'intégrité de la base restaurée a signalé un problème."
STORE_UNAVAILABLE = "Chorus Desktop ne peut pas démarrer :\n\n{reason}"
READ_ONLY_BANNER = ("Lecture seule : le dossier des données n'accepte pas l'écriture. Vous pouvez consulter vos "
                    "factures ; l'import, l'enregistrement et l'envoi sont désactivés.")
ACTION_OPEN_LOGS = "Ouvrir le dossier des &journaux"
ACTION_LAST_ERRORS = "&Dernières erreurs..."
LAST_ERRORS_TITLE = "Dernières erreurs du journal"
LAST_ERRORS_NONE = "Aucune erreur dans le journal."
LAST_ERRORS_INTRO = "Les dernières erreurs notées dans le journal (dossier « {folder} ») :"
LOGS_NOT_OPENED = "Le dossier des journaux « {folder} » n'a pas pu être ouvert."
