#!/usr/bin/env bash
# Side-by-side TCP echo comparison on loopback: our server (BASE, THREAD, PROCESS modes)
# against the Netty 4.2 peer (NIO and epoll), same framing (4-byte big-endian length +
# body), same closed-loop load generator, one server at a time, in one run, so that the
# ratios mean something on a shared, noisy machine.
#
# Usage: bench/echo-compare.sh
# Environment (all optional):
#   ECHO_SERVERS      servers to run, in order   (default: "BASE THREAD PROCESS netty-nio netty-epoll netty-epoll-batch")
#                     netty-epoll flushes each frame (the ANCHORS.md configuration), netty-epoll-batch
#                     once per read, as netty-nio and our servers do
#   ECHO_SCENARIOS    connections x depth pairs  (default: "64x1 64x16 1000x1")
#   ECHO_DURATION     measured time per scenario (default: 10s)
#   ECHO_WARMUP       warmup per scenario        (default: 2s)
#   ECHO_SIZE         body bytes per message     (default: 64)
#   ECHO_CLIENT_THREADS load generator selector threads (default: 1, to leave CPU to the server)
#   ECHO_NETTY_WORKERS  Netty worker threads     (default: 2)
#   ECHO_SERVER_OPTS  extra JVM options for every server
#   ECHO_SWOOLE_ARGS  extra arguments for our server, e.g. "--reactors 1 --workers 1" (default: none,
#                     so the product defaults: reactorNum and workerNum = CPU count). On a 2-CPU machine
#                     THREAD mode then runs 4 busy threads beside the load generator against Netty's 2;
#                     "--reactors 1 --workers 1" gives it the same 2 threads (the arguments go to every
#                     mode of ours: BASE then runs one reactor)
#   ECHO_START_TIMEOUT seconds to wait for "LISTENING <port>" (default: 30)
# Our server is io.swoole4j.benchmarks.echo.SwooleEchoServer --mode X --port P; a mode whose
# class is missing from the jar, or that the server refuses, is skipped with a note.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=swoole-benchmarks/target/benchmarks.jar
SERVERS=${ECHO_SERVERS:-"BASE THREAD PROCESS netty-nio netty-epoll netty-epoll-batch"}
SCENARIOS=${ECHO_SCENARIOS:-"64x1 64x16 1000x1"}
DURATION=${ECHO_DURATION:-10s}
WARMUP=${ECHO_WARMUP:-2s}
SIZE=${ECHO_SIZE:-64}
CLIENT_THREADS=${ECHO_CLIENT_THREADS:-1}
NETTY_WORKERS=${ECHO_NETTY_WORKERS:-2}
START_TIMEOUT=${ECHO_START_TIMEOUT:-30}
read -r -a SERVER_OPTS <<< "${ECHO_SERVER_OPTS:-}"
read -r -a SWOOLE_ARGS <<< "${ECHO_SWOOLE_ARGS:-}"
SWOOLE_CLASS=io.swoole4j.benchmarks.echo.SwooleEchoServer

JAVA=""
for candidate in /usr/lib/jvm/*25*/bin/java; do
	if [ -x "$candidate" ]; then JAVA=$candidate; break; fi
done
if [ -z "$JAVA" ]; then
	echo "echo-compare: no JDK 25 under /usr/lib/jvm" >&2
	exit 1
fi

# a jar older than any source or build file would measure old code
if [ ! -f "$JAR" ] || [ -n "$(find swoole-core swoole-benchmarks -newer "$JAR" \
	\( -path '*/src/*' -o -name pom.xml \) -type f -print -quit)" ]; then
	echo "echo-compare: building $JAR" >&2
	./mvnw -q -B -pl swoole-benchmarks -am package -DskipTests
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/echo-compare.XXXXXX")
SERVER_PID=""
LOAD_PID=""

# The server runs in a session (and process group) of its own, so that stopping it also
# stops any worker JVMs it started (PROCESS mode).
stop_server() {
	if [ -n "$SERVER_PID" ] && kill -0 -- "-$SERVER_PID" 2>/dev/null; then
		kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 1 50); do
			kill -0 -- "-$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	SERVER_PID=""
}

cleanup() {
	if [ -n "$LOAD_PID" ]; then
		kill -KILL "$LOAD_PID" 2>/dev/null || true
	fi
	stop_server
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# server_command NAME PORT -> prints the command, or returns 1 with a note on stderr
server_command() {
	local name=$1 port=$2
	case "$name" in
		BASE|THREAD|PROCESS)
			if ! grep -qx "${SWOOLE_CLASS//.//}.class" "$WORK/jar.list"; then
				echo "skip $name: $SWOOLE_CLASS is not in $JAR yet" >&2
				return 1
			fi
			echo "$JAVA --enable-native-access=ALL-UNNAMED ${SERVER_OPTS[*]} -cp $JAR $SWOOLE_CLASS --mode $name --port $port ${SWOOLE_ARGS[*]}"
			;;
		netty-nio)
			echo "$JAVA --enable-native-access=ALL-UNNAMED ${SERVER_OPTS[*]} -cp $JAR io.swoole4j.benchmarks.netty.NettyEchoServer --transport nio --flush batch --workers $NETTY_WORKERS --port $port"
			;;
		netty-epoll)
			echo "$JAVA --enable-native-access=ALL-UNNAMED ${SERVER_OPTS[*]} -cp $JAR io.swoole4j.benchmarks.netty.NettyEchoServer --transport epoll --flush frame --workers $NETTY_WORKERS --port $port"
			;;
		netty-epoll-batch)
			echo "$JAVA --enable-native-access=ALL-UNNAMED ${SERVER_OPTS[*]} -cp $JAR io.swoole4j.benchmarks.netty.NettyEchoServer --transport epoll --flush batch --workers $NETTY_WORKERS --port $port"
			;;
		*)
			echo "skip $name: unknown server (expected BASE, THREAD, PROCESS, netty-nio, netty-epoll or netty-epoll-batch)" >&2
			return 1
			;;
	esac
}

