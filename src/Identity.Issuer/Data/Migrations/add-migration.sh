#!/usr/bin/env bash
# Adds one EF Core migration to BOTH migration sets of the issuer (SQLite and PostgreSQL), so they never drift apart.
#
#   add-migration.sh <Name>     add migration <Name> (PascalCase, e.g. AddStatusListShards) to both sets
#   add-migration.sh --reset    before the first release only: delete both sets and generate InitialCreate afresh
#   add-migration.sh --remove   remove the last migration of both sets
#   add-migration.sh --list     list the migrations of both sets
#
# Run it after any change to an entity or an IEntityTypeConfiguration: the issuer tests fail until you do.
# Works from any directory and needs no database; dotnet-ef comes from the repository's tool manifest.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
project=$(cd "$here/../.." && pwd)              # src/Identity.Issuer
root=$(cd "$project/../.." && pwd)              # repository root (holds .config/dotnet-tools.json)
providers=(Sqlite PostgreSql)

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -eq 1 ] || usage

build() {
  echo "building $project"
  dotnet build "$project/Identity.Issuer.csproj" --nologo -v quiet -clp:ErrorsOnly
}

ef() {
  local provider=$1; shift
  dotnet ef "$@" --project "$project/Identity.Issuer.csproj" --startup-project "$project/Identity.Issuer.csproj" \
    --context "${provider}IssuerDbContext" --no-build
}

add() {
  local name=$1
  for provider in "${providers[@]}"; do
    # The namespace follows the folder (Identity.Issuer.Data.Migrations.<provider>); the snapshot is kept beside the migrations.
    # --no-build is safe for the second provider: its migrations do not depend on the files just added for the first.
    ef "$provider" migrations add "$name" --output-dir "Data/Migrations/$provider"
  done
}

cd "$root"
dotnet tool restore >/dev/null

case "$1" in
  --list)
    build
    for provider in "${providers[@]}"; do echo "== $provider"; ef "$provider" migrations list --no-connect; done
    exit 0
    ;;
  --remove)
    build
    # --force: without it EF stops when the design-time database (see the factories) is unreachable; with it EF warns and
    # removes the files, or first reverts the migration on that database when it is reachable and has it applied.
    for provider in "${providers[@]}"; do ef "$provider" migrations remove --force; done
    ;;
  --reset)
    # Databases made by the deleted migrations can no longer be upgraded: developers delete their local issuer.db.
    for provider in "${providers[@]}"; do rm -rf "$project/Data/Migrations/$provider"; done
    build   # without the old snapshots, so that the new migration creates everything
    add InitialCreate
    ;;
  -*)
    usage
    ;;
  *)
    [[ "$1" =~ ^[A-Z][A-Za-z0-9]*$ ]] || { echo "migration name must be PascalCase letters and digits: $1" >&2; exit 2; }
    build
    add "$1"
    ;;
esac

echo "building again to check the generated code"
build
echo "done: review the generated code, then run the issuer tests (Model_has_no_changes_without_a_migration)"
