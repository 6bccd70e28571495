#!/usr/bin/env bash
# The performance benchmark of charter: one run, one machine, one table.
#
#   bench/run.sh            the full corpus: 50 documents x 40 revisions x ~6,000 words
#   SMALL=1 bench/run.sh    a quick run: 5 x 10 x 1,500
#
# Environment: DOCUMENTS, REVISIONS, WORDS, SEED override the corpus size;
# DATE is the build date (default 2026-01-01, after every generated revision,
# so builds are reproducible); RUNS is how many times each step runs (default
# 3; the table shows the fastest run, as the least disturbed); KEEP=1 keeps the work folder; BENCH_DIR puts it
# somewhere else than $TMPDIR; DROP_CACHES=0 never drops the page cache.
#
# What it measures (see bench/README.md):
#   1. `charter build` from cold: fresh process, empty output folder, and the
#      page cache dropped first when this user may (root);
#   2. the floor (examples/floor.rs): read every revision, render its Markdown
#      with pulldown-cmark, write as many bytes as charter wrote;
#      then charter and the floor again, one right after the other, RUNS
#      times: a ratio per pair, and their median;
#   3. after one word of one document is edited: the full `charter build
#      --drafts`, and the incremental path (examples/rebuild_one.rs);
#   4. after one revision is added to one document: the full build, and the
#      incremental path;
#   5. Hugo building one page per revision of the same corpus, when it is
#      installed (or installable: root and apt-get).
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD

if [[ -n "${SMALL:-}" && "${SMALL}" != 0 ]]; then
    : "${DOCUMENTS:=5}" "${REVISIONS:=10}" "${WORDS:=1500}"
fi
: "${DOCUMENTS:=50}" "${REVISIONS:=40}" "${WORDS:=6000}" "${SEED:=1}" "${DATE:=2026-01-01}"
: "${DROP_CACHES:=1}" "${RUNS:=3}"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

# --- Tools -------------------------------------------------------------------

say "== building the release binary and the examples"
cargo build --release --quiet
cargo build --release --examples --quiet
CHARTER=$REPO/target/release/charter
EXAMPLES=$REPO/target/release/examples
for b in "$CHARTER" "$EXAMPLES/corpus" "$EXAMPLES/floor" "$EXAMPLES/rebuild_one"; do
    [[ -x $b ]] || die "missing $b after the build"
done

is_root() { [[ $(id -u) == 0 ]]; }

# apt-get install, running apt-get update once if the package is not found.
apt_install() {
    apt-get install -y -qq "$@" >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$@" >/dev/null 2>&1; }
}

TIME=/usr/bin/time
if [[ ! -x $TIME ]] && is_root && command -v apt-get >/dev/null; then
    say "== installing GNU time (for peak memory)"
    apt_install time || true
fi
[[ -x $TIME ]] || { TIME=; say "note: /usr/bin/time is missing: peak memory is unavailable"; }

HUGO=$(command -v hugo || true)
if [[ -z $HUGO ]] && is_root && command -v apt-get >/dev/null; then
    say "== installing hugo (Debian package)"
    apt_install hugo || true
    HUGO=$(command -v hugo || true)
fi
[[ -n $HUGO ]] || say "note: hugo is not installed and cannot be (needs root and apt-get): the Hugo comparison is skipped"

CAN_DROP=0
if [[ $DROP_CACHES != 0 ]] && [[ -w /proc/sys/vm/drop_caches ]]; then
    CAN_DROP=1
fi
# Moves an earlier run's output out of the way instead of deleting it: ext4
# skips inodes freed in the last minutes when it allocates new ones, so a run
# right after deleting 10,000 files spends seconds of system time searching,
# and the figure would depend on what the previous step deleted. The
# moved-aside folders go with the work folder at the end.
aside() {
    if [[ -e $1 ]]; then
        mkdir -p "$WORK/aside"
        mv "$1" "$(mktemp -d "$WORK/aside/XXXXXX")/"
    fi
}
# Starts a cold run: everything written so far reaches the disk, then the
# page cache is emptied, so the run reads its input from disk.
cold() {
    sync
    if [[ $CAN_DROP == 1 ]]; then
        echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || CAN_DROP=0
    fi
}

