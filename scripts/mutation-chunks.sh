#!/usr/bin/env bash
# The whole of src/ through StrykerJS in five chunks (npm run mutation:chunks), each with its own incremental
# file, so that a run cut short keeps what it finished and the next run retests only what changed. Static
# mutants (module-level tables and patterns, each a rerun of the whole suite) are left out: their rows are
# tested one by one in __tests__/tables.test.ts. Reports: reports/log-<chunk>.txt and reports/inc-<chunk>.json.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p reports

FLOW=(exchange post publish revoke state)
HTTP=(http transport)
INPUTS=(inputs masking action-inputs near-miss pem reserved-env token-dir)
# Never mutated, as in stryker.config.mjs: the entry points run only bundled.
ENTRY_POINTS=(index index-post)

# src/<name>.ts for each name, comma-separated (Stryker splits --mutate on commas, so no {a,b} globs).
files() { local prefix=$1 list="" name; shift; for name in "$@"; do list+="${list:+,}${prefix}src/$name.ts"; done; echo "$list"; }

chunk() {
  local name=$1 files=$2
  echo "== $name ($(date +%T))"
  stryker run --ignoreStatic --mutate "$files" --incrementalFile "reports/inc-$name.json" >"reports/log-$name.txt" 2>&1
  grep -A 40 'tests per mutant' "reports/log-$name.txt" | grep -E '^(All files|-)' | head -3
}

chunk vendors 'src/vendors/**/*.ts'
chunk flow "$(files '' "${FLOW[@]}")"
chunk http "$(files '' "${HTTP[@]}")"
chunk inputs "$(files '' "${INPUTS[@]}")"
# The rest, whatever it holds (today: token-response, token-syntax, expiry, vendor-text, errors,
# client-assertion, github-id-token, main), so that a new module is never left out of the run.
chunk reading "src/**/*.ts,!src/vendors/**,!src/bundle-stubs/**,$(files '!' "${FLOW[@]}" "${HTTP[@]}" "${INPUTS[@]}" "${ENTRY_POINTS[@]}")"
node scripts/mutation-score.mjs reports/inc-*.json
