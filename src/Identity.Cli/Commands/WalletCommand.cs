using System.CommandLine;
using System.Text.Json.Nodes;
using Identity.Cli.Wallet;
using Identity.Tokens.Jose;
using Identity.Verifier.Http;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity wallet accept|list|show|remove|present</c>: a reference holder wallet for relying-party and wallet developers
/// (OpenID4VCI 1.0 pre-authorized code, OpenID4VP 1.0 direct_post with DCQL), keeping credentials in a wallet folder.
/// </summary>
internal static class WalletCommand
{
    public static Command Create(CliContext context)
    {
        var wallet = new Command("wallet", "A holder wallet: accept credential offers, keep the credentials, present them to relying parties.");
        wallet.Subcommands.Add(Accept(context));
        wallet.Subcommands.Add(List(context));
        wallet.Subcommands.Add(Show(context));
        wallet.Subcommands.Add(Remove(context));
        wallet.Subcommands.Add(Present(context));
        return wallet;
    }

    private static Option<string?> WalletOption() => new("--wallet") { Description = "Wallet folder. Default: $XDG_DATA_HOME/identity/wallet or ~/.local/share/identity/wallet." };

    private static Option<bool> LoopbackOption() => new("--allow-loopback-http") { Description = "Development only: allow plain http to 127.0.0.1/localhost (the README's issuer and sample relying party)." };

