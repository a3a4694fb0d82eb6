#!/usr/bin/env bash
# Measures `gdprkit campaign send` (docs/benchmarks.md, "Campaigns"): a
# re-permission campaign launched and sent in the foreground, rates off,
# to a local SMTP sink (`gdprkit dev smtp-sink`, a separate process that
# counts messages and discards them), on a fresh base of ROWS contacts to
# ask, with /usr/bin/time -v for the wall time and the maximum RSS of the
# sending process (and the peak of its anonymous memory, sampled). Prints
# one line per run and a Markdown table.
#
#   bench/campaign-send.sh [ROWS...] [-- RUNS]  # default 10000 100000, 3 runs
#
# Baseline, in the same run: `gdprkit dev smtp-blast` sends the same number
# of campaign e-mails (the default template, rendered beforehand) to the
# same sink over as many connections as the campaign uses (4), without a
# database: what SMTP alone costs.
# PostgreSQL runs too when GDPRKIT_BENCH_POSTGRES (or GDPRKIT_TEST_POSTGRES)
# names a server; a scratch database is created and dropped for each run.
set -euo pipefail
sizes=()
runs=3
while [ $# -gt 0 ]; do
	case $1 in
	--) runs=$2; shift 2 ;;
	*) sizes+=("$1"); shift ;;
	esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/gdprkit-campaign-bench.XXXXXX)
bin="$work/gdprkit"
sinkpid=
cleanup() {
	[ -n "$sinkpid" ] && kill "$sinkpid" 2>/dev/null && wait "$sinkpid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
(cd "$root" && go build -o "$bin" ./cmd/gdprkit)

port=${GDPRKIT_BENCH_SMTP_PORT:-25259}
"$bin" dev smtp-sink --listen "127.0.0.1:$port" >"$work/sink.log" 2>&1 &
sinkpid=$!
for _ in $(seq 50); do grep -q listening "$work/sink.log" && break; sleep 0.1; done
export GDPRKIT_SMTP_HOST=127.0.0.1 GDPRKIT_SMTP_PORT=$port GDPRKIT_SMTP_TLS=none \
	GDPRKIT_MAIL_FROM='Acme <news@acme.example>' GDPRKIT_CONTROLLER_NAME='Acme SA' \
	GDPRKIT_PRIVACY_URL=https://acme.example/privacy GDPRKIT_BASE_URL=https://consent.acme.example \
	GDPRKIT_LANGUAGE=en LANG=C.UTF-8

# received: the sink's message count now.
received() {
	sleep 1.2 # the sink prints its counts every second when they change
	tail -n 1 "$work/sink.log" | awk '{print $2}'
}

# send LABEL ROWS RUN ARGS...: seed, create, send; one result line.
send() {
	local label=$1 rows=$2 run=$3
	shift 3
	"$bin" dev seed-contacts --rows "$rows" "$@" >/dev/null
	"$bin" campaign create --name "Bench $rows" --rate 0 --domain-rate 0 --reminders "" "$@" >/dev/null
	local before after
	before=$(received)
	/usr/bin/time -v -o "$work/time" "$bin" campaign send 1 --yes "$@" >/dev/null 2>"$work/send.err" &
	local timepid=$! pid= anon=0 kb
	# The peak of RssAnon (the heap, stacks: what the process needs), sampled
	# every 0.1 s; max RSS also counts the pages of the database file that
	# SQLite maps, which the kernel may take back at any time.
	while kill -0 "$timepid" 2>/dev/null; do
		[ -n "$pid" ] || pid=$(pgrep -P "$timepid" || true)
		if [ -n "$pid" ]; then
			kb=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
			[ "${kb:-0}" -gt "$anon" ] && anon=$kb
		fi
		sleep 0.1
	done
	wait "$timepid" || { cat "$work/send.err" >&2; exit 1; }
	after=$(received)
	local wall rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time")
	rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time")
	printf '%s %s %s send %s %s %s %s\n' "$label" "$rows" "$run" "$((after - before))" "$wall" "$rss" "$((anon / 1024))" | tee -a "$work/results"
}

# blast LABEL ROWS RUN: the SMTP-only baseline.
blast() {
	local label=$1 rows=$2 run=$3 out
	out=$("$bin" dev smtp-blast --count "$rows" --connections 4 --data-dir "$work/blast")
	printf '%s %s %s blast %s %s -\n' "$label" "$rows" "$run" "$rows" "$(echo "$out" | awk '{print $8}')" | tee -a "$work/results"
}

pg=${GDPRKIT_BENCH_POSTGRES:-${GDPRKIT_TEST_POSTGRES:-}}
for rows in "${sizes[@]}"; do
	for run in $(seq "$runs"); do
		blast sqlite "$rows" "$run"
		rm -rf "$work/data"
		send sqlite "$rows" "$run" --data-dir "$work/data"
		if [ -n "$pg" ]; then
			db="gdprkit_campaign_bench_$$"
			psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
			url=$(printf '%s' "$pg" | sed -E "s#/[^/?]*(\?|$)#/$db\1#")
			rm -rf "$work/pgdata"
			send postgres "$rows" "$run" --data-dir "$work/pgdata" --database "$url"
			psql "$pg" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
		fi
	done
done

# The table: medians over the runs, range in brackets; the baseline is
# the median of the blasts of the same size.
echo
echo "| Database | Recipients | Wall time, s | Messages/s | × SMTP alone | Max RSS, MB | Peak RssAnon, MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
awk '
	function med(list,   n, a, i, j, t) {
		n = split(list, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	function rng(list,   n, a, i, lo, hi) {
		n = split(list, a, " "); lo = a[1]; hi = a[1]
		for (i = 2; i <= n; i++) { if (a[i] + 0 < lo + 0) lo = a[i]; if (a[i] + 0 > hi + 0) hi = a[i] }
		return lo "–" hi
	}
	$4 == "blast" { blast[$2] = blast[$2] " " $6; next }
	$4 == "send" {
		k = $1 " " $2; keys[k] = 1
		if ($5 != $2) printf "warning: %s %s run %s: %s messages received\n", $1, $2, $3, $5 > "/dev/stderr"
		wall[k] = wall[k] " " $6; rate[k] = rate[k] " " sprintf("%.0f", $5 / $6); rss[k] = rss[k] " " $7; anon[k] = anon[k] " " $8
	}
	END {
		for (r in blast) printf "| SMTP alone (4 connections, no database) | %s | | %.0f (%s) | 1 | | |\n", r, med(blast[r]), rng(blast[r])
		for (k in keys) {
			split(k, p, " ")
			printf "| %s | %s | %.1f (%s) | %.0f (%s) | %.2f | %.0f (%s) | %.0f (%s) |\n", p[1], p[2], med(wall[k]), rng(wall[k]),
				med(rate[k]), rng(rate[k]), med(rate[k]) / med(blast[p[2]]), med(rss[k]), rng(rss[k]), med(anon[k]), rng(anon[k])
		}
	}
' "$work/results" | sort -t'|' -k3,3n -k2,2
