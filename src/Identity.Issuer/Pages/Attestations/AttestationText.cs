using Identity.Issuer.Localization;

namespace Identity.Issuer.Pages.Attestations;

/// <summary>Texts of the "mes attestations" page in French and English (ids, not texts, are what the browser tests rely on).</summary>
internal static class AttestationText
{
    // French typography as in UiText: ’, no-break space before a colon, narrow no-break space before ; ! ?
    private static readonly Dictionary<string, (string Fr, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["title"] = ("Mes attestations", "My attestations"),
        ["intro"] = ("Obtenez une attestation d’identité dans votre portefeuille numérique et gérez celles que vous avez déjà.", "Get an identity attestation in your digital wallet and manage the ones you already have."),
        ["offer.heading"] = ("Obtenir une attestation d’identité", "Get an identity attestation"),
        ["offer.button"] = ("Demander une attestation d’identité", "Request an identity attestation"),
        ["offer.scan"] = ("Balayez ce code QR avec votre portefeuille numérique, ou ouvrez le lien sur cet appareil.", "Scan this QR code with your digital wallet, or open the link on this device."),
        ["offer.qr.alt"] = ("Code QR de l’offre d’attestation pour votre portefeuille", "QR code of the attestation offer for your wallet"),
        ["offer.link"] = ("Ouvrir l’offre dans mon portefeuille", "Open the offer in my wallet"),
        ["offer.txcode"] = ("Code de transaction à saisir dans votre portefeuille\u00A0:", "Transaction code to enter in your wallet:"),
        ["offer.txcode.note"] = ("Ne communiquez ce code à personne. Il est affiché séparément du code QR pour que personne d’autre ne puisse utiliser l’offre.", "Do not share this code. It is shown apart from the QR code so that nobody else can use the offer."),
        ["offer.expires"] = ("L’offre expire à", "The offer expires at"),
        ["offer.unavailable"] = ("La délivrance d’attestations n’est pas offerte pour le moment.", "Attestation issuance is not available at the moment."),
        ["list.heading"] = ("Mes attestations délivrées", "My issued attestations"),
        ["list.empty"] = ("Vous n’avez aucune attestation.", "You have no attestations."),
        ["list.issued"] = ("Délivrée le", "Issued on"),
        ["list.expires"] = ("Expire le", "Expires on"),
        ["list.status"] = ("Statut", "Status"),
        ["list.action"] = ("Action", "Action"),
        ["list.revoke"] = ("Révoquer", "Revoke"),
        ["confirm.heading"] = ("Révoquer cette attestation\u202F?", "Revoke this attestation?"),
        ["confirm.text"] = (
            "Une attestation révoquée ne peut plus servir nulle part, et cette action est définitive. Vous pourrez demander une nouvelle attestation.",
            "A revoked attestation can no longer be used anywhere, and this cannot be undone. You can ask for a new attestation."),
        ["confirm.issued"] = ("Attestation délivrée le", "Attestation issued on"),
        ["confirm.yes"] = ("Oui, révoquer", "Yes, revoke"),
        ["confirm.no"] = ("Annuler", "Cancel"),
        ["list.revoke.label"] = ("Révoquer l’attestation délivrée le", "Revoke the attestation issued on"),
        ["status.valid"] = ("Valide", "Valid"),
        ["status.revoked"] = ("Révoquée", "Revoked"),
        ["status.suspended"] = ("Suspendue", "Suspended"),
        ["status.unknown"] = ("Inconnu", "Unknown"),
        ["done.revoked"] = ("L’attestation a été révoquée. Les services qui la vérifient la verront révoquée dans les minutes qui suivent.", "The attestation was revoked. Services that verify it will see it revoked within minutes."),
        ["error"] = ("La demande n’a pas pu être traitée. Code d’erreur\u00A0:", "The request could not be processed. Error code:"),
    };

    /// <summary>Every text key (tests check the French typography of each).</summary>
    public static IEnumerable<string> Keys => Texts.Keys;

    public static string Get(string key, string language)
        => Texts.TryGetValue(key, out var text) ? (language == UiLanguage.English ? text.En : text.Fr) : key;
}
