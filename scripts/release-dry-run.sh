#!/usr/bin/env bash
# The whole release, rehearsed without a registry and without touching this checkout: in a
# throwaway clone, apply the pending changesets (versions, CHANGELOG.md files, lockfile), build the
# published packages, show the publish plan, and pack the tarballs `changeset publish` would upload.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
out="${1:-$repo/release-dry-run}"
trap 'rm -rf "$work"' EXIT

git clone --quiet "$repo" "$work/repo"
cd "$work/repo"
npm ci --no-audit --no-fund --loglevel=error
npx changeset status
npx changeset version
npm install --package-lock-only --no-audit --no-fund --loglevel=error
node scripts/complete-lockfile.mjs
npx turbo run build --filter='./packages/*' --output-logs=errors-only
npx changeset publish-plan
rm -rf "$out" && mkdir -p "$out"
npx changeset pack --out-dir "$out"
for changelog in packages/*/CHANGELOG.md; do
  cp "$changelog" "$out/$(basename "$(dirname "$changelog")")-CHANGELOG.md"
done
echo "Release rehearsed: tarballs and changelogs in $out"
ls -1 "$out"
