#!/usr/bin/env bash
# Side-by-side Redis-protocol comparison on loopback: the demo application (its RESP port
# on a shared swoole4j Table) against redis-server, both measured by redis-benchmark in
# one run, one server at a time, without and with pipelining, so that the ratios mean
# something on a shared, noisy machine.
#
# Usage: bench/resp-compare.sh
# Environment (all optional):
#   RESP_TESTS        redis-benchmark tests          (default: set,get,incr)
#   RESP_REQUESTS     requests per test              (default: 100000)
#   RESP_CLIENTS      parallel connections           (default: 50)
#   RESP_PIPELINES    pipeline depths to run         (default: "1 16")
#   RESP_ROUNDS       rounds of (demo, redis) runs   (default: 1; figures are per round)
#   RESP_KEYSPACE     random keys per test (redis-benchmark -r; default: none, so every request
#                     hits the one key "key:__rand_int__", the worst case for a multi-threaded server,
#                     whose threads then queue on that key's lock)
#   RESP_WARMUP       requests per test sent to each server before measuring, unrecorded, so
#                     that the JVM has compiled its hot path (default: 50000; 0 to skip)
#   RESP_DEMO_ARGS    extra Spring Boot arguments for the demo, e.g. "--swoole.server.worker-num=1"
#   RESP_DEMO_OPTS    extra JVM options for the demo
#   RESP_START_TIMEOUT seconds to wait for a server to answer PING (default: 60)
#   RESP_REBUILD      1 to rebuild the demo jar even when it exists (default: 0)
# redis-server and redis-benchmark come from Debian's redis-server and redis-tools
# packages, installed with apt-get when missing (as root, or through sudo).
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=swoole-demo-app/target/swoole-demo-app-0.1.0-SNAPSHOT.jar
TESTS=${RESP_TESTS:-set,get,incr}
REQUESTS=${RESP_REQUESTS:-100000}
CLIENTS=${RESP_CLIENTS:-50}
PIPELINES=${RESP_PIPELINES:-"1 16"}
ROUNDS=${RESP_ROUNDS:-1}
START_TIMEOUT=${RESP_START_TIMEOUT:-60}
read -r -a DEMO_ARGS <<< "${RESP_DEMO_ARGS:-}"
KEYSPACE_ARGS=()
if [ -n "${RESP_KEYSPACE:-}" ]; then
	KEYSPACE_ARGS=(-r "$RESP_KEYSPACE")
fi
read -r -a DEMO_OPTS <<< "${RESP_DEMO_OPTS:-}"

if ! command -v redis-server > /dev/null || ! command -v redis-benchmark > /dev/null; then
	echo "resp-compare: installing redis-server and redis-tools from Debian" >&2
	SUDO=""
	if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server redis-tools > /dev/null
fi

JAVA=""
for candidate in /usr/lib/jvm/*25*/bin/java; do
	if [ -x "$candidate" ]; then JAVA=$candidate; break; fi
done
if [ -z "$JAVA" ]; then
	echo "resp-compare: no JDK 25 under /usr/lib/jvm" >&2
	exit 1
fi

# a jar older than any source or build file would measure old code
if [ ! -f "$JAR" ] || [ "${RESP_REBUILD:-0}" = 1 ] \
	|| [ -n "$(find swoole-core swoole-spring-boot-starter swoole-demo-app -newer "$JAR" \
		\( -path '*/src/*' -o -name pom.xml \) -type f -print -quit)" ]; then
	echo "resp-compare: building $JAR" >&2
	./mvnw -q -B -pl swoole-demo-app -am package -DskipTests
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/resp-compare.XXXXXX")
DEMO_PID=""
REDIS_PID=""
BENCH_PID=""

# Each server runs in a session (and process group) of its own, so that stopping it
# stops everything it started.
stop_group() {
	local pid=$1
	if [ -n "$pid" ] && kill -0 -- "-$pid" 2>/dev/null; then
		kill -TERM -- "-$pid" 2>/dev/null || true
		for _ in $(seq 1 100); do
			kill -0 -- "-$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
}

