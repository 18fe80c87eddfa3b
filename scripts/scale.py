#!/usr/bin/env python3
"""The help desk's account search against a running Umbral holding made-up accounts
(scripts/scale.sh): logs scale.desk in (password, then its authenticator's RFC 6238 code)
and times `rounds` searches of each kind, then `rounds` loads of the lifecycle console
and of the inactive list's pages after the first (following `next`), then `rounds` reads of
`/me` and of a login's password step (argon2id included), which should not grow with the
accounts. Prints one line per kind: `search <kind> p50_ms p99_ms found`. Usage: scale.py BASE_URL PASSWORD ROUNDS"""
import base64, hashlib, hmac, json, struct, sys, time, urllib.parse, urllib.request

base, password, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
SEED = b"umbral-scale-test-se"  # command/synthesize.rs, DESK_SEED


def call(path, body=None, cookie=None):
    headers = {"Content-Type": "application/json", "X-Umbral-Request": "1"}
    if cookie:
        headers["Cookie"] = cookie
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers=headers)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r), r.headers.get_all("Set-Cookie") or []


def totp(t):
    mac = hmac.new(SEED, struct.pack(">Q", t // 30), hashlib.sha1).digest()
    o = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


ch, _ = call("/api/v1/sessions", {"user_id": "scale.desk", "password": password})
while 30 - int(time.time()) % 30 < 3:
    time.sleep(0.2)
_, cookies = call(
    f"/api/v1/sessions/{ch['challenge']}/passcode",
    {"device_id": ch["devices"][0]["id"], "code": totp(int(time.time()))},
)
cookie = next(c.split(";")[0] for c in cookies if "umbral_session=" in c)

# A common surname, two words, a user ID's start, an email's start, and a miss.
kinds = {
    "surname": "garcia",
    "two-words": "maria garcia",
    "user-id": "jose.lopez1",
    "email": "ana.perez2",
    "none": "zzzz",
}
for kind, q in kinds.items():
    times, found = [], 0
    for _ in range(rounds):
        t = time.perf_counter()
        page, _ = call("/api/v1/admin/accounts?q=" + urllib.parse.quote(q), cookie=cookie)
        times.append((time.perf_counter() - t) * 1000)
        found = len(page["accounts"])
    times.sort()
    p = lambda f: times[min(len(times) - 1, int(f * len(times)))]
    print(f"search {kind} {p(0.5):.1f} {p(0.99):.1f} {found}")


def timed(kind, paths, count=lambda page: len(page.get("inactive", page.get("accounts", [])))):
    times, found = [], 0
    for path in paths:
        t = time.perf_counter()
        page, _ = call(path, cookie=cookie)
        times.append((time.perf_counter() - t) * 1000)
        found = count(page)
        yield page
    times.sort()
    p = lambda f: times[min(len(times) - 1, int(f * len(times)))]
    print(f"search {kind} {p(0.5):.1f} {p(0.99):.1f} {found}")


# The lifecycle console: its view (the first page of each list), and the inactive list's
# pages after it, each from the page before's `next`.
for view in timed("console", ["/api/v1/admin/lifecycle"] * rounds):
    after = view.get("inactive_next")


def pages():
    global after
    for _ in range(rounds):
        yield "/api/v1/admin/lifecycle/inactive?after=" + urllib.parse.quote(after or "")


for page in timed("console-page", pages()):
    after = page.get("next") or view.get("inactive_next")


# What does not walk anything: the signed-in person's own page, and a login's first step.
for me in timed("me", ["/api/v1/me"] * rounds, lambda me: int(me["user_id"] == "scale.desk")):
    pass
times = []
for _ in range(rounds):
    t = time.perf_counter()
    ch, _ = call("/api/v1/sessions", {"user_id": "scale.desk", "password": password})
    times.append((time.perf_counter() - t) * 1000)
times.sort()
p = lambda f: times[min(len(times) - 1, int(f * len(times)))]
print(f"search login-password {p(0.5):.1f} {p(0.99):.1f} {len(ch['devices'])}")
