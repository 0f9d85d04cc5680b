#!/usr/bin/env bash
# Adds one EF Core migration to BOTH migration sets of the issuer (SQLite and PostgreSQL), so they never drift apart.
#
#   add-migration.sh <Name>        add migration <Name> (PascalCase, e.g. AddStatusListShards) for both providers
#   add-migration.sh --remove      remove the last migration of both providers (only if no database has applied it)
#   add-migration.sh --list        list the migrations of both providers
#
# Run it after any change to an entity or an IEntityTypeConfiguration; the MigrationTests fail until you do.
# Works from any directory; needs only the .NET SDK (dotnet-ef comes from the repository's tool manifest).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
project=$(cd "$here/../.." && pwd)              # src/Identity.Issuer
root=$(cd "$project/../.." && pwd)              # repository root (holds .config/dotnet-tools.json)
providers=(Sqlite PostgreSql)

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -eq 1 ] || usage

cd "$root"
dotnet tool restore >/dev/null
echo "building $project"
dotnet build "$project/Identity.Issuer.csproj" --nologo -v quiet -clp:ErrorsOnly

ef() {
  local provider=$1; shift
  dotnet ef "$@" --project "$project/Identity.Issuer.csproj" --startup-project "$project/Identity.Issuer.csproj" \
    --context "${provider}IssuerDbContext" --no-build
}

case "$1" in
  --list)
    for provider in "${providers[@]}"; do echo "== $provider"; ef "$provider" migrations list --no-connect; done
    ;;
  --remove)
    # Without a reachable design-time database EF only warns that it cannot check whether the migration was applied.
    for provider in "${providers[@]}"; do ef "$provider" migrations remove; done
    ;;
  -*)
    usage
    ;;
  *)
    name=$1
    [[ "$name" =~ ^[A-Z][A-Za-z0-9]*$ ]] || { echo "migration name must be PascalCase letters and digits: $name" >&2; exit 2; }
    for provider in "${providers[@]}"; do
      # The namespace follows the folder (Identity.Issuer.Data.Migrations.<provider>); the snapshot is kept beside the migrations.
      # --no-build is safe for the second provider: its migrations do not depend on the files just added for the first.
      ef "$provider" migrations add "$name" --output-dir "Data/Migrations/$provider"
    done
    ;;
esac

echo "building again to check the generated code"
dotnet build "$project/Identity.Issuer.csproj" --nologo -v quiet -clp:ErrorsOnly
echo "done: run the issuer tests (MigrationTests checks that no model change is left without a migration)"