cleanup() {
	if [ -n "$BENCH_PID" ]; then
		kill -KILL "$BENCH_PID" 2>/dev/null || true
	fi
	stop_group "$DEMO_PID"
	stop_group "$REDIS_PID"
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_for_ping NAME PORT PID
wait_for_ping() {
	local name=$1 port=$2 pid=$3 waited=0
	until [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "resp-compare: $name exited before answering PING:" >&2
			tail -n 20 "$WORK/$name.log" >&2
			exit 1
		fi
		if [ "$waited" -ge $((START_TIMEOUT * 10)) ]; then
			echo "resp-compare: $name did not answer PING within ${START_TIMEOUT}s" >&2
			exit 1
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
}

DEMO_PORT=$(free_port)
setsid "$JAVA" --enable-native-access=ALL-UNNAMED "${DEMO_OPTS[@]}" -jar "$JAR" \
	--swoole.server.port="$DEMO_PORT" --demo.echo.port=0 --server.port=0 "${DEMO_ARGS[@]}" \
	> "$WORK/demo.log" 2>&1 &
DEMO_PID=$!

REDIS_PORT=$(free_port)
setsid redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
	--dir "$WORK" > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!

wait_for_ping demo "$DEMO_PORT" "$DEMO_PID"
wait_for_ping redis "$REDIS_PORT" "$REDIS_PID"
echo "== demo on 127.0.0.1:$DEMO_PORT (pid $DEMO_PID), $(redis-server --version | cut -d' ' -f1-3) on 127.0.0.1:$REDIS_PORT (pid $REDIS_PID)" >&2

WARMUP=${RESP_WARMUP:-50000}
if [ "$WARMUP" -gt 0 ]; then
	echo "   warming up both servers ($WARMUP requests per test, -P 1 and -P 16)" >&2
	for port in "$DEMO_PORT" "$REDIS_PORT"; do
		for depth in $PIPELINES; do
			redis-benchmark -h 127.0.0.1 -p "$port" -t "$TESTS" -n "$WARMUP" -c "$CLIENTS" -P "$depth" \
				"${KEYSPACE_ARGS[@]}" -q > /dev/null 2>&1 || true
		done
	done
fi

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
# bench NAME PORT DEPTH ROUND: appends "name depth round test rps errors" rows
bench() {
	local name=$1 port=$2 depth=$3 round=$4
	redis-cli -h 127.0.0.1 -p "$port" flushdb > /dev/null
	redis-benchmark -h 127.0.0.1 -p "$port" -t "$TESTS" -n "$REQUESTS" -c "$CLIENTS" -P "$depth" \
		"${KEYSPACE_ARGS[@]}" --csv > "$WORK/bench.csv" 2> "$WORK/bench.err" &
	BENCH_PID=$!
	local status=0
	wait "$BENCH_PID" || status=$?
	BENCH_PID=""
	local errors
	errors=$(grep -c -i -E 'error|refused|reset' "$WORK/bench.err" || true)
	if [ "$status" -ne 0 ] || [ "$errors" -ne 0 ]; then
		echo "   $name -P $depth: redis-benchmark exited $status: $(tr '\n' ' ' < "$WORK/bench.err" | cut -c1-300)" >&2
	fi
	# CSV rows: "TEST","rps","avg_latency_ms",...; the header row has "test"
	awk -F'","' -v name="$name" -v depth="$depth" -v round="$round" -v errors="$errors" '
		$1 != "\"test" { gsub(/"/, "", $1); gsub(/"/, "", $2); printf "%s\t%s\t%s\t%s\t%s\t%s\n", name, depth, round, $1, $2, errors }
	' "$WORK/bench.csv" >> "$RESULTS"
	awk -F'\t' -v name="$name" -v depth="$depth" -v round="$round" \
		'$1 == name && $2 == depth && $3 == round { printf "   %-6s -P %-3s %-5s %12.0f requests/s\n", $1, $2, $4, $5 }' \
		"$RESULTS" >&2
}

for round in $(seq 1 "$ROUNDS"); do
	for depth in $PIPELINES; do
		bench demo "$DEMO_PORT" "$depth" "$round"
		bench redis "$REDIS_PORT" "$depth" "$round"
	done
done

if ! kill -0 "$DEMO_PID" 2>/dev/null; then
	echo "resp-compare: the demo died during the run:" >&2
	tail -n 20 "$WORK/demo.log" >&2
fi

echo
if [ -f swoole-benchmarks/target/benchmarks.jar ]; then
	# where the hypervisor put the vCPUs changes the ratios (see README, Benchmarks)
	echo "$("$JAVA" -cp swoole-benchmarks/target/benchmarks.jar io.swoole4j.benchmarks.ipc.CorePingPong 200000 2>/dev/null || echo "core ping-pong: n/a") (about 70 ns: cores sharing a cache, 300-400 ns: across chiplets)"
fi
echo "redis-benchmark -t $TESTS -n $REQUESTS -c $CLIENTS${RESP_KEYSPACE:+ -r $RESP_KEYSPACE}, loopback; demo = swoole4j demo app, redis = $(redis-server --version | cut -d' ' -f3 | sed 's/^v=/redis-server /')"
awk -F'\t' '
	{
		key = $2 "|" $3 "|" $4
		rate[$1 "|" key] = $5
		if (!(key in seen)) { seen[key] = 1; order[++n] = key }
		if ($6 != 0) failed[$1 "|" $2 "|" $3] = 1
	}
	END {
		printf "%-6s %-6s %-6s %14s %14s %8s\n", "round", "-P", "test", "demo req/s", "redis req/s", "ratio"
		for (i = 1; i <= n; i++) {
			split(order[i], k, "|")
			a = rate["demo|" order[i]]; b = rate["redis|" order[i]]
			ratio = (a != "" && b != "" && b > 0) ? sprintf("%8.2f", a / b) : "     n/a"
			printf "%-6s %-6s %-6s %14.0f %14.0f %s\n", k[2], k[1], k[3], a, b, ratio
		}
		for (f in failed) print "errors reported by redis-benchmark in run " f
	}' "$RESULTS"
