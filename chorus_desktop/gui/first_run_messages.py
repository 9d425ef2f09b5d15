"""French texts of the first-run assistant (issue 14), apart from `messages.py` to keep each module short."""

FIRST_RUN_TITLE = "Bienvenue dans Chorus Desktop"
FIRST_RUN_WELCOME = ("Chorus Desktop lit vos factures PDF, prépare leur dépôt sur Chorus Pro, les envoie et "
                     "suit leur traitement. Comment voulez-vous commencer ?")
FIRST_RUN_DEMO = "Essayer avec le simulateur"
FIRST_RUN_DEMO_TIP = ("Une démonstration complète, sans compte : un Chorus Pro simulé sur cet ordinateur, dans "
                      "une fenêtre à part et un dossier temporaire. Vos données ne sont pas touchées.")
FIRST_RUN_CONNECT = "Connecter Chorus Pro"
FIRST_RUN_CONNECT_TIP = ("Pour déposer de vraies factures : votre entreprise, une application PISTE et un compte "
                         "technique Chorus Pro. Comptez une demi-heure la première fois.")
FIRST_RUN_COMPANY_TITLE = "Votre entreprise"
FIRST_RUN_COMPANY_TEXT = ("Déposez ici une de vos factures PDF : l'entreprise qui l'a émise devient votre profil "
                          "fournisseur (nom, SIRET, TVA, IBAN lus sur la facture). Ou tapez son nom et son SIRET.")
FIRST_RUN_COMPANY_READING = "Lecture de la facture..."
FIRST_RUN_COMPANY_FROM = "Profil créé d'après « {name} »."
FIRST_RUN_PISTE_TITLE = "L'application PISTE"
FIRST_RUN_PISTE_TEXT = (
    "Chorus Pro s'utilise par API à travers PISTE, le portail des API de l'État. Sur "
    "<a href=\"https://piste.gouv.fr\">piste.gouv.fr</a> : créez un compte, puis une application "
    "(environnement « Sandbox » pour la qualification, « Production » ensuite), abonnez-la aux quatre API "
    "Chorus Pro ci-dessous et acceptez leurs conditions générales d'utilisation. PISTE vous donne alors "
    "un Client ID et un Client secret.")
FIRST_RUN_API_FACTURES = "API Chorus Pro « Factures » souscrite"
FIRST_RUN_API_STRUCTURES = "API Chorus Pro « Structures » souscrite"
FIRST_RUN_API_UTILISATEURS = "API Chorus Pro « Utilisateurs » souscrite"
FIRST_RUN_API_TRANSVERSES = "API Chorus Pro « Transverses » souscrite"
FIRST_RUN_CGU = "Conditions générales d'utilisation (CGU) acceptées sur PISTE"
FIRST_RUN_TEST_PISTE = "Vérifier l'application"
FIRST_RUN_PISTE_FAILED = ("La première étape concerne l'application PISTE : revenez à la page précédente pour "
                          "vérifier le Client ID, le Client secret et les abonnements aux API.")
FIRST_RUN_PISTE_LATER = "L'application sera testée avec le compte technique, à la page suivante."
FIRST_RUN_ACCOUNT_TITLE = "Le compte technique Chorus Pro"
FIRST_RUN_ACCOUNT_TEXT = (
    "Le compte technique est créé sur le portail Chorus Pro par le gestionnaire principal de votre structure : "
    "espace « Raccordement API » (ou « Connexion API »), demande de raccordement en mode API, puis création du "
    "compte technique (un identifiant TECH_…@cpro.fr et son mot de passe). Son mot de passe expire au bout de "
    "424 jours : Chorus Desktop vous préviendra.")
FIRST_RUN_TEST_ACCOUNT = "Tester la connexion"
FIRST_RUN_EXPIRY = "Le mot de passe du compte technique expire le {when}."
FIRST_RUN_EXPIRY_UNKNOWN = "Date d'expiration du mot de passe inconnue : vérifiez-la sur le portail Chorus Pro."
FIRST_RUN_ALL_GOOD = "Connexion réussie : vous pouvez déposer vos factures."
FIRST_RUN_FIX = "Corrigez ce qui a échoué, puis testez de nouveau."
FIRST_RUN_NEED_COMPANY = "Donnez le nom et le SIRET (14 chiffres) de votre entreprise."
FIRST_RUN_DEFAULT_NAME = "Mon entreprise"
FIRST_RUN_PDF_FILTER = "Factures PDF (*.pdf)"
