#!/usr/bin/env bash
# The performance benchmark of charter: one run, one machine, one table.
#
#   bench/run.sh                  the full corpus: 50 documents x 40 revisions x ~6,000 words,
#                                 then the site-policy history
#   SMALL=1 bench/run.sh          a quick run: 5 x 10 x 1,500
#   SITE_POLICY=only bench/run.sh the site-policy history alone (step 6)
#
# Environment: DOCUMENTS, REVISIONS, WORDS, SEED override the corpus size;
# DATE is the build date (default 2026-01-01, after every generated revision,
# so builds are reproducible); RUNS is how many times each step runs (default
# 3; the table shows the fastest run, as the least disturbed); KEEP=1 keeps the work folder; BENCH_DIR puts it
# somewhere else than $TMPDIR; DROP_CACHES=0 never drops the page cache;
# SITE_POLICY=0 skips step 6 and SITE_POLICY=only runs it alone;
# SITE_POLICY_BUNDLE is the bundle it reads, SITE_POLICY_DATE its build
# date (default 2026-12-01, after the bundle's last commit), DIFF_CALLS how
# many `charter diff` calls it times (default 20).
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
#      installed (or installable: root and apt-get);
#   6. a real history, GitHub's site-policy (a git bundle, CC0), when the
#      bundle is there: every policy imported with `charter import --git
#      --follow`, then charter's cold build and Hugo's (one page per
#      revision) run in turn, RUNS times each, and `charter diff` per call.
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
: "${SITE_POLICY:=1}" "${SITE_POLICY_DATE:=2026-12-01}" "${DIFF_CALLS:=20}"
case $SITE_POLICY in
0 | 1 | only) ;;
*) die "SITE_POLICY is 0, 1 or only, not $SITE_POLICY" ;;
esac
SYNTHETIC=1
[[ $SITE_POLICY == only ]] && SYNTHETIC=0
# The bundle of step 6: ../shared/corpora/site-policy.bundle beside this
# repository, or beside its main checkout when this is a linked worktree.
if [[ -z ${SITE_POLICY_BUNDLE:-} ]]; then
    SITE_POLICY_BUNDLE=$REPO/../shared/corpora/site-policy.bundle
    common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
    if [[ ! -f $SITE_POLICY_BUNDLE && -n $common &&
        -f $(dirname "$common")/../shared/corpora/site-policy.bundle ]]; then
        SITE_POLICY_BUNDLE=$(dirname "$common")/../shared/corpora/site-policy.bundle
    fi
fi

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

declare -A WALL CPU RSS NOTE BEST
ROWS=()

