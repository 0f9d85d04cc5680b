#!/usr/bin/env bash
# Builds docs/errors.md from the per-area files in docs/errors/ (run after editing any of them).
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo "# Error codes"
  echo
  echo "Every stable project code, by area. Each refusal carries three layers: the specification's own error (where one"
  echo "exists), the stable project code below, and an internal detail that is logged but never sent. Branch on the code,"
  echo "never on a description. This page is assembled from \`docs/errors/*.md\` by \`docs/errors/assemble.sh\`; edit those files."
  for area in issuer dpop oid4vci status-admin database sdjwt jose-statuslist verifier; do
    echo
    # Demote headings one level so that each area is a section of this page.
    sed -e 's/^#/##/' "errors/$area.md"
  done
} > errors.md
