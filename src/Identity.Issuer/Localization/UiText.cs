namespace Identity.Issuer.Localization;

/// <summary>Texts of the citizen pages in French and English. Keys are stable; the browser tests rely on ids, not texts.</summary>
internal static class UiText
{
    // French typography (OQLF): typographic apostrophe ’, no-break space (U+00A0) before a colon and inside « guillemets », narrow
    // no-break space (U+202F) before ; ! ? — so that a line never starts with a lone punctuation mark.
    private static readonly Dictionary<string, (string Fr, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["site.title"] = ("Identité numérique du Québec (démonstration)", "Québec digital identity (demonstration)"),
        ["site.skip"] = ("Aller au contenu", "Skip to content"),
        ["lang.switch"] = ("English", "Français"),
        ["login.title"] = ("Connexion", "Sign in"),
        ["login.intro"] = ("Connectez-vous avec votre identité numérique.", "Sign in with your digital identity."),
        ["login.username"] = ("Nom d’utilisateur", "Username"),
        ["login.password"] = ("Mot de passe", "Password"),
        ["login.submit"] = ("Se connecter", "Sign in"),
        ["login.invalid"] = ("Nom d’utilisateur ou mot de passe incorrect.", "Incorrect username or password."),
        ["login.locked"] = ("Trop de tentatives de connexion. Réessayez dans 15\u00A0minutes.", "Too many sign-in attempts. Try again in 15 minutes."),
        ["login.unavailable"] = ("Le service de connexion est momentanément indisponible. Réessayez dans quelques minutes.", "Sign-in is temporarily unavailable. Try again in a few minutes."),
        ["login.missing"] = ("Entrez votre nom d’utilisateur et votre mot de passe.", "Enter your username and password."),
        ["login.error.prefix"] = ("Erreur\u00A0:", "Error:"),
        ["consent.title"] = ("Autoriser le partage de vos renseignements", "Allow sharing of your information"),
        ["consent.intro"] = ("Le service suivant demande à recevoir ces renseignements\u00A0:", "The following service asks to receive this information:"),
        ["consent.identifier"] = ("Un identifiant propre à ce groupe de services (il ne permet pas de vous suivre ailleurs)", "An identifier specific to this group of services (it cannot be used to track you elsewhere)"),
        ["consent.level"] = ("Le niveau de confiance de votre identité", "The assurance level of your identity"),
        ["consent.accept"] = ("Accepter et continuer", "Accept and continue"),
        ["consent.deny"] = ("Refuser", "Refuse"),
        ["consent.note"] = ("Si vous refusez, aucun renseignement n’est transmis.", "If you refuse, no information is shared."),
        ["consent.attestation.title"] = ("Votre attestation d’identité", "Your identity attestation"),
        ["consent.attestation.intro"] = (
            "Ces renseignements seront inscrits dans une attestation d’identité conservée dans votre portefeuille numérique\u00A0:",
            "This information will be written into an identity attestation kept in your digital wallet:"),
        ["consent.attestation.note"] = (
            "Chaque renseignement de l’attestation se montre séparément\u00A0: c’est vous qui choisirez ceux que vous montrerez à chaque service.",
            "Each item of the attestation is shown on its own: you will choose which ones each service sees."),
        ["claim.given_name"] = ("Votre prénom", "Your given name"),
        ["claim.family_name"] = ("Votre nom de famille", "Your family name"),
        ["claim.birthdate"] = ("Votre date de naissance", "Your date of birth"),
        ["claim.age_over_18"] = ("Si vous avez 18\u00A0ans ou plus (oui ou non)", "Whether you are 18 or older (yes or no)"),
        ["claim.age_over_19"] = ("Si vous avez 19\u00A0ans ou plus (oui ou non)", "Whether you are 19 or older (yes or no)"),
        ["claim.age_over_65"] = ("Si vous avez 65\u00A0ans ou plus (oui ou non)", "Whether you are 65 or older (yes or no)"),
        ["claim.address"] = ("Votre adresse postale", "Your postal address"),
        ["claim.address.street_address"] = ("Votre numéro et votre rue", "Your street address"),
        ["claim.address.locality"] = ("Votre ville", "Your city"),
        ["claim.address.region"] = ("Votre province", "Your province"),
        ["claim.address.postal_code"] = ("Votre code postal", "Your postal code"),
        ["claim.address.country"] = ("Votre pays", "Your country"),
        ["claim.email"] = ("Votre adresse courriel", "Your email address"),
        ["claim.email_verified"] = ("Le fait que votre adresse courriel a été vérifiée", "Whether your email address was verified"),
        ["claim.offline_access"] = ("Garder l’accès quand vous n’êtes plus connecté", "Keep access when you are signed out"),
        ["logout.title"] = ("Déconnexion", "Sign out"),
        ["logout.question"] = ("Voulez-vous vous déconnecter\u202F?", "Do you want to sign out?"),
        ["logout.confirm"] = ("Me déconnecter", "Sign me out"),
        ["logout.done"] = ("Vous êtes déconnecté.", "You are signed out."),
        ["error.title"] = ("Une erreur est survenue", "An error occurred"),
        ["error.intro"] = ("La demande n’a pas pu être traitée. Retournez au service et réessayez.", "The request could not be processed. Go back to the service and try again."),
        ["error.code"] = ("Code d’erreur\u00A0:", "Error code:"),
        ["home.title"] = ("Identité numérique", "Digital identity"),
        ["home.signedin"] = ("Vous êtes connecté.", "You are signed in."),
        ["home.signedout"] = ("Vous n’êtes pas connecté.", "You are not signed in."),
        ["home.intro"] = (
            "Connectez-vous aux services gouvernementaux et obtenez une attestation d’identité pour votre portefeuille numérique.",
            "Sign in to government services and get an identity attestation for your digital wallet."),
        ["nav.label"] = ("Navigation principale", "Main navigation"),
        ["nav.home"] = ("Accueil", "Home"),
        ["nav.attestations"] = ("Mes attestations", "My attestations"),
        ["nav.login"] = ("Se connecter", "Sign in"),
        ["nav.logout"] = ("Se déconnecter", "Sign out"),
        ["error.back"] = ("Retourner à l’accueil", "Back to the home page"),
        ["error.explain.invalid_request"] = (
            "La demande du service est incomplète ou mal formée. Retournez au service et recommencez.",
            "The service’s request is incomplete or malformed. Go back to the service and start again."),
        ["error.explain.invalid_client"] = (
            "Le service qui vous a envoyé ici n’est pas reconnu.",
            "The service that sent you here is not recognized."),
        ["error.explain.unauthorized_client"] = (
            "Ce service n’a pas le droit de faire cette demande.",
            "This service is not allowed to make this request."),
        ["error.explain.invalid_scope"] = (
            "Le service demande des renseignements qu’il n’a pas le droit de recevoir.",
            "The service asks for information it may not receive."),
        ["error.explain.invalid_grant"] = (
            "Ce lien a déjà servi ou a expiré. Retournez au service et recommencez.",
            "This link was already used or has expired. Go back to the service and start again."),
        ["error.explain.invalid_token"] = (
            "Ce lien a déjà servi ou a expiré. Retournez au service et recommencez.",
            "This link was already used or has expired. Go back to the service and start again."),
        ["error.explain.invalid_request_uri"] = (
            "Ce lien a déjà servi ou a expiré. Retournez au service et recommencez.",
            "This link was already used or has expired. Go back to the service and start again."),
        ["error.explain.access_denied"] = (
            "Vous avez refusé de partager vos renseignements. Aucun renseignement n’a été transmis.",
            "You refused to share your information. Nothing was shared."),
        ["error.explain.login_required"] = (
            "Vous devez vous connecter pour continuer.",
            "You need to sign in to continue."),
        ["error.explain.consent_required"] = (
            "Votre accord est nécessaire pour continuer.",
            "Your consent is needed to continue."),
        ["error.explain.temporarily_unavailable"] = (
            "Le service est momentanément indisponible. Réessayez dans quelques minutes.",
            "The service is temporarily unavailable. Try again in a few minutes."),
        ["error.explain.server_error"] = (
            "Une erreur imprévue est survenue de notre côté. Réessayez plus tard.",
            "An unexpected error occurred on our side. Try again later."),
        ["error.explain.other"] = (
            "La demande n’a pas pu être traitée. Retournez au service et réessayez.",
            "The request could not be processed. Go back to the service and try again."),
    };

    /// <summary>Every text key (tests check that each French text follows the typography rules above).</summary>
    public static IEnumerable<string> Keys => Texts.Keys;

    /// <summary>Whether a text exists for <paramref name="key"/>.</summary>
    public static bool Has(string key) => Texts.ContainsKey(key);

    public static string Get(string key, string language)
        => Texts.TryGetValue(key, out var text) ? (language == UiLanguage.English ? text.En : text.Fr) : key;
}
