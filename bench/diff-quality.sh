#!/usr/bin/env bash
# Holds charter's diff against a plain word diff on a real long history:
# GitHub's site-policy repository, every policy imported with its history.
# Run by hand (not in CI); see bench/README.md, "The diff quality check".
#
#   bash bench/diff-quality.sh            # import (once) and measure
#   SITE=/tmp/other bash bench/diff-quality.sh
#   FRESH=1 ...                           # import again
#   PROFILE=release ...                   # measure with a release build
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
bundle=${BUNDLE:-/work/shared/corpora/site-policy.bundle}
repo=${REPO:-/tmp/sp-diffq}
site=${SITE:-/tmp/sp-diffq-site}
profile=${PROFILE:-debug}
flag=(); [ "$profile" = release ] && flag=(--release)

cd "$here"
cargo build -q "${flag[@]}" --bin charter --example diff_quality
charter="$here/target/$profile/charter"

if [ ! -d "$repo" ]; then
    git clone -q "$bundle" "$repo"
fi
if [ -n "${FRESH:-}" ]; then rm -rf "$site"; fi
if [ ! -d "$site" ]; then
    "$charter" init "$site" >/dev/null
    rm -f "$site/content/privacy.md"
    rm -rf "$site/history/privacy"
    git -C "$repo" ls-files 'Policies/*.md' 'Policies/**/*.md' | sort -u | while IFS= read -r p; do
        id=$(basename "$p" .md | tr '[:upper:]' '[:lower:]' | tr ' _' '--')
        (cd "$site" && "$charter" import -q --git "$repo" --path "$p" --id "$id" --follow) ||
            echo "diff-quality: could not import $p" >&2
    done
fi
"$here/target/$profile/examples/diff_quality" "$site"
