using System.Text.Json.Nodes;

namespace Identity.Issuer.Oid4Vci.Metadata;

/// <summary>
/// The one credential this issuer offers: the identity attestation, an SD-JWT VC (<c>dc+sd-jwt</c>). Names and labels in French
/// first, then English (design rule "French first").
/// </summary>
internal static class IdentityCredentialType
{
    /// <summary>Key in <c>credential_configurations_supported</c> (OpenID4VCI §12.2.4).</summary>
    public const string ConfigurationId = "identity_sd_jwt";

    /// <summary>OAuth scope a wallet asks for in the authorization code flow (§5.1.2).</summary>
    public const string Scope = "identity_credential";

    /// <summary>Last segment of the <c>vct</c> URL, served with the type metadata.</summary>
    public const string TypeName = "identity";

    public const string Format = "dc+sd-jwt";

    /// <summary>Claims with their French and English labels, in display order; nested paths are address parts.</summary>
    public static readonly IReadOnlyList<(string[] Path, string French, string English)> Claims =
    [
        (["given_name"], "Prénom", "Given name"),
        (["family_name"], "Nom de famille", "Family name"),
        (["birthdate"], "Date de naissance", "Date of birth"),
        (["age_over_18"], "18 ans ou plus", "18 or older"),
        (["age_over_19"], "19 ans ou plus", "19 or older"),
        (["age_over_65"], "65 ans ou plus", "65 or older"),
        (["address"], "Adresse", "Address"),
        (["address", "street_address"], "Numéro et rue", "Street address"),
        (["address", "locality"], "Ville", "City"),
        (["address", "region"], "Province", "Province"),
        (["address", "postal_code"], "Code postal", "Postal code"),
        (["address", "country"], "Pays", "Country"),
    ];

    // French typography as on the citizen pages (docs/issuer-login.md): ’, narrow no-break space before ;
    public const string NameFr = "Attestation d’identité";
    public const string NameEn = "Identity attestation";
    public const string DescriptionFr = "Attestation d’identité numérique délivrée par le gouvernement du Québec\u202F; chaque renseignement se divulgue séparément.";
    public const string DescriptionEn = "Digital identity attestation issued by the Government of Québec; each item can be disclosed on its own.";

    /// <summary>§12.2.4: one entry of <c>credential_configurations_supported</c>.</summary>
    public static JsonObject Configuration(Oid4VciUrls urls) => new()
    {
        ["format"] = Format,
        ["scope"] = Scope,
        ["vct"] = urls.Vct(TypeName),
        ["cryptographic_binding_methods_supported"] = new JsonArray("jwk"),
        ["credential_signing_alg_values_supported"] = new JsonArray("ES256"),
        ["proof_types_supported"] = new JsonObject
        {
            ["jwt"] = new JsonObject { ["proof_signing_alg_values_supported"] = new JsonArray("ES256", "EdDSA") },
        },
        ["credential_metadata"] = new JsonObject
        {
            ["display"] = new JsonArray(
                new JsonObject { ["name"] = NameFr, ["locale"] = "fr-CA", ["description"] = DescriptionFr },
                new JsonObject { ["name"] = NameEn, ["locale"] = "en-CA", ["description"] = DescriptionEn }),
            ["claims"] = new JsonArray([.. Claims.Select(c => (JsonNode)new JsonObject
            {
                ["path"] = new JsonArray([.. c.Path.Select(p => (JsonNode)p)]),
                ["display"] = new JsonArray(
                    new JsonObject { ["name"] = c.French, ["locale"] = "fr-CA" },
                    new JsonObject { ["name"] = c.English, ["locale"] = "en-CA" }),
            })]),
        },
    };

    /// <summary>SD-JWT VC type metadata (draft-ietf-oauth-sd-jwt-vc §6): what the <c>vct</c> URL returns.</summary>
    public static JsonObject TypeMetadata(Oid4VciUrls urls) => new()
    {
        ["vct"] = urls.Vct(TypeName),
        ["name"] = NameFr,
        ["description"] = DescriptionFr,
        ["display"] = new JsonArray(
            new JsonObject { ["locale"] = "fr-CA", ["name"] = NameFr, ["description"] = DescriptionFr },
            new JsonObject { ["locale"] = "en-CA", ["name"] = NameEn, ["description"] = DescriptionEn }),
        ["claims"] = new JsonArray([.. Claims.Select(c => (JsonNode)new JsonObject
        {
            ["path"] = new JsonArray([.. c.Path.Select(p => (JsonNode)p)]),
            ["display"] = new JsonArray(
                new JsonObject { ["locale"] = "fr-CA", ["label"] = c.French },
                new JsonObject { ["locale"] = "en-CA", ["label"] = c.English }),
            // Every personal claim is issued as its own disclosure.
            ["sd"] = "always",
        })]),
    };
}
