using Microsoft.Extensions.Options;

namespace Identity.Issuer.Oid4Vci;

/// <summary>OpenID4VCI credential issuance settings (configuration section <c>Issuer:Oid4Vci</c>; see docs/issuance.md).</summary>
public sealed class Oid4VciOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Issuer:Oid4Vci";

    /// <summary>Validity of an issued credential (its <c>exp</c> minus <c>iat</c>). Default 365 days.</summary>
    public TimeSpan CredentialValidity { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Lifetime of a pre-authorized code and of its offer (OpenID4VCI §4.1.1). Default 5 minutes.</summary>
    public TimeSpan PreAuthorizedCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Digits of the transaction code. Default 6.</summary>
    public int TxCodeLength { get; set; } = 6;

    /// <summary>Wrong transaction codes accepted for one pre-authorized code before the code is dead. Default 5.</summary>
    public int MaxTxCodeAttempts { get; set; } = 5;

    /// <summary>Lifetime of a <c>c_nonce</c> from the nonce endpoint (§7). Default 5 minutes.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Oldest accepted proof <c>iat</c> (Appendix F.1); a proof more than one minute in the future is refused too. Default 5 minutes.</summary>
    public TimeSpan ProofMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most credentials (proofs) in one credential request (§12.2.4 <c>batch_credential_issuance.batch_size</c>). Default 10.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>Largest credential request body accepted, in bytes. Default 64 KiB.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;
}

internal sealed class Oid4VciOptionsValidator : IValidateOptions<Oid4VciOptions>
{
    public ValidateOptionsResult Validate(string? name, Oid4VciOptions options)
    {
        var failures = new List<string>();
        if (options.CredentialValidity <= TimeSpan.Zero)
        {
            failures.Add("Issuer:Oid4Vci:CredentialValidity must be positive (for example 365.00:00:00).");
        }

        if (options.PreAuthorizedCodeLifetime <= TimeSpan.Zero || options.PreAuthorizedCodeLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Issuer:Oid4Vci:PreAuthorizedCodeLifetime must be between 1 second and 1 hour (short-lived, OpenID4VCI §13.6).");
        }

        if (options.TxCodeLength is < 4 or > 12)
        {
            failures.Add("Issuer:Oid4Vci:TxCodeLength must be between 4 and 12 digits.");
        }

        if (options.MaxTxCodeAttempts is < 1 or > 20)
        {
            failures.Add("Issuer:Oid4Vci:MaxTxCodeAttempts must be between 1 and 20.");
        }

        if (options.NonceLifetime <= TimeSpan.Zero || options.NonceLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Issuer:Oid4Vci:NonceLifetime must be between 1 second and 1 hour.");
        }

        if (options.ProofMaxAge <= TimeSpan.Zero || options.ProofMaxAge > TimeSpan.FromHours(1))
        {
            failures.Add("Issuer:Oid4Vci:ProofMaxAge must be between 1 second and 1 hour.");
        }

        if (options.BatchSize is < 1 or > 100)
        {
            failures.Add("Issuer:Oid4Vci:BatchSize must be between 1 and 100.");
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 4 * 1024 * 1024)
        {
            failures.Add("Issuer:Oid4Vci:MaxRequestBodyBytes must be between 1024 and 4194304.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
