#!/usr/bin/env bash
# Measures the consent audit and the import of a generated Mailchimp export
# against baselines taken in the same run, and prints a Markdown table for
# docs/benchmarks.md.
#
#   bench/import-audit.sh [ROWS]          # default 1000000
#
# Baselines: parsing the same file with encoding/csv alone (gdprkit dev
# csv-floor). PostgreSQL runs when GDPRKIT_BENCH_POSTGRES (or
# GDPRKIT_TEST_POSTGRES) names a server; a scratch database is created.
set -euo pipefail
rows=${1:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/gdprkit-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin="$work/gdprkit"
(cd "$root" && go build -o "$bin" ./cmd/gdprkit)
csv="$work/subscribed_email_audience_export_bench.csv"
"$bin" dev gen-mailchimp --rows "$rows" --seed 1 "$csv"

# measure NAME COMMAND...: wall seconds and peak RSS (MiB) of one run.
measure() {
	local name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
	read -r secs kib <"$work/time"
	printf '%s %s %s\n' "$name" "$secs" "$((kib / 1024))" | tee -a "$work/results" >&2
}

measure csv-floor "$bin" dev csv-floor "$csv"
measure read-classify "$bin" dev read-classify "$csv"
measure audit "$bin" audit --out "$work/audit" "$csv"
measure import-sqlite "$bin" import --data-dir "$work/data" "$csv"
measure reimport-sqlite "$bin" import --data-dir "$work/data" "$csv"

pg=${GDPRKIT_BENCH_POSTGRES:-${GDPRKIT_TEST_POSTGRES:-}}
if [ -n "$pg" ]; then
	db="gdprkit_bench_$$"
	psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
	url=$(printf '%s' "$pg" | sed -E "s#/[^/?]*(\?|$)#/$db\1#")
	measure import-postgres "$bin" import --database "$url" "$csv"
	measure reimport-postgres "$bin" import --database "$url" "$csv"
	psql "$pg" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
fi

floor=$(awk '$1 == "csv-floor" { print $2 }' "$work/results")
echo
echo "| Measure ($rows rows) | Seconds | Peak RSS (MiB) | Ratio |"
echo "|---|---|---|---|"
awk -v floor="$floor" '
	$1 == "csv-floor"       { printf "| encoding/csv parse only (baseline) | %s | %s | 1 |\n", $2, $3 }
	$1 == "read-classify"   { printf "| read and classify (audit pass) | %s | %s | speed %.2f of the baseline |\n", $2, $3, floor / $2 }
	$1 == "audit"           { printf "| gdprkit audit, every report written | %s | %s | %.1f× the baseline time |\n", $2, $3, $2 / floor }
	$1 ~ /^import-/         { printf "| gdprkit import, empty %s | %s | %s | %.1f× the baseline time |\n", substr($1, 8), $2, $3, $2 / floor; first[substr($1, 8)] = $2 }
	$1 ~ /^reimport-/       { d = substr($1, 10); printf "| gdprkit import again, unchanged, %s | %s | %s | %.2f× its first import |\n", d, $2, $3, $2 / first[d] }
' "$work/results"
