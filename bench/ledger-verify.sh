#!/usr/bin/env bash
# Measures `gdprkit ledger verify` (docs/benchmarks.md, "Ledger") on the
# ledger of an imported Mailchimp export (about 1.6 consent events per row),
# against two baselines measured in the same run on the same rows, and
# prints a Markdown table.
#
#   bench/ledger-verify.sh [ROWS] [RUNS]     # default 1000000 rows, best of 3
#
# Baselines (gdprkit ledger baseline, hidden):
#   read  every event row, all the columns verification reads, through
#         database/sql on one connection, without verifying anything;
#   hash  the commitments, digests and chain of the same events, in memory,
#         on one core.
# PostgreSQL runs too when GDPRKIT_BENCH_POSTGRES (or GDPRKIT_TEST_POSTGRES)
# names a server; a scratch database is created and dropped.
set -euo pipefail
rows=${1:-1000000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/gdprkit-ledger-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin="$work/gdprkit"
(cd "$root" && go build -o "$bin" ./cmd/gdprkit)
csv="$work/subscribed_email_audience_export_bench.csv"
"$bin" dev gen-mailchimp --rows "$rows" --seed 1 "$csv"

# best NAME COMMAND...: the best events/s of $runs runs, from the command's
# "(N events/s)".
best() {
	local name=$1 top=0 rate
	shift
	for _ in $(seq "$runs"); do
		rate=$("$@" 2>/dev/null | sed -n 's/.*(\([0-9,. ]*\) events\/s).*/\1/p' | tr -d ', .\342\200\257')
		[ "${rate:-0}" -gt "$top" ] && top=$rate
	done
	printf '%s %s\n' "$name" "$top" | tee -a "$work/results" >&2
}

ledger() {
	local label=$1
	shift
	"$bin" import "$@" "$csv" >/dev/null 2>&1
	events=$("$bin" ledger verify "$@" 2>/dev/null | sed -n 's/^\([0-9,]*\) events in.*/\1/p' | tr -d ,)
	echo "$label $events" >>"$work/events"
	best "$label-read" "$bin" ledger baseline --mode read "$@"
	best "$label-hash" "$bin" ledger baseline --mode hash "$@"
	best "$label-verify" "$bin" ledger verify "$@"
}

ledger sqlite --data-dir "$work/data"
pg=${GDPRKIT_BENCH_POSTGRES:-${GDPRKIT_TEST_POSTGRES:-}}
if [ -n "$pg" ]; then
	db="gdprkit_ledger_bench_$$"
	psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
	url=$(printf '%s' "$pg" | sed -E "s#/[^/?]*(\?|$)#/$db\1#")
	ledger postgres --data-dir "$work/pgdata" --database "$url"
	psql "$pg" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
fi

echo
echo "| Measure ($rows rows) | Events | Events/s (best of $runs) | Ratio |"
echo "|---|---|---|---|"
awk '
	FNR == NR { events[$1] = $2; next }
	{ split($1, p, "-"); rate[$1] = $2 }
	p[2] == "read"   { printf "| %s: read the rows, no verification (baseline) | %s | %s | 1 |\n", p[1], events[p[1]], $2 }
	p[2] == "hash"   { printf "| %s: hash the same events on one core (baseline) | %s | %s | %.2f× the read |\n", p[1], events[p[1]], $2, $2 / rate[p[1] "-read"] }
	p[2] == "verify" { printf "| %s: gdprkit ledger verify | %s | %s | %.2f× the read, %.2f× the hash |\n", p[1], events[p[1]], $2, $2 / rate[p[1] "-read"], $2 / rate[p[1] "-hash"] }
' "$work/events" "$work/results"
