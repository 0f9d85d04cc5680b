using System.Text;
using System.Text.Json.Nodes;
using Identity.Tokens.SdJwt;
using Identity.Tokens.SdJwtVc;
using static Identity.Tokens.Tests.SdJwt.SdJwtTestKit;

namespace Identity.Tokens.Tests.SdJwt;

/// <summary>
/// Randomised robustness: valid presentations mutated thousands of times. No mutation may throw, and none may verify.
/// Mutations are designed to never be equivalent to the original: a reordering is only applied when it changes the order (it then
/// breaks <c>sd_hash</c>), a swapped KB-JWT comes from a presentation of other Disclosures, and the last character of a signature
/// is never flipped (its low bits can be base64url padding bits that decode to the same signature).
/// </summary>
public class SdJwtMutationTests
{
    private const int Iterations = 3000;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

    private readonly SdJwtFixture _fixture = new(options: new SdJwtIssuanceOptions { DecoyDigestsPerObject = 3 });

    [Fact]
    public async Task Mutated_presentations_never_throw_and_never_verify()
    {
        var paths = new[] { ClaimPath.Of("given_name"), ClaimPath.Of("address", "locality"), ClaimPath.Of("nationalities", 1) };
        var valid = _fixture.Present(paths);
        var otherKb = SdJwtFixture.Split(_fixture.Present(ClaimPath.Of("email"))).Last;
        var foreign = SdJwtFixture.Split(new SdJwtFixture().Issued).Disclosures;
        var unused = SdJwtFixture.Split(_fixture.Issued).Disclosures.Except(SdJwtFixture.Split(valid).Disclosures).ToList();
        Assert.True((await _fixture.VerifyAsync(valid)).IsSuccess);

        var vcVerifier = new SdJwtVcVerifier(_fixture.Time);
        var vcOptions = new SdJwtVcVerificationOptions { IssuerSigningKeys = [_fixture.IssuerKey], ExpectedAudience = Audience, ExpectedNonce = Nonce };
        var random = new Random(9901);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < Iterations; i++)
        {
            var (kind, mutated) = Mutate(valid, random, otherKb, foreign, unused);
            counts[kind] = counts.GetValueOrDefault(kind) + 1;

            var result = await _fixture.VerifyAsync(mutated);
            Assert.False(result.IsSuccess, $"mutation '{kind}' #{i} verified: {mutated}");
            Assert.False(string.IsNullOrEmpty(result.Error.Code));

            var vcResult = await vcVerifier.VerifyAsync(mutated, vcOptions, TestContext.Current.CancellationToken);
            Assert.False(vcResult.IsSuccess, $"mutation '{kind}' #{i} verified as SD-JWT VC");

            _ = SdJwtHolder.SelectDisclosures(mutated, paths); // must not throw either
        }

