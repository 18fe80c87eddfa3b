#!/usr/bin/env python3
"""Logs a demo account in (password, then its authenticator's RFC 6238 code) and prints
the session cookie's value. Usage: demo-login.py BASE_URL DEMO_ACCOUNTS_FILE USER_ID"""
import base64, hashlib, hmac, json, struct, sys, time, urllib.request

base, accounts, user = sys.argv[1:4]
for line in open(accounts):
    w = line.split()
    if len(w) == 6 and w[0] == user and w[1] == "password":
        password, secret = w[2], w[5]
        break
else:
    sys.exit(f"{user} not in {accounts}")


def post(path, body):
    req = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Umbral-Request": "1"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r), r.headers.get_all("Set-Cookie") or []


def totp(b32, t):
    key = base64.b32decode(b32 + "=" * (-len(b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", t // 30), hashlib.sha1).digest()
    o = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


ch, _ = post("/api/v1/sessions", {"user_id": user, "password": password})
while 30 - int(time.time()) % 30 < 3:
    time.sleep(0.2)
_, cookies = post(
    f"/api/v1/sessions/{ch['challenge']}/passcode",
    {"device_id": ch["devices"][0]["id"], "code": totp(secret, int(time.time()))},
)
for c in cookies:
    name, _, rest = c.partition("=")
    if name == "__Host-umbral_session":
        print(rest.split(";")[0])
        break
else:
    sys.exit("no session cookie")
