#!/usr/bin/env bash
# Compares iam-mfa-emulator with moto_server and with a bare axum server on
# this machine: start time, idle RSS, throughput and latency of the same
# workloads, and the memory of 100,000 users with enabled devices.
#
#   bash bench/compare.sh
#
# Everything listens on 127.0.0.1 only and every started process is stopped
# on exit. Knobs (environment):
#   DURATION=5s        each workload's duration (per target, per repetition)
#   USERS=1000         users (= devices) per target and repetition
#   MOTO_USERS=$USERS  users for moto (its setup runs at a few hundred req/s)
#   CONCURRENCY=64     connections per workload
#   REPS=3             repetitions; the median is reported
#   STARTUP_RUNS=5     start-to-first-answer runs per server (median)
#   MEM_USERS=100000   users + enabled devices of the memory run (0 = skip)
#   MEM_DURATION=$DURATION  workload duration in the memory run
#   WORKLOADS=enable,read,reject,sts
#   MAX_ITEMS=10       MaxItems of ListVirtualMFADevices pages (read)
#   THREADS=1          load generator threads
#   PORT_BASE=18560    first of six consecutive loopback ports (keep them below the
#                      ephemeral range, or a client socket may hold one)
#   SKIP_MOTO=0        1 = do not run moto
#   SKIP_BUILD=0       1 = use the binaries already in target/release
#   OUT=target/bench/<time>  where JSON results and the summary go
set -euo pipefail

cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
USERS=${USERS:-1000}
MOTO_USERS=${MOTO_USERS:-$USERS}
CONCURRENCY=${CONCURRENCY:-64}
REPS=${REPS:-3}
STARTUP_RUNS=${STARTUP_RUNS:-5}
MEM_USERS=${MEM_USERS:-100000}
MEM_DURATION=${MEM_DURATION:-$DURATION}
WORKLOADS=${WORKLOADS:-enable,read,reject,sts}
MAX_ITEMS=${MAX_ITEMS:-10}
THREADS=${THREADS:-1}
PORT_BASE=${PORT_BASE:-18560}
SKIP_MOTO=${SKIP_MOTO:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
OUT=${OUT:-target/bench/$(date -u +%Y%m%dT%H%M%SZ)}

HOST=127.0.0.1
PORT_OURS=$PORT_BASE
PORT_MOTO=$((PORT_BASE + 1))
PORT_BARE=$((PORT_BASE + 2))
PORT_START_OURS=$((PORT_BASE + 3))
PORT_START_MOTO=$((PORT_BASE + 4))
PORT_MEM=$((PORT_BASE + 5))

OURS=target/release/iam-mfa-emulator
LOADGEN=target/release/examples/loadgen
BARE=target/release/examples/bare_axum

mkdir -p "$OUT"

# ---------------------------------------------------------------- cleanup
PIDS=()
LOADGEN_PID=
cleanup() {
    local pid
    if [[ -n "$LOADGEN_PID" ]] && kill -0 "$LOADGEN_PID" 2>/dev/null; then
        kill "$LOADGEN_PID" 2>/dev/null || true
        wait "$LOADGEN_PID" 2>/dev/null || true
    fi
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '== %s\n' "$*" >&2; }

# Starts a server in the background; its pid lands in $STARTED.
start() {
    local logfile=$1
    shift
    "$@" >"$logfile" 2>&1 &
    STARTED=$!
    PIDS+=("$STARTED")
}

stop() {
    local pid=$1 keep=() p
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for p in "${PIDS[@]}"; do [[ "$p" != "$pid" ]] && keep+=("$p"); done
    PIDS=("${keep[@]}")
}

# Waits until something answers HTTP on the port (not timed; see startup).
wait_http() {
    local port=$1 pid=$2 i
    for i in $(seq 1 600); do
        if curl -s -o /dev/null -X POST -d 'Action=ListUsers&Version=2010-05-08' "http://$HOST:$port/"; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { log "server on port $port exited"; return 1; }
        sleep 0.05
    done
    log "nothing answers on port $port"
    return 1
}

port_free() {
    ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

# Runs the load generator in the background so that a trap can stop it.
# Its table goes to the file named first; progress lines to stderr.
loadgen() {
    local table=$1
    shift
    "$LOADGEN" "$@" >"$table" &
    LOADGEN_PID=$!
    wait "$LOADGEN_PID"
    LOADGEN_PID=
}

for port in "$PORT_OURS" "$PORT_MOTO" "$PORT_BARE" "$PORT_START_OURS" "$PORT_START_MOTO" "$PORT_MEM"; do
    port_free "$port" || { log "port $port is in use; set PORT_BASE"; exit 1; }
done

# ---------------------------------------------------------------- machine
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory: $(grep -m1 MemTotal /proc/meminfo | awk '{printf "%.1f GiB", $2/1048576}')"
    echo "kernel: $(uname -r)"
    echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "rustc: $(rustc --version 2>/dev/null || echo '?')"
} | tee "$OUT/machine.txt" >&2

# ---------------------------------------------------------------- build
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building release binary and examples"
    cargo build --release --bin iam-mfa-emulator --example loadgen --example bare_axum
fi
for bin in "$OURS" "$LOADGEN" "$BARE"; do
    [[ -x "$bin" ]] || { log "$bin is missing"; exit 1; }
done

# ---------------------------------------------------------------- moto
MOTO=
if [[ "$SKIP_MOTO" != 1 ]]; then
    if ! command -v moto_server >/dev/null 2>&1; then
        log "installing moto_server (bench/requirements.txt)"
        python3 -m pip install --quiet -r bench/requirements.txt || log "pip install failed"
        hash -r
    fi
    if command -v moto_server >/dev/null 2>&1; then
        MOTO=$(command -v moto_server)
        echo "moto: $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')" | tee -a "$OUT/machine.txt" >&2
    else
        log "moto_server not available; moto columns will be empty"
    fi
fi

# ---------------------------------------------------------------- start time, idle RSS
log "start to first answered request ($STARTUP_RUNS runs each)"
# Start-up is timed on a copy of the binary in a temporary directory: on
# this project's machines, executing a file inside the build tree adds
# 15-25 ms of page-in time that belongs to that file system, not to the
# server (the same bytes start in under 10 ms from a copy).
STARTUP_DIR=$(mktemp -d)
cp "$OURS" "$STARTUP_DIR/iam-mfa-emulator"
loadgen "$OUT/startup-ours.txt" startup --label ours --endpoint "http://$HOST:$PORT_START_OURS" --runs "$STARTUP_RUNS" \
    --json "$OUT/startup-ours.json" -- "$STARTUP_DIR/iam-mfa-emulator" --listen "$HOST:$PORT_START_OURS"
rm -rf "$STARTUP_DIR"
if [[ -n "$MOTO" ]]; then
    loadgen "$OUT/startup-moto.txt" startup --label moto --auth dummy --endpoint "http://$HOST:$PORT_START_MOTO" --runs "$STARTUP_RUNS" \
        --json "$OUT/startup-moto.json" -- "$MOTO" -H "$HOST" -p "$PORT_START_MOTO"
fi

# ---------------------------------------------------------------- workloads
common=(--duration "$DURATION" --concurrency "$CONCURRENCY" --threads "$THREADS" --max-items "$MAX_ITEMS")
for rep in $(seq 1 "$REPS"); do
    log "repetition $rep/$REPS: ours"
    start "$OUT/ours-$rep.log" "$OURS" --listen "$HOST:$PORT_OURS"
    pid=$STARTED
    wait_http "$PORT_OURS" "$pid"
    loadgen "$OUT/ours-$rep.txt" --label ours --endpoint "http://$HOST:$PORT_OURS" --users "$USERS" --workloads "$WORKLOADS" \
        --pid "$pid" --prefix "r${rep}" --json "$OUT/ours-$rep.json" "${common[@]}"
    stop "$pid"

    if [[ -n "$MOTO" ]]; then
        log "repetition $rep/$REPS: moto"
        start "$OUT/moto-$rep.log" "$MOTO" -H "$HOST" -p "$PORT_MOTO"
        pid=$STARTED
        wait_http "$PORT_MOTO" "$pid"
        loadgen "$OUT/moto-$rep.txt" --label moto --auth dummy --endpoint "http://$HOST:$PORT_MOTO" --users "$MOTO_USERS" \
            --workloads "$WORKLOADS" --pid "$pid" --prefix "r${rep}" --json "$OUT/moto-$rep.json" "${common[@]}"
        stop "$pid"
    fi

    log "repetition $rep/$REPS: bare axum (enable-shaped requests only)"
    start "$OUT/bare-$rep.log" "$BARE" --listen "$HOST:$PORT_BARE"
    pid=$STARTED
    wait_http "$PORT_BARE" "$pid"
    loadgen "$OUT/bare-$rep.txt" --label bare_axum --endpoint "http://$HOST:$PORT_BARE" --no-setup --users "$USERS" \
        --workloads enable --pid "$pid" --json "$OUT/bare-$rep.json" "${common[@]}"
    stop "$pid"
done

# ---------------------------------------------------------------- memory
if [[ "$MEM_USERS" -gt 0 ]]; then
    log "memory run: $MEM_USERS users with enabled devices (ours only)"
    start "$OUT/mem.log" "$OURS" --listen "$HOST:$PORT_MEM"
    pid=$STARTED
    wait_http "$PORT_MEM" "$pid"
    loadgen "$OUT/memory.txt" --label ours-memory --endpoint "http://$HOST:$PORT_MEM" --users "$MEM_USERS" --enable-all \
        --workloads enable,read --pid "$pid" --prefix m --json "$OUT/memory.json" \
        --duration "$MEM_DURATION" --concurrency 64 --threads "$THREADS" --max-items "$MAX_ITEMS"
    stop "$pid"
fi

# ---------------------------------------------------------------- summary
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
python3 bench/summarize.py "$OUT" | tee "$OUT/summary.txt"
log "results in $OUT"
