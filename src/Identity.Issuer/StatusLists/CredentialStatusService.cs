using Identity.Issuer.Admin;
using Identity.Issuer.Attestations;
using Identity.Issuer.Data;
using Identity.Tokens.StatusList;
using Microsoft.EntityFrameworkCore;

namespace Identity.Issuer.StatusLists;

/// <summary>A status change asked of a credential.</summary>
internal enum StatusAction
{
    Revoke,
    Suspend,
    Reinstate,
}

/// <summary>The outcome: <see cref="StatusErrorCodes.Ok"/> with the credential's new state, or an error code.</summary>
internal sealed record StatusChangeResult(string Code, byte Status = 0, DateTimeOffset? ChangedAt = null)
{
    public bool Succeeded => Code == StatusErrorCodes.Ok;
}

/// <summary>
/// The one path for revoke, suspend and reinstate (admin API and the citizen's own revoke): checks the transition, updates the
/// credential record and its bits in the status list in one save, and writes an audit entry for every call it handles.
/// Transitions (draft-ietf-oauth-status-list-20 §7.1): valid → suspended → valid; valid or suspended → revoked, which is final.
/// </summary>
internal sealed class CredentialStatusService(DbContextOptions<IssuerDbContext> contextOptions, TimeProvider timeProvider, ILogger<CredentialStatusService> logger)
{
    private const int MaxAttempts = 16;

    public static string ActionName(StatusAction action) => action switch
    {
        StatusAction.Revoke => "revoke",
        StatusAction.Suspend => "suspend",
        _ => "reinstate",
    };

    public static string StatusName(byte status) => status switch
    {
        StatusTypes.Valid => "valid",
        StatusTypes.Invalid => "revoked",
        StatusTypes.Suspended => "suspended",
        _ => "unknown",
    };

    /// <summary>
    /// Applies <paramref name="action"/>. When <paramref name="ownerCitizenId"/> is set, only that citizen's credentials are found
    /// (another citizen's credential is reported as not found, so identifiers cannot be probed).
    /// </summary>
    public async Task<StatusChangeResult> ChangeAsync(string credentialId, StatusAction action, AuditActor actor, string? ownerCitizenId, CancellationToken cancellationToken)
    {
        var bounded = credentialId.Length > 64 ? credentialId[..64] : credentialId;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            await using var db = new IssuerDbContext(contextOptions);
            var credential = bounded.Length == credentialId.Length
                ? await db.Set<IssuedCredential>().FirstOrDefaultAsync(c => c.Id == credentialId, cancellationToken)
                : null;
            if (credential is null || (ownerCitizenId is not null && credential.CitizenId != ownerCitizenId))
            {
                return await RefuseAsync(db, bounded, action, actor, StatusErrorCodes.CredentialNotFound, cancellationToken);
            }

            var refusal = CheckTransition(credential.Status, action);
            if (refusal is not null)
            {
                return await RefuseAsync(db, bounded, action, actor, refusal, cancellationToken);
            }

            var list = await db.Set<StatusListRecord>().FirstOrDefaultAsync(l => l.Id == credential.StatusListId, cancellationToken)
                ?? throw new InvalidOperationException($"Status list {credential.StatusListId} of a credential record is missing.");
            var status = action switch
            {
                StatusAction.Revoke => StatusTypes.Invalid,
                StatusAction.Suspend => StatusTypes.Suspended,
                _ => StatusTypes.Valid,
            };
            var now = timeProvider.GetUtcNow();
            var bits = TokenStatusList.FromBytes(list.Bytes, list.Bits);
            bits.Set(credential.StatusIndex, status);
            list.Bytes = bits.Bytes.ToArray();
            // The version is the concurrency token: two changes on one list (on any replica) cannot overwrite each other's bits.
            list.Version++;
            credential.Status = status;
            credential.StatusChangedAt = now;
            db.Add(Audit(bounded, action, actor, StatusErrorCodes.Ok, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Credential {CredentialId} {Action} by {ActorType} {Actor}", credential.Id, ActionName(action), actor.Type, actor.Id);
                return new StatusChangeResult(StatusErrorCodes.Ok, status, now);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another change to the same list won the race: read again and re-check the transition.
            }
        }

        throw new InvalidOperationException("The status change kept conflicting with concurrent changes.");
    }

    private static string? CheckTransition(byte current, StatusAction action) => (current, action) switch
    {
        (StatusTypes.Invalid, _) when action != StatusAction.Reinstate => StatusErrorCodes.AlreadyRevoked,
        (StatusTypes.Suspended, StatusAction.Suspend) => StatusErrorCodes.AlreadySuspended,
        (StatusTypes.Suspended, _) => null,
        (_, StatusAction.Reinstate) => StatusErrorCodes.NotSuspended,
        (StatusTypes.Valid, _) => null,
        _ => StatusErrorCodes.NotSuspended,
    };

    private async Task<StatusChangeResult> RefuseAsync(IssuerDbContext db, string credentialId, StatusAction action, AuditActor actor, string code, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        db.Add(Audit(credentialId, action, actor, code, timeProvider.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return new StatusChangeResult(code);
    }

    private static AuditEntry Audit(string credentialId, StatusAction action, AuditActor actor, string outcome, DateTimeOffset at) => new()
    {
        At = at,
        ActorType = actor.Type,
        Actor = actor.Id.Length > 128 ? actor.Id[..128] : actor.Id,
        Action = ActionName(action),
        CredentialId = credentialId,
        Outcome = outcome,
    };
}