# start_server NAME -> sets SERVER_PID and PORT, or returns 1 with a note
start_server() {
	local name=$1 command
	PORT=$(free_port)
	command=$(server_command "$name" "$PORT") || return 1
	: > "$WORK/$name.out"
	# shellcheck disable=SC2086 # the command is split on purpose
	setsid $command > "$WORK/$name.out" 2> "$WORK/$name.err" &
	SERVER_PID=$!
	local waited=0
	while ! grep -q "^LISTENING $PORT" "$WORK/$name.out" 2>/dev/null; do
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			echo "skip $name: the server exited before listening: $(tail -n 3 "$WORK/$name.err" | tr '\n' ' ')" >&2
			SERVER_PID=""
			return 1
		fi
		if [ "$waited" -ge $((START_TIMEOUT * 10)) ]; then
			echo "skip $name: no 'LISTENING $PORT' within ${START_TIMEOUT}s" >&2
			stop_server
			return 1
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
}

"$(dirname "$JAVA")/jar" tf "$JAR" > "$WORK/jar.list"

# Where the hypervisor put the vCPUs changes every ratio; printed before each server and at
# the end (see io.swoole4j.benchmarks.ipc.CorePingPong).
placement() {
	"$JAVA" -cp "$JAR" io.swoole4j.benchmarks.ipc.CorePingPong 200000 2>/dev/null || echo "core ping-pong: n/a"
}

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
for server in $SERVERS; do
	if ! start_server "$server"; then
		for scenario in $SCENARIOS; do
			printf '%s\t%s\t-\t-\t-\n' "$server" "$scenario" >> "$RESULTS"
		done
		continue
	fi
	echo "== $server on port $PORT (pid $SERVER_PID), $(placement)" >&2
	for scenario in $SCENARIOS; do
		connections=${scenario%x*}
		depth=${scenario#*x}
		# In the background plus wait, so that a signal runs the trap at once instead of
		# after the whole scenario.
		"$JAVA" -cp "$JAR" io.swoole4j.benchmarks.load.LoadGenerator --host 127.0.0.1 --port "$PORT" \
			--connections "$connections" --depth "$depth" --size "$SIZE" --duration "$DURATION" \
			--warmup "$WARMUP" --threads "$CLIENT_THREADS" > "$WORK/load.out" 2>> "$WORK/load.err" &
		LOAD_PID=$!
		wait "$LOAD_PID" || true
		LOAD_PID=""
		line=$(grep '^RESULT' "$WORK/load.out" || true)
		if [ -z "$line" ]; then
			echo "   $scenario: the load generator failed: $(tail -n 2 "$WORK/load.err" | tr '\n' ' ')" >&2
			printf '%s\t%s\t-\t-\t-\n' "$server" "$scenario" >> "$RESULTS"
			continue
		fi
		echo "   $scenario: $line" >&2
		rate=$(sed -n 's/.*msgs_per_sec=\([0-9.]*\).*/\1/p' <<< "$line")
		p99=$(sed -n 's/.*p99_us=\([0-9.]*\).*/\1/p' <<< "$line")
		errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<< "$line")
		printf '%s\t%s\t%s\t%s\t%s\n' "$server" "$scenario" "$rate" "$p99" "$errors" >> "$RESULTS"
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			echo "   $server died during $scenario: $(tail -n 3 "$WORK/$server.err" | tr '\n' ' ')" >&2
			break
		fi
	done
	stop_server
done

echo
echo "$(placement) (at the end; about 70 ns: cores sharing a cache, 300-400 ns: across chiplets)"
echo "TCP echo, ${SIZE}-byte bodies, ${DURATION} per scenario after ${WARMUP} warmup, client threads ${CLIENT_THREADS}, our server args: ${SWOOLE_ARGS[*]:-(defaults)}"
awk -F'\t' '
	{ printf "%-12s %-9s %12s msgs/s  p99 %10s us  errors %s\n", $1, $2, $3, $4, $5; rate[$1 "|" $2] = $3 }
	END {
		print ""
		n = split("BASE/netty-nio BASE/netty-epoll BASE/netty-epoll-batch THREAD/netty-nio PROCESS/netty-nio PROCESS/THREAD", pairs, " ")
		split(scenarios, list, " ")
		for (i = 1; i <= n; i++) {
			split(pairs[i], p, "/")
			line = sprintf("%-20s", pairs[i])
			for (j = 1; j in list; j++) {
				a = rate[p[1] "|" list[j]]; b = rate[p[2] "|" list[j]]
				if (a == "" || a == "-" || b == "" || b == "-" || b == 0) {
					line = line sprintf("  %s: %5s", list[j], "n/a")
				} else {
					line = line sprintf("  %s: %5.2f", list[j], a / b)
				}
			}
			print line
		}
	}' scenarios="$SCENARIOS" "$RESULTS"
