#!/usr/bin/env bash
# Cross-SDK tests of iam-mfa-emulator: boto3, the AWS CLI v1 and the AWS SDK for JavaScript v3
# talk to a freshly built release binary over loopback (IAM and STS on the same port).
#
#   bash tests/sdk/run.sh            # from the repo root (or anywhere); fine with CI=true and no stdin
#
# Optional environment:
#   PYTHON=python3           interpreter that runs pytest (its pip installs the pinned requirements)
#   EMULATOR_BIN=path        use this binary instead of building one with cargo
#   SDK_SUITES="boto3 cli js"  run only some of the suites
#   SDK_SUITE_TIMEOUT=900    seconds allowed to each suite
#
# The suites reach the server through EMULATOR_ENDPOINT=http://127.0.0.1:PORT (a free port picked here).
# Exit status: 0 only when every selected suite passed.
set -euo pipefail

SDK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SDK_DIR/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
SUITES="${SDK_SUITES:-boto3 cli js}"
SUITE_TIMEOUT="${SDK_SUITE_TIMEOUT:-900}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/iam-mfa-sdk.XXXXXX")"
SERVER_PID=""

log() { printf '[sdk] %s\n' "$*"; }
die() { printf '[sdk] ERROR: %s\n' "$*" >&2; exit 1; }

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in "$PYTHON" node npm; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed"
done

# ------------------------------------------------------------------ dependencies
if ! "$PYTHON" -c 'import boto3, botocore, awscli, pytest, zxingcpp, PIL' >/dev/null 2>&1; then
  log "installing Python packages from tests/sdk/python/requirements.txt"
  "$PYTHON" -m pip install --disable-pip-version-check --no-input --prefer-binary -q \
    -r "$SDK_DIR/python/requirements.txt"
fi

