#!/usr/bin/env bash
# What one full login (password, then an authenticator code) costs PostgreSQL, from the
# database's own counters (pg_stat_database: transactions committed, rows written), on a
# throwaway cluster (scripts/pg.sh) and the release server with --demo: the four demo
# people with an authenticator log in once each, and the background work of an idle
# window as long (the job leader's checks, the delivery poll) is subtracted. Rough: the
# counters are flushed by PostgreSQL about once a second. Run after scripts/build.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
D="$(mktemp -d /tmp/umbral-login-cost.XXXXXX)"
DATA="$(mktemp -d /tmp/umbral-login-cost-data.XXXXXX)"
SRV=
trap '[ -n "$SRV" ] && kill $SRV 2>/dev/null || true; scripts/pg.sh stop "$D"; rm -rf "$DATA"' EXIT
ADMIN=$(scripts/pg.sh start "$D")
BASE=${ADMIN%/postgres}
psql -X -q -d "$ADMIN" -c "CREATE DATABASE m"
URL="$BASE/m"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
UMBRAL_LOG=warn UMBRAL_RATE_LIMIT_SCALE=1000 UMBRAL_DATABASE_URL=$URL target/release/umbral serve --listen 127.0.0.1:$PORT --data-dir "$DATA/d" --demo > "$DATA/log" 2>&1 &
SRV=$!
for i in $(seq 50); do curl -sf http://127.0.0.1:$PORT/api/v1/health >/dev/null && break; sleep 0.2; done
python3 - "$PORT" "$URL" "$DATA/d/demo-accounts.txt" <<'PY'
import sys, json, time, hmac, hashlib, struct, base64, urllib.request, subprocess
port, url, accounts = sys.argv[1], sys.argv[2], sys.argv[3]
acc = {}
for line in open(accounts):
    p = line.split()
    if len(p) == 6 and p[1] == 'password' and p[3] == 'authenticator':
        acc[p[0]] = (p[2], p[5])
def totp(secret, t):
    k = base64.b32decode(secret.upper() + '=' * (-len(secret) % 8))
    h = hmac.new(k, struct.pack('>Q', t // 30), hashlib.sha1).digest()
    o = h[-1] & 15
    return '%06d' % ((struct.unpack('>I', h[o:o+4])[0] & 0x7fffffff) % 1000000)
def post(path, body):
    r = urllib.request.Request(f'http://127.0.0.1:{port}/api/v1{path}', json.dumps(body).encode(), {'Content-Type': 'application/json', 'X-Umbral-Request': '1'})
    with urllib.request.urlopen(r) as resp: return json.loads(resp.read() or b'null')
def stats():
    q = "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = 'm'"
    out = subprocess.check_output(['psql', '-X', '-A', '-t', '-d', url, '-c', q]).decode().strip()
    return [int(x or 0) for x in out.split('|')]
users = [u for u in acc if u in ('alan.approver','beatriz.biller','erin.enduser','carlos.clerk')]
n = 0
time.sleep(8)
# Background work (jobs) in a window as long as the logins take, to subtract.
b0 = stats(); t0 = time.time(); time.sleep(6); b1 = stats(); idle = time.time() - t0
print("idle window: %.1f transactions/s, %.1f rows/s" % ((b1[0]-b0[0]-1)/idle, (b1[1]-b0[1])/idle))
time.sleep(2)
s0 = stats()
start = time.time()
for u in users:
    pw, sec = acc[u]
    ch = post('/sessions', {'user_id': u, 'password': pw})
    while int(time.time()) % 30 > 26: time.sleep(0.5)
    post(f"/sessions/{ch['challenge']}/passcode", {'device_id': ch['devices'][0]['id'], 'code': totp(sec, int(time.time()))})
    n += 1
time.sleep(2)
s1 = stats()
s1[0] -= 1  # the first stats query's own transaction
span = time.time() - start
bg_x = (b1[0]-b0[0]-1)/idle*span; bg_r = (b1[1]-b0[1])/idle*span
print(f"window {span:.1f} s; background in it about {bg_x:.1f} transactions, {bg_r:.1f} rows")
s1[0] -= bg_x; s1[1] -= bg_r
print(f"{n} full logins: {(s1[0]-s0[0])/n:.1f} transactions committed each, {(s1[1]-s0[1])/n:.1f} rows written each (pg_stat_database, both pools)")
PY
