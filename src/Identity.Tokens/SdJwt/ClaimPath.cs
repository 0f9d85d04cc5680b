using System.Text;
using System.Text.Json;

namespace Identity.Tokens.SdJwt;

/// <summary>
/// A path to a claim in a (processed) SD-JWT payload: object member names (strings) and array indexes (integers),
/// in the style of the claims path pointers of OpenID4VP DCQL and SD-JWT VC type metadata.
/// </summary>
/// <example><c>ClaimPath.Of("address", "street_address")</c>, <c>ClaimPath.Of("nationalities", 0)</c>.</example>
public sealed class ClaimPath : IEquatable<ClaimPath>
{
    private readonly object[] _segments;
    private System.Collections.ObjectModel.ReadOnlyCollection<object>? _readOnly;

    private ClaimPath(object[] segments) => _segments = segments;

    /// <summary>The empty path: the payload itself.</summary>
    public static ClaimPath Root { get; } = new([]);

    /// <summary>Segments: <see cref="string"/> for object members, <see cref="int"/> for array indexes.</summary>
    public IReadOnlyList<object> Segments => _readOnly ??= Array.AsReadOnly(_segments);

    /// <summary>Number of segments.</summary>
    public int Count => _segments.Length;

    /// <summary>Builds a path from strings (member names) and non-negative integers (array indexes).</summary>
    public static ClaimPath Of(params object[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        foreach (var segment in segments)
        {
            if (segment is not (string or int) || segment is int and < 0)
            {
                throw new ArgumentException("A claim path segment is a member name (string) or a non-negative array index (int).", nameof(segments));
            }
        }

        return new((object[])segments.Clone());
    }

    /// <summary>This path followed by an object member.</summary>
    public ClaimPath Property(string name) => new([.. _segments, name]);

    /// <summary>This path followed by an array index.</summary>
    public ClaimPath Element(int index) => new([.. _segments, index]);

    /// <summary>True when this path equals <paramref name="other"/> or is one of its ancestors.</summary>
    public bool IsPrefixOf(ClaimPath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._segments.Length < _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            if (!_segments[i].Equals(other._segments[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public bool Equals(ClaimPath? other) => other is not null && other._segments.Length == _segments.Length && IsPrefixOf(other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ClaimPath other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var segment in _segments)
        {
            hash.Add(segment);
        }

        return hash.ToHashCode();
    }

    /// <summary>The path as a JSON array, for example <c>["address","street_address"]</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < _segments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(_segments[i] is string name ? JsonSerializer.Serialize(name) : _segments[i].ToString());
        }

        return builder.Append(']').ToString();
    }
}
