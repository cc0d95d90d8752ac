#!/bin/bash
# The API against its OpenAPI document for several minutes (by hand, not in `make test`):
# a 2000-line demo in a temporary data directory, served by gunicorn as `make run` does on
# 127.0.0.1:8765, then schemathesis with every check and the stateful phase as the province
# office, the 淄博 city officer and without a token. The server is stopped at the end.
# Usage: benchmarks/api_fuzz.sh [province seconds] [city seconds] [anonymous seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=8765
OUT=${OUT:-$(mktemp -d /tmp/resolute-api-fuzz.XXXXXX)}
export RESOLUTE_DATA_DIR=$OUT/data RESOLUTE_API_WRITE_RATE=600/min
mkdir -p "$RESOLUTE_DATA_DIR"
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py load_demo --lines 2000 > /dev/null
province=$($BIN/python manage.py issue_token province --name fuzz 2>/dev/null)
zibo=$($BIN/python manage.py issue_token zibo --name fuzz 2>/dev/null)
$BIN/gunicorn resolute.web.wsgi --bind 127.0.0.1:$PORT --workers 2 --threads 4 \
  > "$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 5
run() {  # name, seconds, extra arguments
  local name=$1 seconds=$2
  shift 2
  echo "== $name ($seconds s)"
  $BIN/st --config-file benchmarks/schemathesis.toml run "http://127.0.0.1:$PORT/api/openapi.json" \
    --checks all --phases examples,coverage,fuzzing,stateful --workers 1 --continue-on-failure \
    --max-time "$seconds" "$@" > "$OUT/$name.out" 2>&1 || true
  sed -n '/SUMMARY/,$p' "$OUT/$name.out"
}
run province "${1:-240}" -H "Authorization: Bearer $province"
run city "${2:-150}" -H "Authorization: Bearer $zibo"
run anonymous "${3:-90}"
echo "server errors logged: $(grep -c 'Internal Server Error' "$OUT/server.log" || true)"
echo "output in $OUT"
