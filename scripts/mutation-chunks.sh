#!/usr/bin/env bash
# The whole of src/ through StrykerJS in five chunks (npm run mutation:chunks), each with its own incremental
# file, so that a run cut short keeps what it finished and the next run retests only what changed. Static
# mutants (module-level tables and patterns, each a rerun of the whole suite) are left out: their rows are
# tested one by one in __tests__/tables.test.ts. Reports: reports/log-<chunk>.txt and reports/inc-<chunk>.json.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p reports

chunk() {
  local name=$1 files=$2
  echo "== $name ($(date +%T))"
  stryker run --ignoreStatic --mutate "$files" --incrementalFile "reports/inc-$name.json" >"reports/log-$name.txt" 2>&1
  grep -A 40 'tests per mutant' "reports/log-$name.txt" | grep -E '^(All files|-)' | head -3
}

chunk vendors 'src/vendors/**/*.ts'
chunk flow src/exchange.ts,src/post.ts,src/publish.ts,src/revoke.ts,src/state.ts
chunk http src/http.ts,src/transport.ts
chunk inputs src/inputs.ts,src/masking.ts,src/action-inputs.ts,src/near-miss.ts,src/pem.ts,src/reserved-env.ts,src/token-dir.ts
chunk reading src/token-response.ts,src/token-syntax.ts,src/expiry.ts,src/vendor-text.ts,src/errors.ts,src/client-assertion.ts,src/github-id-token.ts,src/main.ts
node scripts/mutation-score.mjs reports/inc-*.json