# --- Work folder ---------------------------------------------------------------

WORK=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/charter-bench.XXXXXX")
if [[ -n "${KEEP:-}" && "${KEEP}" != 0 ]]; then
    say "note: keeping $WORK"
else
    trap 'rm -rf "$WORK"' EXIT
fi
SITE=$WORK/site
OUT=$WORK/public

# --- Measuring -----------------------------------------------------------------

declare -A WALL CPU RSS NOTE
ROWS=()

now() { date +%s.%N; }
fmt() { awk -v x="$1" 'BEGIN { printf "%.3f", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }

# measure KEY DESCRIPTION PREP COMMAND...: runs PREP (a shell function, not
# timed) then COMMAND, $RUNS times, and keeps the fastest run: its wall time
# (own clock), CPU time (user + sys) and peak RSS (GNU time). The kept run's
# stdout is in $WORK/KEY.out and its stderr in $WORK/KEY.err.
measure() {
    local key=$1 desc=$2 prep=$3
    shift 3
    local run start end wall best=
    for ((run = 1; run <= RUNS; run++)); do
        "$prep"
        start=$(now)
        if [[ -n $TIME ]]; then
            if ! "$TIME" -v -o "$WORK/$key.time.try" "$@" >"$WORK/$key.out.try" 2>"$WORK/$key.err.try"; then
                cat "$WORK/$key.err.try" >&2
                die "$desc failed"
            fi
        else
            # bash's `time`: user and system CPU seconds, no memory figures.
            local TIMEFORMAT='User time: %U
System time: %S'
            if ! { time "$@" >"$WORK/$key.out.try" 2>"$WORK/$key.err.try"; } 2>"$WORK/$key.time.try"; then
                cat "$WORK/$key.err.try" >&2
                die "$desc failed"
            fi
        fi
        end=$(now)
        wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        say "   ${desc}: run $run: $wall s"
        if [[ -z $best ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$wall
            for f in time out err; do mv "$WORK/$key.$f.try" "$WORK/$key.$f"; done
        fi
    done
    WALL[$key]=$best
    CPU[$key]=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$WORK/$key.time")
    RSS[$key]=n/a
    if [[ -n $TIME ]]; then
        RSS[$key]=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/$key.time")
    fi
    NOTE[$key]=$desc
    ROWS+=("$key")
}

# A row that is part of another measurement (rebuild_one's two phases).
row() {
    local key=$1 desc=$2 wall=$3
    WALL[$key]=$wall
    CPU[$key]=-
    RSS[$key]=-
    NOTE[$key]=$desc
    ROWS+=("$key")
}

size_of() { du -sb "$1" | cut -f1; }
files_in() { find "$1" -type f | wc -l; }
result_field() { sed -n "s/^RESULT .*\b$2=\([^ ]*\).*/\1/p" "$WORK/$1.out"; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "== machine: $(nproc) cores, load average $LOAD_BEFORE; corpus ${DOCUMENTS} x ${REVISIONS} x ~${WORDS} words, build date $DATE"
[[ $CAN_DROP == 1 ]] || say "note: the page cache cannot be dropped here: 'cold' means a new process and an empty output folder"

# --- 0. The corpus ---------------------------------------------------------------

say "== generating the corpus"
prep_corpus() { rm -rf "$SITE"; }
RUNS=1 measure corpus "generate the corpus (examples/corpus)" prep_corpus \
    "$EXAMPLES/corpus" --out "$SITE" --documents "$DOCUMENTS" --revisions "$REVISIONS" --words "$WORDS" --seed "$SEED"
cat "$WORK/corpus.err" >&2
INPUT_BYTES=$(size_of "$SITE")
REVISION_FILES=$(find "$SITE/history" -name '*.md' | wc -l)
# The document edited in steps 3 and 4: the first one, whatever its name.
DOC=$(ls "$SITE/content" | head -n 1)
DOC=${DOC%.md}

# --- 1. charter build, cold ---------------------------------------------------

say "== 1. charter build, cold"
prep_build() { aside "$OUT"; cold; }
measure build "charter build (cold)" prep_build "$CHARTER" build --root "$SITE" --output "$OUT" --date "$DATE"
tail -n 1 "$WORK/build.err" >&2
OUT_BYTES=$(size_of "$OUT")
OUT_FILES=$(files_in "$OUT")

# --- 2. The floor ------------------------------------------------------------------

say "== 2. the floor: read, render with pulldown-cmark, write $OUT_BYTES bytes"
prep_floor() { aside "$WORK/floor"; cold; }
measure floor "floor: read + render + write the same bytes" prep_floor \
    "$EXAMPLES/floor" "$SITE" "$OUT_BYTES" "$WORK/floor"
FLOOR_FILES=$(result_field floor files)
aside "$WORK/floor"

# The disk under a build changes speed over minutes (the floor, mostly
# writes, has measured anywhere from 0.6 to 1.3 s on the same machine), so
# the two fastest runs above may come from different moments. Here each
# charter build is followed at once by a floor run, and each pair gives a
# ratio under the same conditions; the report shows every pair and their median.
say "== 2b. charter build and the floor, one right after the other, $RUNS times"
PAIR_RATIOS=()
wall_of() {
    local start end
    start=$(now)
    "$@" >/dev/null 2>"$WORK/pair.err" || { cat "$WORK/pair.err" >&2; die "$1 failed"; }
    end=$(now)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
for ((run = 1; run <= RUNS; run++)); do
    prep_build
    b=$(wall_of "$CHARTER" build --root "$SITE" --output "$OUT" --date "$DATE")
    prep_floor
    f=$(wall_of "$EXAMPLES/floor" "$SITE" "$OUT_BYTES" "$WORK/floor")
    aside "$WORK/floor"
    PAIR_RATIOS+=("$(ratio "$b" "$f")")
    say "   pair $run: charter $b s, floor $f s: $(ratio "$b" "$f")"
done
PAIR_MEDIAN=$(printf '%s\n' "${PAIR_RATIOS[@]}" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')

# --- 3. One word of one document edited ----------------------------------------

say "== 3. one word of $DOC edited (a draft)"
"$EXAMPLES/corpus" --out "$SITE" --edit-word "$DOC" 2>&1 | sed 's/^/   /' >&2
# A full rebuild, as CI or a cron job runs it. The previous output is there
# and gets replaced.
measure drafts "charter build --drafts after the edit (full)" : \
    "$CHARTER" build --root "$SITE" --output "$OUT" --date "$DATE" --drafts
# `charter serve` does not run a full build on each save: it rebuilds only
# the changed document through `charter::render::document` (its pages, and the
# site-wide pages that list it when what they show changed). examples/rebuild_one.rs
# times that path: with the site loaded and built once (as the server holds
# it), then one more word edited (not timed), re-reading and checking the one
# document, then rendering it. The process's own time includes that first build.
measure one_draft "incremental: load + render one document (rebuild_one --drafts)" : \
    "$EXAMPLES/rebuild_one" "$SITE" "$DOC" --date "$DATE" --drafts -- "$EXAMPLES/corpus" --out "$SITE" --edit-word "$DOC"
row one_draft_load "  re-read + check $DOC" "$(result_field one_draft load)"
row one_draft_render "  render $DOC ($(result_field one_draft pages) pages, site-wide pages $(result_field one_draft site_wide))" \
    "$(result_field one_draft render)"
row one_draft_step "  the rebuild itself (re-read + render)" \
    "$(awk -v a="$(result_field one_draft load)" -v b="$(result_field one_draft render)" 'BEGIN { printf "%.3f", a + b }')"
row one_draft_write "  for comparison: writing those pages to disk (not done by serve)" "$(result_field one_draft write)"

# --- 4. One revision added to one document -----------------------------------------

say "== 4. one revision added to $DOC"
"$EXAMPLES/corpus" --out "$SITE" --add-revision "$DOC" 2>&1 | sed 's/^/   /' >&2
measure revision "charter build after a new revision (full)" : \
    "$CHARTER" build --root "$SITE" --output "$OUT" --date "$DATE"
# Each run of the incremental path cuts one more revision after its first build.
measure one_revision "incremental: load + render one document (rebuild_one)" : \
    "$EXAMPLES/rebuild_one" "$SITE" "$DOC" --date "$DATE" -- "$EXAMPLES/corpus" --out "$SITE" --add-revision "$DOC"
row one_revision_load "  re-read + check $DOC" "$(result_field one_revision load)"
row one_revision_render "  render $DOC ($(result_field one_revision pages) pages, site-wide pages $(result_field one_revision site_wide))" \
    "$(result_field one_revision render)"
row one_revision_step "  the rebuild itself (re-read + render)" \
    "$(awk -v a="$(result_field one_revision load)" -v b="$(result_field one_revision render)" 'BEGIN { printf "%.3f", a + b }')"
row one_revision_write "  for comparison: writing those pages to disk (not done by serve)" "$(result_field one_revision write)"

# --- 5. Hugo -----------------------------------------------------------------------------

HUGO_FILES=
if [[ -n $HUGO ]]; then
    say "== 5. Hugo: one page per revision ($($HUGO version | cut -d' ' -f2))"
    H=$WORK/hugo
    mkdir -p "$H/content" "$H/layouts/_default"
    cat >"$H/config.toml" <<'EOF'
baseURL = "https://policies.example.com/"
languageCode = "en"
title = "charter benchmark"
disableKinds = ["taxonomy", "term"]
EOF
    cat >"$H/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
EOF
    cat >"$H/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
EOF
    # content/<doc>/<rev>.md: the revision's Markdown without its record and
    # without the document's front matter, under a minimal Hugo front matter.
    # Revision files are the ones generated in step 0 (plus step 4's).
    for d in "$SITE"/history/*/; do mkdir -p "$H/content/$(basename "$d")"; done
    awk -v dest="$H/content" '
        FNR == 1 {
            if (out) close(out)
            n = split(FILENAME, p, "/"); doc = p[n - 1]; rev = p[n]; sub(/\.md$/, "", rev)
            out = dest "/" doc "/" rev ".md"; plus = 0; title = doc
        }
        plus < 4 && /^\+\+\+[ \t]*$/ {
            plus++
            if (plus == 4) printf "---\ntitle: \"%s, %s\"\ndate: %s\n---\n", title, rev, substr(rev, 1, 10) > out
            next
        }
        plus == 3 && /^title = "/ { title = $0; sub(/^title = "/, "", title); sub(/"[ \t]*$/, "", title); gsub(/\\"/, "", title) }
        plus >= 4 { print > out }
    ' $(find "$SITE/history" -name '*.md' | sort)
    prep_hugo() { aside "$H/public"; rm -rf "$H/resources"; cold; }
    measure hugo "hugo --quiet: one page per revision" prep_hugo "$HUGO" --quiet --source "$H" --destination "$H/public"
    HUGO_FILES=$(files_in "$H/public")
    HUGO_BYTES=$(size_of "$H/public")
fi

# --- Report --------------------------------------------------------------------------------

echo
echo "charter benchmark: $(nproc) cores, $(uname -m), load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after; fastest of $RUNS runs"
echo "corpus: $DOCUMENTS documents x $REVISIONS revisions x ~$WORDS words: $REVISION_FILES revision files, $(fmt "$(awk -v b="$INPUT_BYTES" 'BEGIN { print b / 1e6 }')") MB"
echo "charter output: $OUT_FILES files, $(fmt "$(awk -v b="$OUT_BYTES" 'BEGIN { print b / 1e6 }')") MB; floor: ${FLOOR_FILES:-?} files of the same total size${HUGO_FILES:+; Hugo: $HUGO_FILES files, $(fmt "$(awk -v b="$HUGO_BYTES" 'BEGIN { print b / 1e6 }')") MB}"
[[ $CAN_DROP == 1 ]] && echo "cold runs start with an empty page cache (drop_caches)" ||
    echo "cold runs: new process and empty output folder; the page cache was not dropped"
echo
printf '%-66s %10s %10s %10s\n' "step" "wall s" "CPU s" "peak MB"
printf '%-66s %10s %10s %10s\n' "----" "------" "-----" "-------"
for key in "${ROWS[@]}"; do
    printf '%-66s %10s %10s %10s\n' "${NOTE[$key]}" "${WALL[$key]}" "${CPU[$key]}" "${RSS[$key]}"
done
echo
# Ratios of wall time, and of CPU time (user + sys over all cores), which a
# busy machine disturbs less.
ratios() {
    local label=$1 a=$2 b=$3
    printf '  %-64s %8s %8s\n' "$label" "$(ratio "${WALL[$a]}" "${WALL[$b]}")" "$(ratio "${CPU[$a]}" "${CPU[$b]}")"
}
printf '  %-64s %8s %8s\n' "ratios" "wall" "CPU"
ratios "charter build / floor" build floor
printf '  %-64s %8s\n' "charter build / floor, each pair run back to back (median)" "$PAIR_MEDIAN"
printf '  %-64s %8s\n' "  the pairs" "${PAIR_RATIOS[*]}"
if [[ -n $HUGO ]]; then
    ratios "charter build / Hugo" build hugo
else
    printf '  %-64s %8s\n' "charter build / Hugo" "skipped (no hugo)"
fi
printf '  %-64s %8s\n' "one-document rebuild (re-read + render) / full build --drafts" \
    "$(ratio "${WALL[one_draft_step]}" "${WALL[drafts]}")"
printf '  %-64s %8s\n' "one-document rebuild after a new revision / full build" \
    "$(ratio "${WALL[one_revision_step]}" "${WALL[revision]}")"
printf '  %-64s %8s\n' "  the same, had the rebuild also written its pages to disk" \
    "$(ratio "$(awk -v a="${WALL[one_revision_step]}" -v b="${WALL[one_revision_write]}" 'BEGIN { print a + b }')" "${WALL[revision]}")"
ratios "full build after a new revision / cold build" revision build

# The targets set for the build (see bench/README.md), each against its
# figures above (wall time, fastest runs).
# verdict LABEL A B LIMIT: A / B, and "met" when it is below LIMIT.
verdict() {
    awk -v label="$1" -v a="$2" -v b="$3" -v l="$4" 'BEGIN {
        if (a == "" || b == "" || b + 0 == 0) { printf "  %-64s %8s\n", label, "n/a"; exit }
        r = a / b
        printf "  %-64s %8.3f %8s\n", label, r, (r < l ? "met" : "NOT met")
    }'
}
echo
printf '  %-64s %8s\n' "targets" "ratio"
verdict "charter build / floor: below 3" "${WALL[build]}" "${WALL[floor]}" 3
if [[ -n $HUGO ]]; then
    verdict "charter build / Hugo: below 1" "${WALL[build]}" "${WALL[hugo]}" 1
fi
verdict "rebuild after a draft edit / full build --drafts: below 0.05" "${WALL[one_draft_step]}" "${WALL[drafts]}" 0.05
verdict "rebuild after a new revision / full build: below 0.05" "${WALL[one_revision_step]}" "${WALL[revision]}" 0.05
