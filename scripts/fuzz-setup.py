#!/usr/bin/env python3
"""Prepares a contract fuzz run against `umbral serve --demo`: logs in one session per
role the operations need (help desk, the two approvers, an end user with a role, one
without, one whose session the session-ending operations may end), and collects real
identifiers of the demo data (a login challenge, a sealed sign-in request, a submission,
an alert, an outage, a pending form and role request, devices) so generated requests
reach the operations instead of bouncing off 401, 403 and 404.

Usage: fuzz-setup.py BASE_URL DEMO_ACCOUNTS_FILE OUT_JSON"""
import base64, hashlib, hmac, json, os, struct, sys, time, urllib.error, urllib.parse, urllib.request

base, accounts_file, out = sys.argv[1:4]
ACCOUNTS = {}
for line in open(accounts_file):
    w = line.split()
    if len(w) == 6 and w[1] == "password":
        ACCOUNTS[w[0]] = (w[2], w[5])


def call(method, path, body=None, cookie=None, raw=None, ctype="application/json", redirect=True):
    headers = {"X-Umbral-Request": "1"}
    data = None
    if raw is not None:
        data, headers["Content-Type"] = raw, ctype
    elif body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), ctype
    if cookie:
        headers["Cookie"] = f"__Host-umbral_session={cookie}"
    req = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    opener = urllib.request.build_opener(*([] if redirect else [NoRedirect()]))
    try:
        with opener.open(req, timeout=20) as r:
            text = r.read()
            return r.status, (json.loads(text) if text[:1] in (b"{", b"[") else text), r.headers
    except urllib.error.HTTPError as e:
        text = e.read()
        return e.code, (json.loads(text) if text[:1] in (b"{", b"[") else text), e.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def totp(b32, t):
    key = base64.b32decode(b32 + "=" * (-len(b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", t // 30), hashlib.sha1).digest()
    o = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def login(user):
    password, secret = ACCOUNTS[user]
    st, ch, _ = call("POST", "/api/v1/sessions", {"user_id": user, "password": password})
    assert st == 200, (user, st, ch)
    while 30 - int(time.time()) % 30 < 3:
        time.sleep(0.2)
    st, _, h = call("POST", f"/api/v1/sessions/{ch['challenge']}/passcode",
                    {"device_id": ch["devices"][0]["id"], "code": totp(secret, int(time.time()))})
    assert st == 200, (user, st)
    for c in h.get_all("Set-Cookie") or []:
        name, _, rest = c.partition("=")
        if name == "__Host-umbral_session":
            return rest.split(";")[0]
    sys.exit(f"no session cookie for {user}")


cookies = {u: login(u) for u in
           ["helpdesk.demo", "alan.approver", "beatriz.biller", "diego.diaz", "erin.enduser", "pedro.pagan"]}
hd, alan, diego, erin = cookies["helpdesk.demo"], cookies["alan.approver"], cookies["diego.diaz"], cookies["erin.enduser"]
ids = {"app": "spot", "org": "O-DEMO-COQUI", "user_id": "erin.enduser", "client": "spot-demo-server", "index": "0"}

# The pending role request (Carlos, for Alan) and the pending organisation form.
st, pending, _ = call("GET", "/api/v1/approvals", cookie=alan)
if st == 200 and pending:
    ids["role_request"] = pending[0]["id"]
st, forms, _ = call("GET", "/api/v1/admin/organization-forms", cookie=hd)
if st == 200 and forms:
    ids["form"] = forms[0]["id"]
# An alert and an outage a month ahead (nothing closes now).
now = int(time.time())
st, a, _ = call("POST", "/api/v1/admin/alerts", {
    "title_en": "Fuzz alert", "title_es": "Alerta de prueba", "body_en": "A test alert.",
    "body_es": "Una alerta de prueba.", "end": ""}, cookie=hd)
if st in (200, 201) and isinstance(a, dict):
    ids["alert"] = a.get("id")
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
later = datetime.now(ZoneInfo("America/New_York")) + timedelta(days=30)
st, o, _ = call("POST", "/api/v1/admin/outages", {
    "start": later.strftime("%Y-%m-%d %H:%M"), "end": (later + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
    "components": ["sms"],
    "degraded": True, "message_en": "Texts may be late.", "message_es": "Los textos pueden tardar."}, cookie=hd)
if st in (200, 201) and isinstance(o, dict):
    ids["outage"] = o.get("id")
# Diego's licence and one submission of his.
st, lic, _ = call("GET", "/api/v1/applications/spot/licence?organization=O-DEMO-COQUI", cookie=diego)
if st == 200 and not lic.get("accepted"):
    call("POST", "/api/v1/applications/spot/licence", {"version": lic["version"], "organization": "O-DEMO-COQUI"}, cookie=diego)
boundary = "fuzz-setup-boundary-0123456789"
parts = [("application", "spot"), ("organization", "O-DEMO-COQUI"), ("doc_type", "adr_response"),
         ("subject", "Fuzz set-up"), ("reference", "CLM-1")]
body = b"".join(
    f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in parts)
body += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
         f"Content-Type: application/pdf\r\n\r\n").encode() + b"%PDF-1.7\n" + b"x" * 200 + b"\r\n"
body += f"--{boundary}--\r\n".encode()
st, sub, _ = call("POST", "/api/v1/submissions", raw=body, ctype=f"multipart/form-data; boundary={boundary}", cookie=diego)
if st == 201:
    ids["reference"] = sub["reference"]
# Devices: Erin's own, and a login challenge (Lucía's password step) with hers.
st, devs, _ = call("GET", "/api/v1/me/devices", cookie=erin)
if st == 200 and devs:
    ids["device"] = devs[0]["id"]
password, _ = ACCOUNTS["lucia.lopez"]
st, ch, _ = call("POST", "/api/v1/sessions", {"user_id": "lucia.lopez", "password": password})
if st == 200:
    ids["challenge"] = ch["challenge"]
    ids["challenge_device"] = ch["devices"][0]["id"]
# A sealed sign-in request of the demo's public client.
verifier = "fuzz-setup-pkce-verifier-that-is-long-enough-0123456789"
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
q = urllib.parse.urlencode({"response_type": "code", "client_id": "spot-demo",
                            "redirect_uri": "http://127.0.0.1:8090/callback", "scope": "openid",
                            "state": "fuzz", "code_challenge": challenge, "code_challenge_method": "S256"})
for name in ("sign_in", "sign_in_view"):
    st, _, h = call("GET", "/oauth2/authorize?" + q, redirect=False)
    loc = h.get("Location", "")
    if loc.startswith("/sign-in?request="):
        ids[name] = loc.split("=", 1)[1]

json.dump({"base": base, "accounts": os.path.abspath(accounts_file), "cookies": cookies, "ids": ids},
          open(out, "w"), indent=1)
missing = [k for k in ["role_request", "form", "alert", "outage", "reference", "device", "challenge", "sign_in",
                       "sign_in_view"] if not ids.get(k)]
print(f"fuzz set-up: {len(cookies)} sessions, identifiers {sorted(ids)}" + (f"; missing {missing}" if missing else ""))
