namespace Identity.Verifier.Jose;

/// <summary>RFC 8725 §3.1: algorithms come from the relying party's allow-list; <c>none</c> is never accepted.</summary>
internal static class AlgorithmPolicy
{
    public static bool IsAllowed(string? alg, AttestationVerifierOptions options) =>
        alg is not null && !string.Equals(alg, "none", StringComparison.OrdinalIgnoreCase) && options.AllowedAlgorithms.Contains(alg);
}
