#!/usr/bin/env bash
# End-to-end check of paxos-sim as its users get it: pack the package, install
# the tarball into a scratch copy of examples/two-phase-commit, build and test
# the example there, and drive the INSTALLED CLI (npx paxos-sim) against the
# example's built protocol module, checking every exit code:
#   0 nothing found, 1 a finding, 2 bad input (one line on stderr).
#
# Needs the repository's own dependencies installed (npm ci): `npm pack` runs
# the `prepare` build. Everything else comes from the npm registry. Cleans up
# its temporary directory on exit; exits non-zero on any unexpected result.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXAMPLE="$ROOT/examples/two-phase-commit"
MODULE=./dist/two-phase-commit.js
START=$SECONDS

TMP="$(mktemp -d "${TMPDIR:-/tmp}/paxos-sim-e2e.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
WORK="$TMP/two-phase-commit"
LOG="$TMP/log"
mkdir -p "$LOG"

step() { printf '\n==> [%3ss] %s\n' "$((SECONDS - START))" "$*"; }
ok() { printf '    ok: %s\n' "$*"; }
fail() {
  printf '\nexample-e2e: FAIL: %s\n' "$*" >&2
  exit 1
}
# show FILE...: print log files (on failure).
show() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    printf -- '---- %s\n' "$(basename "$f")" >&2
    tail -n 60 "$f" >&2
  done
}

# expect_exit CODE NAME CMD...: run CMD in the current directory with stdout in
# $LOG/NAME.out and stderr in $LOG/NAME.err; fail unless it exits with CODE.
expect_exit() {
  local want=$1 name=$2 got=0
  shift 2
  "$@" >"$LOG/$name.out" 2>"$LOG/$name.err" </dev/null || got=$?
  if [ "$got" -ne "$want" ]; then
    show "$LOG/$name.out" "$LOG/$name.err"
    fail "$name: expected exit $want, got $got from: $*"
  fi
}

# json NAME EXPR: evaluate the JavaScript expression EXPR over `j`, the single
# JSON object that $LOG/NAME.out holds, and print the result.
json() {
  node -e '
    const fs = require("fs");
    const [file, expr] = process.argv.slice(1);
    const text = fs.readFileSync(file, "utf8").trim();
    let j;
    try { j = JSON.parse(text); } catch (e) { console.error(`${file}: not one JSON object: ${text.slice(0, 200)}`); process.exit(1); }
    const v = new Function("j", `return (${expr});`)(j);
    process.stdout.write(typeof v === "string" ? v : JSON.stringify(v));
  ' "$LOG/$1.out" "$2"
}

# check NAME EXPR WHAT: fail unless EXPR (over `j`, see json) is true.
check() {
  if [ "$(json "$1" "$2")" != "true" ]; then
    show "$LOG/$1.out" "$LOG/$1.err"
    fail "$1: expected $3 ($2)"
  fi
}

paxos_sim() { npx --no paxos-sim "$@"; }

# -------------------------------------------------------------------- pack
step "npm pack (repository root) into a temporary directory"
[ -d "$ROOT/node_modules" ] || fail "no node_modules at $ROOT: run 'npm ci' first (npm pack builds the package with tsc)"
mkdir -p "$TMP/pack"
(cd "$ROOT" && npm pack --pack-destination "$TMP/pack" >"$LOG/pack.out" 2>"$LOG/pack.err" </dev/null) || {
  show "$LOG/pack.out" "$LOG/pack.err"
  fail "npm pack failed"
}
TARBALL="$(ls "$TMP"/pack/paxos-sim-*.tgz 2>/dev/null | head -n 1)"
[ -n "$TARBALL" ] || fail "npm pack produced no paxos-sim-*.tgz in $TMP/pack"
tar -tzf "$TARBALL" >"$LOG/pack.files"
for f in package/package.json package/dist/index.js package/dist/index.d.ts package/bin/paxos-sim.js; do
  grep -qx "$f" "$LOG/pack.files" || fail "$(basename "$TARBALL") has no ${f#package/}"