node_deps_ok() {
  (cd "$SDK_DIR/node" && node -e '
    const fs = require("fs");
    const deps = JSON.parse(fs.readFileSync("package.json", "utf8")).dependencies || {};
    for (const [name, want] of Object.entries(deps)) {
      const have = JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")).version;
      if (have !== want) process.exit(1);
    }' >/dev/null 2>&1)
}
if ! node_deps_ok; then
  log "installing Node packages with npm ci (tests/sdk/node/package-lock.json)"
  (cd "$SDK_DIR/node" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
fi

# ------------------------------------------------------------------ server binary
if [[ -n "${EMULATOR_BIN:-}" ]]; then
  BIN="$EMULATOR_BIN"
else
  log "building the release binary"
  (cd "$ROOT" && cargo build --release --bin iam-mfa-emulator) || die "cargo build of iam-mfa-emulator failed"
  TARGET_DIR="${CARGO_TARGET_DIR:-target}"
  [[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
  BIN="$TARGET_DIR/release/iam-mfa-emulator"
fi
[[ -x "$BIN" ]] || die "no executable server binary at $BIN"

# ------------------------------------------------------------------ start the server
free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
start_server() {  # $1 = port; returns 0 once the port accepts connections
  local port="$1"
  "$BIN" --listen "127.0.0.1:$port" </dev/null >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do  # up to 10 s
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null || true
      SERVER_PID=""
      return 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  stop_server
  return 1
}

PORT=""
for attempt in 1 2 3; do
  candidate="$(free_port)"
  if start_server "$candidate"; then
    PORT="$candidate"
    break
  fi
  log "server did not listen on 127.0.0.1:$candidate (attempt $attempt); its output:"
  sed 's/^/    /' "$WORK/server.log" || true
done
[[ -n "$PORT" ]] || die "iam-mfa-emulator never started listening"

export EMULATOR_ENDPOINT="http://127.0.0.1:$PORT"
export PYTHONDONTWRITEBYTECODE=1
log "iam-mfa-emulator (pid $SERVER_PID) listening at $EMULATOR_ENDPOINT"

"$PYTHON" - <<'EOF' || true
import os, urllib.request
req = urllib.request.Request(os.environ["EMULATOR_ENDPOINT"] + "/", data=b"Action=ListUsers&Version=2010-05-08",
                             headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
try:
    with urllib.request.urlopen(req, timeout=10) as resp:
        body = resp.read().decode("utf-8", "replace")
        print(f"[sdk] smoke: ListUsers -> HTTP {resp.status}, "
              f"{'ListUsersResponse' if '<ListUsersResponse' in body else 'unexpected body: ' + body[:200]}")
except Exception as exc:  # informational only; the suites report the details
    print(f"[sdk] smoke: ListUsers failed: {exc}")
EOF

"$PYTHON" - <<'EOF' || true
import boto3, botocore
print(f"[sdk] python: boto3 {boto3.__version__}, botocore {botocore.__version__}")
EOF
node_pkg_version() { (cd "$SDK_DIR/node" && node -p "require('$1/package.json').version" 2>/dev/null) || echo '?'; }
log "node: $(node --version), @aws-sdk/client-iam $(node_pkg_version @aws-sdk/client-iam)," \
    "@aws-sdk/client-sts $(node_pkg_version @aws-sdk/client-sts)"

# ------------------------------------------------------------------ suites
declare -A RESULT=()
run_suite() {  # $1 = suite name; rest = command
  local suite="$1"; shift
  log "===== suite $suite ====="
  local rc=0
  timeout --kill-after=15 "$SUITE_TIMEOUT" "$@" </dev/null || rc=$?
  RESULT[$suite]=$rc
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "the server is no longer running after suite $suite; its output:"
    tail -n 50 "$WORK/server.log" | sed 's/^/    /' || true
  fi
}

for suite in $SUITES; do
  case "$suite" in
    boto3) run_suite boto3 "$PYTHON" -m pytest "$SDK_DIR/python/test_boto3.py" \
             "$SDK_DIR/python/test_readme.py::test_the_readme_boto3_snippet_runs_as_written" -v \
             --junitxml="$WORK/boto3.xml" ;;
    cli)   run_suite cli "$PYTHON" -m pytest "$SDK_DIR/python/test_cli.py" \
             "$SDK_DIR/python/test_readme.py::test_the_readme_cli_snippet_runs_as_written" -v \
             --junitxml="$WORK/cli.xml" ;;
    js)    run_suite js bash -c 'cd "$1" && exec node --test --test-concurrency=1 \
             --test-reporter=spec --test-reporter-destination=stdout \
             --test-reporter=junit --test-reporter-destination="$2" test/iam.test.mjs test/sts.test.mjs test/readme.test.mjs' _ \
             "$SDK_DIR/node" "$WORK/js.xml" ;;
    *) die "unknown suite '$suite' (known: boto3 cli js)" ;;
  esac
done

# ------------------------------------------------------------------ summary
SUMMARY_ARGS=()
for suite in $SUITES; do
  SUMMARY_ARGS+=("$suite" "${RESULT[$suite]}" "$WORK/$suite.xml")
done
"$PYTHON" - "${SUMMARY_ARGS[@]}" <<'EOF'
import os, sys
import xml.etree.ElementTree as ET

args = sys.argv[1:]
total_p = total_f = total_s = 0
print("")
print("[sdk] ================= summary =================")
for i in range(0, len(args), 3):
    suite, rc, path = args[i], int(args[i + 1]), args[i + 2]
    passed = failed = skipped = 0
    failures = []
    if os.path.exists(path):
        root = ET.parse(path).getroot()
        groups = [(None, root)] + [(ts.get("name"), ts) for ts in root.iter("testsuite")]
        cases = [(group, case) for group, node in groups for case in node.findall("testcase")]
        for group, case in cases:
            owner = case.get("classname") or ""
            if owner in ("", "test") and group:  # node's junit reporter names the describe() block
                owner = group
            label = f"{owner}::{case.get('name', '')}".strip(":")
            kids = {child.tag for child in case}
            if "skipped" in kids:
                skipped += 1
            elif {"failure", "error"} & kids or case.get("failure"):
                failed += 1
                failures.append(label)
            else:
                passed += 1
    if rc != 0 and failed == 0:
        failed = 1  # the suite itself failed (crash, timeout, nothing collected)
        failures.append(f"(suite exited with status {rc})")
    total_p, total_f, total_s = total_p + passed, total_f + failed, total_s + skipped
    state = "PASS" if rc == 0 else "FAIL"
    print(f"[sdk] {suite:<6} {state}  {passed} passed, {failed} failed, {skipped} skipped")
    for label in failures:
        print(f"[sdk]          failed: {label}")
print("")
line = f"sdk: {total_p} passed, {total_f} failed"
if total_s:
    line += f", {total_s} skipped"
print(line)
EOF

for suite in $SUITES; do
  [[ "${RESULT[$suite]}" == 0 ]] || exit 1
done
exit 0
