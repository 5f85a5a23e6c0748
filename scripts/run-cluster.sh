#!/usr/bin/env bash
# N dashboard processes behind nginx with sticky sessions, on localhost.
# Usage: scripts/run-cluster.sh N [PORT]   (default port 8080; the processes use PORT+1..PORT+N)
# Ctrl-C (or SIGTERM) stops nginx and every process. Read-only unless TRACKER_ALLOW_WRITES=1.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin"  # where Debian puts nginx
n="${1:?usage: scripts/run-cluster.sh N [PORT]}"
port="${2:-8080}"
case "$n" in ''|*[!0-9]*) echo "error: N must be a number of processes" >&2; exit 2;; esac
case "$port" in ''|*[!0-9]*) echo "error: PORT must be a port number" >&2; exit 2;; esac
n="${n#"${n%%[!0]*}"}"; port="${port#"${port%%[!0]*}"}"  # leading zeros dropped: 08 is eight, not bad octal
if [ "${#n}" -gt 5 ] || [ "${#port}" -gt 5 ]; then  # before any arithmetic, which would wrap past 2^63
  echo "error: N must be 1 or more and PORT+N at most 65535" >&2; exit 2
fi
n=$((10#${n:-0})); port=$((10#${port:-0}))
if [ "$n" -lt 1 ] || [ "$port" -lt 1 ] || [ $((port + n)) -gt 65535 ]; then
  echo "error: N must be 1 or more and PORT+N at most 65535" >&2; exit 2
fi
source scripts/setup-env.sh requirements.txt
if ! command -v nginx >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's nginx" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  else
    echo "error: nginx is missing; install it (sudo apt-get install nginx)" >&2; exit 1
  fi
fi
# Every port must be free before anything starts: a port held by another program (or another
# dashboard, perhaps of other data) would otherwise answer in our place.
if ! .venv/bin/python - "$port" "$n" <<'PY'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
for p in range(port, port + n + 1):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", p))
        except OSError:
            print(f"error: port {p} is in use; choose another PORT (the cluster uses PORT to PORT+N)", file=sys.stderr)
            sys.exit(1)
PY
then exit 1; fi
# Children stop when this script dies, even by SIGKILL (util-linux's setpriv sets their parent-death signal).
orphan_guard=()
if command -v setpriv >/dev/null 2>&1 && setpriv --pdeathsig TERM true 2>/dev/null; then
  orphan_guard=(setpriv --pdeathsig TERM --)
fi
run="$(mktemp -d "${TMPDIR:-/tmp}/tracker-cluster.XXXXXX")"
mkdir -p "$run/logs" "$run/tmp"
pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$run"
  echo "stopped" >&2
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
: > "$run/upstreams.conf"
for i in $(seq 1 "$n"); do
  p=$((port + i))
  "${orphan_guard[@]}" .venv/bin/python -m streamlit run dashboard.py --server.headless=true --server.address=127.0.0.1 \
    --server.port="$p" --browser.gatherUsageStats=false >"$run/logs/dashboard-$i.log" 2>&1 &
  pids+=($!)
  echo "    server 127.0.0.1:$p;" >> "$run/upstreams.conf"
done
for i in $(seq 1 "$n"); do
  p=$((port + i))
  ok=""
  for _ in $(seq 1 120); do
    if ! kill -0 "${pids[$((i - 1))]}" 2>/dev/null; then break; fi  # our process died: no use waiting
    if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$p/_stcore/health', timeout=2)" 2>/dev/null; then
      ok=1; break
    fi
    sleep 0.5
  done
  if [ -z "$ok" ]; then
    echo "error: dashboard process $i (port $p) did not start:" >&2; tail -5 "$run/logs/dashboard-$i.log" >&2; exit 1
  fi
done
sed "s/__LISTEN__/127.0.0.1:$port/" deploy/nginx.conf > "$run/nginx.conf"
nginx -t -q -p "$run" -c "$run/nginx.conf" -g "pid $run/nginx.pid;" || { echo "error: nginx refused its configuration" >&2; exit 1; }
"${orphan_guard[@]}" nginx -p "$run" -c "$run/nginx.conf" -g "daemon off; pid $run/nginx.pid;" &
pids+=($!)
ok=""
for _ in $(seq 1 40); do  # serving means the proxy answers, not that nginx was started
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then break; fi
  if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/_stcore/health', timeout=2)" 2>/dev/null; then
    ok=1; break
  fi
  sleep 0.25
done
if [ -z "$ok" ]; then
  echo "error: nginx did not start serving on port $port:" >&2; tail -3 "$run/logs/error.log" >&2 2>/dev/null; exit 1
fi
echo "serving the dashboard on http://127.0.0.1:$port with $n processes (Ctrl-C stops)" >&2
wait "${pids[@]}"
