using System.Diagnostics.CodeAnalysis;
using Identity.Tokens.Results;

namespace Identity.Verifier.Oid4Vp;

/// <summary>The outcome of processing a <c>direct_post</c> response: one verified credential per credential query id, or an error.</summary>
public sealed class PresentationResponseResult
{
    private PresentationResponseResult() { }

    /// <summary>True when every credential query was answered by a valid presentation disclosing every requested claim.</summary>
    [MemberNotNullWhen(true, nameof(Credentials))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    /// <summary>Why the response was refused; <see cref="TokenError.SpecError"/> is the OpenID4VP error to return to the wallet.</summary>
    public TokenError? Error { get; private init; }

    /// <summary>The request this response answered, when its state was known.</summary>
    public PresentationRequest? Request { get; private init; }

    /// <summary>The verified credentials, keyed by credential query id.</summary>
    public IReadOnlyDictionary<string, VerificationResult>? Credentials { get; private init; }

    internal static PresentationResponseResult Failure(TokenError error, PresentationRequest? request = null) => new() { Error = error, Request = request };

    internal static PresentationResponseResult Success(PresentationRequest request, IReadOnlyDictionary<string, VerificationResult> credentials) =>
        new() { Request = request, Credentials = credentials };
}