done
ok "$(basename "$TARBALL") ($(du -k "$TARBALL" | cut -f1) KiB, $(wc -l <"$LOG/pack.files" | tr -d ' ') files)"

# -------------------------------------------------------------------- install
step "copy examples/two-phase-commit to a scratch folder and install the tarball and its dev dependencies"
cp -R "$EXAMPLE" "$WORK"
rm -rf "$WORK/node_modules" "$WORK/dist" "$WORK/counterexamples" "$WORK/package-lock.json"
cd "$WORK"
expect_exit 0 npm-install-tarball npm install --no-audit --no-fund "$TARBALL"
expect_exit 0 npm-install npm install --no-audit --no-fund
[ -d node_modules/paxos-sim ] && [ ! -L node_modules/paxos-sim ] || fail "node_modules/paxos-sim is not the installed tarball"
[ -x node_modules/.bin/paxos-sim ] || fail "the installed package provides no paxos-sim bin"
ok "paxos-sim $(node -p 'require("paxos-sim/package.json").version') installed from the tarball"

step "the package entry point exports the library"
expect_exit 0 import node -e "import('paxos-sim').then(m => console.log(typeof m.fuzz, typeof m.explore, typeof m.replay, typeof m.defineProtocol))"
[ "$(cat "$LOG/import.out")" = "function function function function" ] || {
  show "$LOG/import.out" "$LOG/import.err"
  fail "import('paxos-sim') should print 'function' four times"
}
ok "$(cat "$LOG/import.out")"

# -------------------------------------------------------------------- build and test
step "build the example with tsc, type-check its tests"
expect_exit 0 build npm run build
[ -f "$MODULE" ] || fail "tsc did not produce $MODULE"
expect_exit 0 typecheck npm run typecheck
ok "$MODULE"

step "the example's vitest tests"
expect_exit 0 vitest npx --no vitest run
sed 's/\x1b\[[0-9;]*m//g' "$LOG/vitest.out" >"$LOG/vitest.txt"
ok "$(grep -E '^ *Tests +[0-9]' "$LOG/vitest.txt" | tr -s ' ' | sed 's/^ //' || true)"

# -------------------------------------------------------------------- CLI on the built module
step "paxos-sim fuzz --help lists the module's size flag and variants"
expect_exit 0 help paxos_sim fuzz --protocol "$MODULE" --help
grep -q -- '--rms N' "$LOG/help.out" || fail "fuzz --help does not list --rms"
grep -q 'forgetful-rm' "$LOG/help.out" || fail "fuzz --help does not list the variants"
ok "--rms and the variants are listed"

step "fuzz the correct variant: exit 0"
expect_exit 0 fuzz-correct paxos_sim fuzz --protocol "$MODULE" --runs 500 --seed 1 --json
check fuzz-correct 'j.ok === true && j.violation === null && j.variant === "correct" && j.liveness === true' "no finding, liveness checked"
ok "$(json fuzz-correct '`${j.runs} runs, ${j.events} events, fingerprint ${j.fingerprint}`')"

