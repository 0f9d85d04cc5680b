using System.Diagnostics.CodeAnalysis;

namespace Identity.Tokens.Results;

/// <summary>
/// Either a validated value or a <see cref="TokenError"/>. Validation returns results and never throws on
/// bad input; exceptions are reserved for bugs and misconfiguration.
/// </summary>
public readonly struct TokenResult<T>
{
    private TokenResult(T? value, TokenError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The validated value, when <see cref="IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>The error, when not <see cref="IsSuccess"/>.</summary>
    public TokenError? Error { get; }

    /// <summary>True only for a value built by <see cref="Success"/>; a default instance is a failure (fail closed).</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null && Value is not null;

    /// <summary>A successful result.</summary>
    public static TokenResult<T> Success(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>A failed result.</summary>
    public static TokenResult<T> Failure(TokenError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>A failed result.</summary>
    public static TokenResult<T> Failure(string code, string description, string? specError = null, string? detail = null)
        => new(default, new TokenError(code, description, specError, detail));

    /// <summary>Converts an error.</summary>
    public static implicit operator TokenResult<T>(TokenError error) => Failure(error);
}