now() { date +%s.%N; }
fmt() { awk -v x="$1" 'BEGIN { printf "%.3f", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
# The median of the numbers given.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# CPU seconds (user + sys) and peak resident MB in a report of GNU time (or
# of bash's `time`, which has no memory figure).
cpu_in() { awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$1"; }
rss_in() {
    if [[ -n $TIME ]]; then
        awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"
    else
        echo n/a
    fi
}

# timed KEY DESCRIPTION COMMAND...: runs COMMAND once. Its wall time (own
# clock) goes into T_WALL; its stdout, stderr and GNU time's report into
# $WORK/KEY.out.try, KEY.err.try and KEY.time.try.
timed() {
    local key=$1 desc=$2 start end
    shift 2
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
    T_WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
}

# keep KEY: the run just timed becomes KEY's kept run ($WORK/KEY.out, .err,
# .time) when it is KEY's fastest so far.
keep() {
    local key=$1
    if [[ -z ${BEST[$key]:-} ]] || awk -v a="$T_WALL" -v b="${BEST[$key]}" 'BEGIN { exit !(a < b) }'; then
        BEST[$key]=$T_WALL
        for f in time out err; do mv "$WORK/$key.$f.try" "$WORK/$key.$f"; done
    fi
}

# record KEY DESCRIPTION: KEY's kept run as a row of the table: its wall
# time, CPU time (user + sys) and peak RSS (GNU time).
record() {
    local key=$1 desc=$2
    WALL[$key]=${BEST[$key]}
    CPU[$key]=$(cpu_in "$WORK/$key.time")
    RSS[$key]=$(rss_in "$WORK/$key.time")
    NOTE[$key]=$desc
    ROWS+=("$key")
}

# measure KEY DESCRIPTION PREP COMMAND...: runs PREP (a shell function, not
# timed) then COMMAND, $RUNS times, and keeps the fastest run (see record).
# The kept run's stdout is in $WORK/KEY.out and its stderr in $WORK/KEY.err.
measure() {
    local key=$1 desc=$2 prep=$3 run
    shift 3
    for ((run = 1; run <= RUNS; run++)); do
        "$prep"
        timed "$key" "$desc" "$@"
        say "   ${desc}: run $run: $T_WALL s"
        keep "$key"
    done
    record "$key" "$desc"
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
megabytes() { fmt "$(awk -v b="$1" 'BEGIN { print b / 1e6 }')"; }
# by_kind DIR: charter's output in DIR by kind of page, files and MB each,
# so that a change to one kind of page shows where the bytes went.
by_kind() {
    local dir=$1 total rest_files rest_bytes k name pattern depth n b
    total=$(size_of "$dir")
    rest_files=$(files_in "$dir")
    rest_bytes=$total
    for k in "archived texts|*/revisions/*/index.html" \
        "changes|*/revisions/*/changes/index.html" \
        "changes, side by side|*/revisions/*/changes/side-by-side/index.html" \
        "to-current|*/revisions/*/to-current/index.html" \
        "to-current, side by side|*/revisions/*/to-current/side-by-side/index.html"; do
        name=${k%%|*} pattern=${k#*|}
        # find's `*` crosses folders: keep the paths with as many parts as the pattern.
        depth=$(awk -F/ '{ print NF + 1 }' <<<"$pattern")
        read -r n b < <(cd "$dir" && find . -type f -path "./$pattern" | awk -F/ -v d="$depth" 'NF == d' |
            tr '\n' '\0' | xargs -0 -r wc -c | awk '!/ total$/ { n++; b += $1 } END { print n + 0, b + 0 }')
        printf '  %-30s %7s files %10s MB %4s %%\n' "$name" "$n" "$(megabytes "$b")" "$(awk -v a="$b" -v t="$total" 'BEGIN { printf "%.0f", 100 * a / t }')"
        rest_files=$((rest_files - n))
        rest_bytes=$((rest_bytes - b))
    done
    printf '  %-30s %7s files %10s MB %4s %%\n' "everything else" "$rest_files" "$(megabytes "$rest_bytes")" "$(awk -v a="$rest_bytes" -v t="$total" 'BEGIN { printf "%.0f", 100 * a / t }')"
}
result_field() { sed -n "s/^RESULT .*\b$2=\([^ ]*\).*/\1/p" "$WORK/$1.out"; }

# hugo_site SITE DIR: a Hugo site in DIR with one page per revision of the
# charter site SITE: content/<doc>/<rev>.md holds the revision's Markdown
# without its record and without the document's front matter, under a
# minimal Hugo front matter (title, date); the layout prints .Content, and
# list pages link the revisions.
hugo_site() {
    local site=$1 h=$2 d
    mkdir -p "$h/content" "$h/layouts/_default"
    cat >"$h/config.toml" <<'TOML'
baseURL = "https://policies.example.com/"
languageCode = "en"
title = "charter benchmark"
disableKinds = ["taxonomy", "term"]
TOML
    cat >"$h/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
HTML
    cat >"$h/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
HTML
    for d in "$site"/history/*/; do mkdir -p "$h/content/$(basename "$d")"; done
    find "$site/history" -name '*.md' | sort | xargs awk -v dest="$h/content" '
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
    '
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ $SYNTHETIC == 1 ]]; then
    say "== machine: $(nproc) cores, load average $LOAD_BEFORE; corpus ${DOCUMENTS} x ${REVISIONS} x ~${WORDS} words, build date $DATE"
else
    say "== machine: $(nproc) cores, load average $LOAD_BEFORE; the site-policy history only"
fi
[[ $CAN_DROP == 1 ]] || say "note: the page cache cannot be dropped here: 'cold' means a new process and an empty output folder"

if [[ $SYNTHETIC == 1 ]]; then

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
        # The revision files are the ones generated in step 0, plus step 4's.
        H=$WORK/hugo
        hugo_site "$SITE" "$H"
        prep_hugo() { aside "$H/public"; rm -rf "$H/resources"; cold; }
        measure hugo "hugo --quiet: one page per revision" prep_hugo "$HUGO" --quiet --source "$H" --destination "$H/public"
        HUGO_FILES=$(files_in "$H/public")
        HUGO_BYTES=$(size_of "$H/public")
    fi
fi

# --- 6. A real history: GitHub's site-policy ---------------------------------------------

SP_DONE=0
if [[ $SITE_POLICY == 0 ]]; then
    :
elif [[ ! -f $SITE_POLICY_BUNDLE ]]; then
    say "== 6. site-policy: skipped, no bundle at $SITE_POLICY_BUNDLE (set SITE_POLICY_BUNDLE)"
else
    say "== 6. site-policy: $SITE_POLICY_BUNDLE, build date $SITE_POLICY_DATE"
    SP_CLONE=$WORK/site-policy
    SP_SITE=$WORK/sp-site
    SP_OUT=$WORK/sp-public
    git clone -q "$SITE_POLICY_BUNDLE" "$SP_CLONE" 2>/dev/null || die "cannot clone $SITE_POLICY_BUNDLE"
    "$CHARTER" init "$SP_SITE" >/dev/null 2>&1 || die "charter init $SP_SITE failed"
    rm "$SP_SITE/content/privacy.md"

    # Every policy, as a document named after its file: lowercase, spaces
    # and underscores as hyphens. Two files giving one name, or a name
    # charter refuses, stop the benchmark rather than import less.
    mapfile -t SP_PATHS < <(git -C "$SP_CLONE" ls-files 'Policies/*.md' 'Policies/**/*.md')
    ((${#SP_PATHS[@]} > 0)) || die "no Policies/**/*.md in $SITE_POLICY_BUNDLE"
    declare -A SP_ID_OF SP_PATH_OF
    for p in "${SP_PATHS[@]}"; do
        id=$(basename "$p" .md)
        id=${id,,}
        id=${id//[ _]/-}
        [[ $id =~ ^[a-z0-9][a-z0-9_-]*$ ]] || die "site-policy: $p gives the id '$id', which is not a document name"
        [[ -z ${SP_PATH_OF[$id]:-} ]] || die "site-policy: $p and ${SP_PATH_OF[$id]} both give the id '$id'"
        SP_PATH_OF[$id]=$p
        SP_ID_OF[$p]=$id
    done
    say "   importing ${#SP_PATHS[@]} policies (distinct, valid ids) with charter import --git --follow"
    start=$(now)
    for p in "${SP_PATHS[@]}"; do
        "$CHARTER" import --root "$SP_SITE" --git "$SP_CLONE" --path "$p" --id "${SP_ID_OF[$p]}" --follow \
            >/dev/null 2>"$WORK/sp-import.err" || { cat "$WORK/sp-import.err" >&2; die "importing $p failed"; }
    done
    row sp_import "site-policy: import ${#SP_PATHS[@]} policies (charter import, one by one)" \
        "$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')"
    SP_REVISIONS=$(find "$SP_SITE/history" -name '*.md' | wc -l)
    SP_INPUT_BYTES=$(size_of "$SP_SITE")

    SPH=$WORK/sp-hugo
    [[ -z $HUGO ]] || hugo_site "$SP_SITE" "$SPH"

    # charter and Hugo in turn, so that both see the machine as it is at
    # the time; each keeps its fastest run, and each pair gives a ratio.
    prep_sp_build() { aside "$SP_OUT"; cold; }
    prep_sp_hugo() { aside "$SPH/public"; rm -rf "$SPH/resources"; cold; }
    SP_PAIRS=()
    SP_WALL_RATIOS=()
    SP_RSS_RATIOS=()
    for ((run = 1; run <= RUNS; run++)); do
        prep_sp_build
        timed sp_build "charter build of site-policy" \
            "$CHARTER" build --root "$SP_SITE" --output "$SP_OUT" --date "$SITE_POLICY_DATE"
        b=$T_WALL
        bm=$(rss_in "$WORK/sp_build.time.try")
        keep sp_build
        [[ -n $HUGO ]] || { say "   charter build: run $run: $b s, $bm MB"; continue; }
        prep_sp_hugo
        timed sp_hugo "hugo of site-policy" "$HUGO" --quiet --source "$SPH" --destination "$SPH/public"
        h=$T_WALL
        hm=$(rss_in "$WORK/sp_hugo.time.try")
        keep sp_hugo
        SP_WALL_RATIOS+=("$(ratio "$b" "$h")")
        SP_RSS_RATIOS+=("$(ratio "$bm" "$hm")")
        say "   pair $run: charter $b s $bm MB, Hugo $h s $hm MB: wall ${SP_WALL_RATIOS[-1]}, memory ${SP_RSS_RATIOS[-1]}"
    done
    record sp_build "site-policy: charter build (cold)"
    tail -n 1 "$WORK/sp_build.err" >&2
    SP_OUT_FILES=$(files_in "$SP_OUT")
    SP_OUT_BYTES=$(size_of "$SP_OUT")
    if [[ -n $HUGO ]]; then
        record sp_hugo "site-policy: hugo --quiet, one page per revision"
        SP_HUGO_FILES=$(files_in "$SPH/public")
        SP_HUGO_BYTES=$(size_of "$SPH/public")
    fi

    # `charter diff` as a user runs it: a whole process, the site's files in
    # the page cache (one call first, untimed), the text format. Each call
    # is timed alone, with bash's clock (no process around it but charter).
    SP_DOC=github-general-privacy-statement
    [[ -d $SP_SITE/history/$SP_DOC ]] || SP_DOC=$(ls "$SP_SITE/history" | head -n 1)
    mapfile -t SP_LATEST < <(ls "$SP_SITE/history/$SP_DOC" | sed 's/\.md$//' | sort -V | tail -n 2)
    ((${#SP_LATEST[@]} == 2)) || die "site-policy: $SP_DOC has fewer than two revisions"
    # Like diff(1), `charter diff` exits with 1 when the texts differ.
    diff_call() {
        local rc=0
        "$CHARTER" diff --root "$SP_SITE" --color never "$SP_DOC" "${SP_LATEST[0]}" "${SP_LATEST[1]}" || rc=$?
        ((rc <= 1))
    }
    diff_call >"$WORK/sp-diff.out" 2>"$WORK/sp-diff.err" || { cat "$WORK/sp-diff.err" >&2; die "charter diff failed"; }
    say "   charter diff $SP_DOC ${SP_LATEST[*]}: $DIFF_CALLS calls ($(wc -l <"$WORK/sp-diff.out") lines of output)"
    SP_DIFF_TIMES=()
    for ((i = 0; i < DIFF_CALLS; i++)); do
        start=${EPOCHREALTIME/,/.}
        diff_call >/dev/null 2>&1 || die "charter diff failed"
        end=${EPOCHREALTIME/,/.}
        SP_DIFF_TIMES+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')")
    done
    SP_DIFF_MEDIAN=$(median "${SP_DIFF_TIMES[@]}")
    row sp_diff "site-policy: charter diff $SP_DOC, one call (median of $DIFF_CALLS)" "$SP_DIFF_MEDIAN"
    # Its CPU time and memory, from GNU time on one more call.
    if [[ -n $TIME ]]; then
        rc=0
        "$TIME" -v -o "$WORK/sp_diff.time" "$CHARTER" diff --root "$SP_SITE" --color never \
            "$SP_DOC" "${SP_LATEST[0]}" "${SP_LATEST[1]}" >/dev/null 2>&1 || rc=$?
        ((rc <= 1)) || die "charter diff failed"
        CPU[sp_diff]=$(cpu_in "$WORK/sp_diff.time")
        RSS[sp_diff]=$(rss_in "$WORK/sp_diff.time")
    fi
    SP_DONE=1
fi

# --- Report --------------------------------------------------------------------------------

echo
echo "charter benchmark: $(nproc) cores, $(uname -m), load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after; fastest of $RUNS runs"
if [[ $SYNTHETIC == 1 ]]; then
    echo "corpus: $DOCUMENTS documents x $REVISIONS revisions x ~$WORDS words: $REVISION_FILES revision files, $(megabytes "$INPUT_BYTES") MB"
    echo "charter output: $OUT_FILES files, $(megabytes "$OUT_BYTES") MB; floor: ${FLOOR_FILES:-?} files of the same total size${HUGO_FILES:+; Hugo: $HUGO_FILES files, $(megabytes "$HUGO_BYTES") MB}"
    [[ -n ${HUGO_BYTES:-} ]] && echo "charter output / Hugo's: $(ratio "$OUT_BYTES" "$HUGO_BYTES") in bytes, $(ratio "$OUT_FILES" "$HUGO_FILES") in files"
    by_kind "$OUT"
fi
if [[ $SP_DONE == 1 ]]; then
    echo "site-policy: ${#SP_PATHS[@]} documents, $SP_REVISIONS revision files, $(megabytes "$SP_INPUT_BYTES") MB, built for $SITE_POLICY_DATE into $SP_OUT_FILES files, $(megabytes "$SP_OUT_BYTES") MB${SP_HUGO_FILES:+; Hugo: $SP_HUGO_FILES files, $(megabytes "$SP_HUGO_BYTES") MB}"
    [[ -n ${SP_HUGO_BYTES:-} ]] && echo "site-policy: charter output / Hugo's: $(ratio "$SP_OUT_BYTES" "$SP_HUGO_BYTES") in bytes, $(ratio "$SP_OUT_FILES" "$SP_HUGO_FILES") in files"
    by_kind "$SP_OUT"
fi
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
if [[ $SYNTHETIC == 1 ]]; then
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
fi
if [[ $SP_DONE == 1 && -n $HUGO ]]; then
    ratios "site-policy: charter build / Hugo (fastest runs)" sp_build sp_hugo
    printf '  %-64s %8s\n' "site-policy: charter build / Hugo, each pair (median)" "$(median "${SP_WALL_RATIOS[@]}")"
    printf '  %-64s %8s\n' "  the pairs" "${SP_WALL_RATIOS[*]}"
    printf '  %-64s %8s\n' "site-policy: peak memory, charter build / Hugo (fastest runs)" "$(ratio "${RSS[sp_build]}" "${RSS[sp_hugo]}")"
    printf '  %-64s %8s\n' "  each pair" "${SP_RSS_RATIOS[*]}"
fi
if [[ $SP_DONE == 1 ]]; then
    printf '  %-64s %8s\n' "site-policy: charter diff calls, fastest and slowest (s)" \
        "$(printf '%s\n' "${SP_DIFF_TIMES[@]}" | sort -g | sed -n '1p;$p' | paste -sd' ')"
fi

# The targets set for the build (see bench/README.md), each against its
# figures above (wall time, fastest runs).
# verdict LABEL A B LIMIT [at-most]: A / B, and "met" when it is below
# LIMIT (or equal to it, with at-most).
verdict() {
    awk -v label="$1" -v a="$2" -v b="$3" -v l="$4" -v le="${5:-}" 'BEGIN {
        if (a == "" || b == "" || b + 0 == 0) { printf "  %-64s %8s\n", label, "n/a"; exit }
        r = a / b
        printf "  %-64s %8.3f %8s\n", label, r, (r < l || (le != "" && r == l) ? "met" : "NOT met")
    }'
}
echo
printf '  %-64s %8s\n' "targets" "ratio"
if [[ $SYNTHETIC == 1 ]]; then
    verdict "charter build / floor: below 3" "${WALL[build]}" "${WALL[floor]}" 3
    if [[ -n $HUGO ]]; then
        verdict "charter build / Hugo: below 1" "${WALL[build]}" "${WALL[hugo]}" 1
    fi
    verdict "rebuild after a draft edit / full build --drafts: below 0.05" "${WALL[one_draft_step]}" "${WALL[drafts]}" 0.05
    verdict "rebuild after a new revision / full build: below 0.05" "${WALL[one_revision_step]}" "${WALL[revision]}" 0.05
fi
if [[ $SP_DONE == 1 ]]; then
    if [[ -n $HUGO ]]; then
        verdict "site-policy: charter build / Hugo: at most 0.5" "${WALL[sp_build]}" "${WALL[sp_hugo]}" 0.5 at-most
        [[ ${RSS[sp_build]} == n/a ]] ||
            verdict "site-policy: peak memory, charter build / Hugo: below 1" "${RSS[sp_build]}" "${RSS[sp_hugo]}" 1
    fi
    verdict "site-policy: charter diff, seconds a call (median): below 0.05" "$SP_DIFF_MEDIAN" 1 0.05
fi
