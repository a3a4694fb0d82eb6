#!/usr/bin/env bash
# Compares an import started from the web application with `gdprkit import`
# on the same generated Mailchimp export, alternating runs, each on a fresh
# database, and prints one line per run:
#
#   bench/web-import.sh [ROWS] [RUNS]     # default 200000 rows, 3 runs
#
# CLI: the whole `gdprkit import` command. Web: from the request that
# starts the import to the progress page's redirect to the report (polled
# every 100 ms). PostgreSQL runs too when GDPRKIT_BENCH_POSTGRES (or
# GDPRKIT_TEST_POSTGRES) names a server: a scratch database is created per run.
set -euo pipefail
rows=${1:-200000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/gdprkit-webbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin="$work/gdprkit"
(cd "$root" && go build -o "$bin" ./cmd/gdprkit)
zip="$work/export.zip"
"$bin" dev gen-mailchimp --zip --rows "$rows" --seed 1 "$zip"
pg=${GDPRKIT_BENCH_POSTGRES:-${GDPRKIT_TEST_POSTGRES:-}}

now() { date +%s.%N; }

# fresh DIALECT prints the --database flag of a new, empty database.
fresh() {
	if [ "$1" = sqlite ]; then
		rm -f "$work/db.sqlite"*
		echo "sqlite://$work/db.sqlite"
		return
	fi
	PGOPTIONS="-c client_min_messages=warning" psql "$pg" -q -c "DROP DATABASE IF EXISTS gdprkit_webbench WITH (FORCE)" -c "CREATE DATABASE gdprkit_webbench"
	echo "${pg%%/postgres*}/gdprkit_webbench?sslmode=disable"
}

cli() {
	local start; start=$(now)
	"$bin" --data-dir "$work/data" --database "$1" import "$zip" >/dev/null 2>&1
	echo "$(echo "$(now) - $start" | bc)"
}

web() {
	local out="$work/serve.out" jar="$work/jar" port=18199 base loc start
	"$bin" --data-dir "$work/data" --database "$1" serve --listen 127.0.0.1:$port >"$out" 2>/dev/null &
	local pid=$!
	until grep -q 'setup?token=' "$out" 2>/dev/null; do sleep 0.1; done
	base=http://127.0.0.1:$port
	local token; token=$(grep -o 'token=[a-z0-9]*' "$out" | cut -d= -f2)
	curl -sf -c "$jar" -b "$jar" -o /dev/null --data-urlencode "token=$token" --data-urlencode email=bench@example.com \
		--data-urlencode password=bench-password-long --data-urlencode confirm=bench-password-long "$base/setup"
	loc=$(curl -sf -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' -F "files=@$zip" "$base/imports")
	start=$(now)
	curl -sf -c "$jar" -b "$jar" -o /dev/null -X POST "$loc/start"
	until curl -s -c "$jar" -b "$jar" -H 'HX-Request: true' -D - -o /dev/null "$loc/progress" | grep -qi '^hx-redirect: /imports/'; do
		sleep 0.1
	done
	echo "$(echo "$(now) - $start" | bc)"
	kill "$pid"; wait "$pid" 2>/dev/null || true
	rm -rf "$work/data" "$jar" "$out"
}

dialects=(sqlite)
[ -n "$pg" ] && dialects+=(postgres)
for d in "${dialects[@]}"; do
	for i in $(seq "$runs"); do
		echo "$d cli $(cli "$(fresh "$d")") s"
		echo "$d web $(web "$(fresh "$d")") s"
	done
done
