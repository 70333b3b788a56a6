#!/usr/bin/env bash
# Proves the README's two commands on a machine like a newcomer's: a clean clone of HEAD, the
# system's Node (20 on this project's machines) first on the PATH, no node_modules, no build, no
# data. Runs `npm install && npm test`, then `npm start -- --no-browser` until /api/ready answers
# and SIGTERM stops it. Prints how long each command took.
#   bash scripts/fresh-machine-check.sh [--remove-tools]
# --remove-tools first uninstalls Debian's chromium, ffmpeg and pulseaudio (as root), so `npm test` must
# install them as on a new machine.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/stagetracker-fresh-XXXXXX)"
# Kept when something failed, so its logs can be read.
trap 'if [ "${passed:-}" = yes ]; then rm -rf "$work"; else echo "logs kept in $work" >&2; fi' EXIT

if [ "${1:-}" = "--remove-tools" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq chromium ffmpeg pulseaudio pulseaudio-utils >/dev/null
  [ ! -x /usr/lib/chromium/chromium ] || { echo "chromium is still installed" >&2; exit 1; }
  ! command -v ffmpeg >/dev/null || { echo "ffmpeg is still installed" >&2; exit 1; }
  ! command -v parec >/dev/null || { echo "pulseaudio-utils is still installed" >&2; exit 1; }
  echo "removed Debian's chromium and ffmpeg: npm test must install them"
fi

# The machine's own Node first, and nothing of this project's on the PATH.
export PATH="/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
unset CHROME_PATH PUPPETEER_EXECUTABLE_PATH npm_config_prefix
echo "system node: $(node -v) at $(command -v node); npm $(npm -v)"

git clone --quiet "$repo" "$work/app"
cd "$work/app"
secs() { echo $(( $(date +%s) - $1 )); }

t=$(date +%s); npm install --no-audit --no-fund >"$work/install.log" 2>&1 || { tail -40 "$work/install.log"; exit 1; }
install_s=$(secs "$t")
echo "npm install: ${install_s} s (scripts then run on $(npm exec -- node -v))"

t=$(date +%s)
set +e; npm test 2>&1 | tee "$work/test.log" | grep -E '^==> \[|passed, .* failed$'; test_rc=${PIPESTATUS[0]}; set -e
test_s=$(secs "$t")
echo "npm test: exit $test_rc in ${test_s} s ($(tail -1 "$work/test.log"))"
[ "$test_rc" = 0 ] || grep -E 'FAILED|failed:|Error' "$work/test.log" | head -20

port=18787
t=$(date +%s)
DATA_DIR="$work/data" PORT=$port FAKE_STRIPE_PORT=18788 npm start -- --no-browser >"$work/start.log" 2>&1 &
start_pid=$!
ready=""
for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$port/api/ready" >/dev/null 2>&1; then ready=yes; break; fi
  kill -0 $start_pid 2>/dev/null || break
  sleep 0.5
done
start_s=$(secs "$t")
kill -TERM $start_pid 2>/dev/null || true
set +e; wait $start_pid; start_rc=$?; set -e
# npm itself exits 143 when it is the one signalled; what matters is that everything stopped.
[ "$start_rc" = 143 ] && start_rc=0
if [ -f "$work/data/postgres/postmaster.pid" ]; then echo "npm start left PostgreSQL running" >&2; start_rc=1; fi
if [ -z "$ready" ]; then tail -30 "$work/start.log"; echo "npm start: /api/ready never answered" >&2; exit 1; fi
echo "npm start: /api/ready answered after ${start_s} s; SIGTERM -> exit $start_rc"

[ "$test_rc" = 0 ] && [ "$start_rc" = 0 ] || exit 1
passed=yes
echo "fresh-machine check passed"