# fuzz_bug VARIANT RMS RUNS INVARIANTS: the buggy variant must be caught (exit 1) and its saved counterexample replay.
fuzz_bug() {
  local variant=$1 rms=$2 runs=$3 expect=$4 name="fuzz-$1"
  step "fuzz the buggy variant $variant (--rms $rms): exit 1, a saved counterexample"
  expect_exit 1 "$name" paxos_sim fuzz --protocol "$MODULE" --variant "$variant" --rms "$rms" --runs "$runs" --seed 1 --json
  check "$name" "j.ok === false && ${expect}.includes(j.violation?.invariant) && typeof j.violation.file === 'string'" "a violation of one of $expect, saved"
  local file
  file="$(json "$name" 'j.violation.file')"
  [ -f "$file" ] || fail "$name: the counterexample $file was not saved"
  ok "$(json "$name" '`${j.violation.kind} ${j.violation.invariant} after ${j.runs} runs, shrunk ${j.violation.originalSteps} -> ${j.violation.steps} steps, found by ${j.violation.foundBy}`')"
  ok "$(json "$name" 'j.violation.message')"

  # The file records the module relative to itself: replay it without flags, from its own directory.
  step "replay the saved file without flags: reproduced"
  (cd "$(dirname "$file")" && expect_exit 1 "replay-$variant" paxos_sim replay "$(basename "$file")" --json)
  check "replay-$variant" "j.reproduced === true && j.divergence === null && j.invariant === $(json "$name" 'JSON.stringify(j.violation.invariant)') && j.steps === $(json "$name" 'j.violation.steps')" "reproduced: the same violation at the same step"
  ok "$(json "replay-$variant" '`reproduced ${j.kind} ${j.invariant} at step ${j.steps}, fingerprint ${j.fingerprint}`')"
}
fuzz_bug forgetful-rm 2 1000 '["consistency"]'
fuzz_bug eager-commit 3 200 '["commit-validity","consistency"]'

step "explore the correct variant at --rms 2 (with and without faults): exit 0, complete"
expect_exit 0 explore-correct paxos_sim explore --protocol "$MODULE" --rms 2 --json
check explore-correct 'j.ok === true && j.complete === true && j.violation === null' "a complete search without violation"
ok "$(json explore-correct '`${j.distinctStates} states, depth ${j.depth}, complete`')"
expect_exit 0 explore-correct-faults paxos_sim explore --protocol "$MODULE" --rms 2 --faults on --json
check explore-correct-faults 'j.ok === true && j.complete === true && j.violation === null' "a complete search without violation"
ok "faults on: $(json explore-correct-faults '`${j.distinctStates} states, depth ${j.depth}, complete`')"

# explore_bug VARIANT INVARIANT FLAGS...: the explorer finds the bug within a small scope (exit 1), and its file replays.
explore_bug() {
  local variant=$1 invariant=$2 name="explore-$1"
  shift 2
  step "explore the buggy variant $variant $*: exit 1, shortest counterexample"
  expect_exit 1 "$name" paxos_sim explore --protocol "$MODULE" --variant "$variant" "$@" --json
  check "$name" "j.ok === false && j.violation?.invariant === '$invariant' && typeof j.violation.file === 'string'" "a $invariant violation, saved"
  ok "$(json "$name" '`${j.violation.invariant} in ${j.violation.steps} steps (${j.distinctStates} states explored)`')"
  expect_exit 1 "replay-$name" paxos_sim replay "$(json "$name" 'j.violation.file')" --json
  check "replay-$name" 'j.reproduced === true' "the explorer's counterexample to replay"
  ok "its saved file replays"
}
explore_bug eager-commit commit-validity --rms 2
explore_bug forgetful-rm consistency --rms 2 --faults on

# -------------------------------------------------------------------- bad input
step "bad input: exit 2 with one line on stderr"
expect_exit 2 missing-module paxos_sim fuzz --protocol ./does-not-exist.js
[ "$(wc -l <"$LOG/missing-module.err" | tr -d ' ')" = 1 ] || {
  show "$LOG/missing-module.err"
  fail "a missing module should be reported in exactly one line"
}
[ ! -s "$LOG/missing-module.out" ] || fail "a missing module should print nothing on stdout"
ok "$(cat "$LOG/missing-module.err")"
expect_exit 2 bad-size paxos_sim fuzz --protocol "$MODULE" --variant eager-commit --rms 1
[ "$(wc -l <"$LOG/bad-size.err" | tr -d ' ')" = 1 ] || fail "a size the variant rejects should be reported in exactly one line"
ok "$(cat "$LOG/bad-size.err")"

printf '\nexample-e2e: all checks passed in %ss\n' "$((SECONDS - START))"