        Assert.All(counts, c => Assert.True(c.Value > 50, $"{c.Key} ran {c.Value} times"));
    }

    [Fact]
    public async Task Reordering_disclosures_of_an_sd_jwt_without_key_binding_verifies_to_the_same_claims()
    {
        var (jwt, disclosures, _) = SdJwtFixture.Split(_fixture.Issued);
        var expected = (await _fixture.VerifyAsync(_fixture.Issued, requireKeyBinding: false)).Value!.Payload;
        var random = new Random(7);
        for (var i = 0; i < 20; i++)
        {
            var shuffled = disclosures.OrderBy(_ => random.Next()).ToList();
            var result = await _fixture.VerifyAsync(SdJwtFixture.Join(jwt, shuffled), requireKeyBinding: false);

            Assert.True(result.IsSuccess, result.Error?.ToString());
            Assert.True(JsonNode.DeepEquals(expected, result.Value.Payload));
        }
    }

    [Fact]
    public async Task Re_signed_payloads_and_disclosures_with_mutated_json_never_throw()
    {
        // The issuer key signs the mutated payload, so the disclosure processor itself sees every malformed structure.
        var (jwt, disclosures, _) = SdJwtFixture.Split(_fixture.Issued);
        var header = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[0]));
        var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]));
        var json = disclosures.Select(d => Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(d))).ToList();
        const string JsonAlphabet = "{}[]\",:._sd0123456789 nulltrue\\u00e9";
        var random = new Random(7515);
        var outcomes = new HashSet<string>();
        for (var i = 0; i < 1500; i++)
        {
            var mutatedPayload = random.Next(2) == 0 ? MutateJson(payload, random, JsonAlphabet) : payload;
            var mutatedDisclosures = json.Select(d => random.Next(4) == 0 ? MutateJson(d, random, JsonAlphabet) : d)
                .Select(d => RawDisclosure(d)).ToList();
            var presentation = SdJwtFixture.Join(SignRaw(header, mutatedPayload, _fixture.IssuerKey), mutatedDisclosures);

            var result = await _fixture.VerifyAsync(presentation, requireKeyBinding: false);
            outcomes.Add(result.Error?.Code ?? "OK");
            _ = SdJwtHolder.SelectDisclosures(presentation, [ClaimPath.Of("address")]);
        }

        Assert.Contains(SdJwtErrorCodes.DisclosureMalformed, outcomes);
        Assert.Contains(SdJwtErrorCodes.DigestMismatch, outcomes);
    }

    private static string MutateJson(string json, Random random, string alphabet)
    {
        var builder = new StringBuilder(json);
        for (var n = random.Next(1, 4); n > 0 && builder.Length > 0; n--)
        {
            var position = random.Next(builder.Length);
            switch (random.Next(3))
            {
                case 0: builder[position] = alphabet[random.Next(alphabet.Length)]; break;
                case 1: builder.Remove(position, 1); break;
                default: builder.Insert(position, alphabet[random.Next(alphabet.Length)]); break;
            }
        }

        return builder.ToString();
    }

    private static (string Kind, string Value) Mutate(string valid, Random random, string otherKb, List<string> foreign, List<string> unused)
    {
        var (jwt, disclosures, kb) = SdJwtFixture.Split(valid);
        switch (random.Next(10))
        {
            case 0:
                return ("flip", Flip(valid, random));
            case 1:
                var dropped = new List<string>(disclosures);
                dropped.RemoveAt(random.Next(dropped.Count));
                return ("drop", SdJwtFixture.Join(jwt, dropped, kb));
            case 2:
                var duplicated = new List<string>(disclosures);
                duplicated.Insert(random.Next(duplicated.Count + 1), disclosures[random.Next(disclosures.Count)]);
                return ("duplicate", SdJwtFixture.Join(jwt, duplicated, kb));
            case 3:
                var reordered = ReorderDifferently(disclosures, random);
                return ("reorder", SdJwtFixture.Join(jwt, reordered, kb));
            case 4:
                var inserted = new List<string>(disclosures);
                var extra = random.Next(2) == 0 ? foreign[random.Next(foreign.Count)] : unused[random.Next(unused.Count)];
                inserted.Insert(random.Next(inserted.Count + 1), extra);
                return ("insert", SdJwtFixture.Join(jwt, inserted, kb));
            case 5:
                return ("truncate", valid[..random.Next(valid.Length)]);
            case 6:
                return ("swap-kb", SdJwtFixture.Join(jwt, disclosures, otherKb));
            case 7:
                return ("drop-kb", SdJwtFixture.Join(jwt, disclosures));
            case 8:
                var altered = new List<string>(disclosures);
                var index = random.Next(altered.Count);
                altered[index] = Flip(altered[index], random, protectLast: false);
                return ("alter-disclosure", SdJwtFixture.Join(jwt, altered, kb));
            default:
                var insertAt = random.Next(valid.Length + 1);
                return ("insert-char", valid.Insert(insertAt, Alphabet[random.Next(Alphabet.Length)].ToString()));
        }
    }

    /// <summary>Changes one character, never the last character of a JWS signature (see the class remarks).</summary>
    private static string Flip(string value, Random random, bool protectLast = true)
    {
        var protectedPositions = new HashSet<int>();
        if (protectLast)
        {
            protectedPositions.Add(value.IndexOf('~', StringComparison.Ordinal) - 1);
            protectedPositions.Add(value.Length - 1);
        }

        int position;
        do
        {
            position = random.Next(value.Length);
        }
        while (protectedPositions.Contains(position));

        char replacement;
        do
        {
            replacement = Alphabet[random.Next(Alphabet.Length)];
        }
        while (replacement == value[position]);

        var builder = new StringBuilder(value) { [position] = replacement };
        return builder.ToString();
    }

    private static List<string> ReorderDifferently(List<string> disclosures, Random random)
    {
        while (true)
        {
            var reordered = disclosures.OrderBy(_ => random.Next()).ToList();
            if (!reordered.SequenceEqual(disclosures))
            {
                return reordered;
            }
        }
    }
}