    private static Command Accept(CliContext context)
    {
        var offer = new Argument<string>("offer") { Description = "The openid-credential-offer:// link (from the QR code), or the https URL of the offer." };
        var txCode = new Option<string?>("--tx-code") { Description = "The transaction code the issuer showed separately." };
        var batch = new Option<int>("--batch") { Description = "Unlinkable copies to keep (one fresh key each); present uses a fresh copy each time.", DefaultValueFactory = _ => 1 };
        var alg = new Option<string>("--alg") { Description = "Holder key algorithm: ES256 (default) or EdDSA (Ed25519).", DefaultValueFactory = _ => JoseAlgorithms.ES256 };
        var folder = WalletOption();
        var loopback = LoopbackOption();
        var command = new Command("accept", "Accept a credential offer (pre-authorized code with transaction code) and keep the credential.") { offer, txCode, batch, alg, folder, loopback };
        command.SetAction((parse, ct) => RunAsync(context, async () =>
        {
            var copies = parse.GetValue(batch);
            if (copies is < 1 or > 100)
            {
                throw new WalletException("--batch must be between 1 and 100");
            }

            var store = WalletStore.Open(parse.GetValue(folder));
            var acceptor = new OfferAcceptor(Http(context, parse.GetValue(loopback)), context.TimeProvider);
            var credential = await acceptor.AcceptAsync(parse.GetValue(offer)!, parse.GetValue(txCode), copies, parse.GetValue(alg)!, ct).ConfigureAwait(false);
            store.Save(credential);
            await CliIo.WriteJsonAsync(context, Summary(credential)).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var folder = WalletOption();
        var command = new Command("list", "List the credentials in the wallet.") { folder };
        command.SetAction((parse, _) => RunAsync(context, async () =>
        {
            var store = WalletStore.Open(parse.GetValue(folder));
            var credentials = store.List();
            if (credentials.Count == 0)
            {
                await context.Stderr.WriteLineAsync($"The wallet {store.Folder} holds no credential.").ConfigureAwait(false);
            }

            await CliIo.WriteJsonAsync(context, new JsonArray([.. credentials.Select(c => (JsonNode)Summary(c))])).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The credential id (from identity wallet list)." };
        var folder = WalletOption();
        var command = new Command("show", "Show one credential: claims, issuer, type, status entry, expiry, copies left (never its keys).") { id, folder };
        command.SetAction((parse, _) => RunAsync(context, async () =>
        {
            var credential = WalletStore.Open(parse.GetValue(folder)).Get(parse.GetValue(id)!);
            var details = Summary(credential);
            details["claims"] = Personal(credential.Claims);
            details["status"] = credential.Claims["status"]?.DeepClone();
            await CliIo.WriteJsonAsync(context, details).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The credential id (from identity wallet list)." };
        var folder = WalletOption();
        var command = new Command("remove", "Delete a credential and its keys from the wallet.") { id, folder };
        command.SetAction((parse, _) => RunAsync(context, async () =>
        {
            WalletStore.Open(parse.GetValue(folder)).Remove(parse.GetValue(id)!);
            await context.Stderr.WriteLineAsync($"Removed {parse.GetValue(id)}.").ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Present(CliContext context)
    {
        var request = new Argument<string>("request") { Description = "The openid4vp:// link (from the QR code or the same-device link) of the relying party." };
        var yes = new Option<bool>("--yes") { Description = "Share without asking (scripts)." };
        var folder = WalletOption();
        var loopback = LoopbackOption();
        var command = new Command("present", "Answer a presentation request: show what is asked, ask for consent, send only those claims.") { request, yes, folder, loopback };
        command.SetAction((parse, ct) => RunAsync(context, async () =>
        {
            var store = WalletStore.Open(parse.GetValue(folder));
            var presenter = new RequestPresenter(Http(context, parse.GetValue(loopback)), context.TimeProvider);
            var plan = presenter.Plan(parse.GetValue(request)!, store.List());
            await DescribeAsync(context, plan).ConfigureAwait(false);
            if (!parse.GetValue(yes) && !await ConsentAsync(context).ConfigureAwait(false))
            {
                throw new WalletException("not shared: consent was not given");
            }

            var presentations = presenter.Build(plan);
            // A copy is spent once it has been shown, whatever the relying party answers: never present it twice.
            foreach (var answer in plan.Answers)
            {
                var copies = answer.Credential.Copies.Select((c, i) => i == answer.CopyIndex ? c with { Used = true } : c).ToList();
                store.Save(answer.Credential with { Copies = copies });
            }

            var (status, body, text) = await presenter.SendAsync(plan, presentations, ct).ConfigureAwait(false);
            if (status is < 200 or > 299)
            {
                var error = body?["error"]?.GetValue<string>();
                throw new WalletException($"the relying party refused the presentation: HTTP {status}{(error is null ? string.Empty : " " + error)} {body?["error_description"]?.GetValue<string>() ?? (body is null ? text : string.Empty)}".TrimEnd());
            }

            await CliIo.WriteJsonAsync(context, new JsonObject
            {
                ["sent"] = true,
                ["client_id"] = plan.ClientId,
                ["claims"] = new JsonArray([.. plan.Answers.SelectMany(a => a.Claims).Select(p => (JsonNode)string.Join('.', p))]),
                ["redirect_uri"] = body?["redirect_uri"]?.DeepClone(),
            }).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task DescribeAsync(CliContext context, PresentationPlan plan)
    {
        await context.Stderr.WriteLineAsync($"{plan.ClientId} asks for:").ConfigureAwait(false);
        foreach (var answer in plan.Answers)
        {
            foreach (var path in answer.Claims)
            {
                await context.Stderr.WriteLineAsync($"  - {string.Join('.', path)}").ConfigureAwait(false);
            }

            var left = answer.Credential.Copies.Count(c => !c.Used) - 1;
            await context.Stderr.WriteLineAsync($"  from credential {answer.Credential.Id} ({answer.Credential.Vct}, issued by {answer.Credential.Issuer}; {left} unused copies left after this one)").ConfigureAwait(false);
        }

        await context.Stderr.WriteLineAsync("Nothing else is disclosed.").ConfigureAwait(false);
    }

    private static async Task<bool> ConsentAsync(CliContext context)
    {
        await context.Stderr.WriteAsync("Share these claims? [y/N] ").ConfigureAwait(false);
        var answer = (await context.Stdin.ReadLineAsync().ConfigureAwait(false))?.Trim();
        return answer is "y" or "Y" or "yes" or "o" or "oui";
    }

    private static JsonObject Summary(WalletCredential credential) => new()
    {
        ["id"] = credential.Id,
        ["issuer"] = credential.Issuer,
        ["vct"] = credential.Vct,
        ["credential_configuration_id"] = credential.ConfigurationId,
        ["received_at"] = credential.ReceivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["expires_at"] = credential.ExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["copies"] = credential.Copies.Count,
        ["unused_copies"] = credential.Copies.Count(c => !c.Used),
    };

    /// <summary>The personal claims: the credential's claims without the registered ones (iss, vct, cnf, status, times).</summary>
    private static JsonObject Personal(JsonObject claims)
    {
        var personal = new JsonObject();
        foreach (var (name, value) in claims)
        {
            if (name is not ("iss" or "vct" or "cnf" or "status" or "iat" or "nbf" or "exp" or "vct#integrity" or "_sd_alg"))
            {
                personal[name] = value?.DeepClone();
            }
        }

        return personal;
    }

    private static WalletHttp Http(CliContext context, bool allowLoopbackHttp)
        => new(context.HttpClient ?? new HttpClient(SafeFetcher.CreateDefaultHandler()) { Timeout = TimeSpan.FromSeconds(60) }, allowLoopbackHttp);

    private static async Task<int> RunAsync(CliContext context, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (WalletException e)
        {
            await context.Stderr.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Refused;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            // A member of the wrong JSON type in an answer (GetValue on a non-string, say): the answer broke its protocol.
            await context.Stderr.WriteLineAsync("error: an answer did not follow the protocol: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Refused;
        }
        catch (IOException e)
        {
            await context.Stderr.WriteLineAsync("error: the wallet folder could not be written: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Refused;
        }
    }
}
