"""Schemathesis hooks for scripts/fuzz-api.sh: the session each operation needs, real
identifiers of the demo data as path parameters, sessions logged in again when the
fuzzer ends one, and a record of every answer, so the run can say how many operations
it reached past the guards (401, 403, 404).

Reads UMBRAL_FUZZ_SETUP (the JSON of scripts/fuzz-setup.py) and appends one line per
answer, `METHOD PATH STATUS`, to UMBRAL_FUZZ_RECORD."""
import base64, hashlib, hmac, json, os, random, struct, threading, time, urllib.request

import schemathesis

SETUP = json.load(open(os.environ["UMBRAL_FUZZ_SETUP"]))
RECORD = os.environ["UMBRAL_FUZZ_RECORD"]
IDS = SETUP["ids"]
COOKIES = dict(SETUP["cookies"])
ACCOUNTS = {}
for line in open(SETUP["accounts"]):
    w = line.split()
    if len(w) == 6 and w[1] == "password":
        ACCOUNTS[w[0]] = (w[2], w[5])
LOCK = threading.Lock()
LAST_STEP = {}
RELOGINS = {}
V1 = "/api/v1"


def account_for(method, path):
    """The account whose session an operation is sent with; None: anonymous (a login,
    a registration or a recovery step must not carry a session: a login with a live
    cookie ends that session)."""
    p = path[len(V1):] if path.startswith(V1) else path
    if p in ("/sessions/current", "/sign-out"):
        return "pedro.pagan"
    if p.startswith("/admin/"):
        return "helpdesk.demo"
    if p.startswith("/approvals/recertifications") or p.startswith("/approvals/members"):
        return "beatriz.biller"
    if p == "/approvals" or p.startswith("/role-requests/") or p == "/handovers":
        return "alan.approver"
    if p.startswith("/submissions") or p.startswith("/applications/") or p.startswith("/sign-in/"):
        return "diego.diaz"
    if p.startswith("/me") or p in ("/role-requests", "/organizations", "/alerts/subscription",
                                     "/page-links", "/applications"):
        return "erin.enduser"
    return None


# The `{id}` of each family of paths: a demo identifier (looked up in the set-up's).
ID_BY_PREFIX = [
    ("/admin/alerts", lambda: IDS.get("alert")),
    ("/admin/outages", lambda: IDS.get("outage")),
    ("/admin/organization-forms", lambda: IDS.get("form")),
    ("/admin/organizations", "O-DEMO-SUNSHINE"),
    ("/role-requests", lambda: IDS.get("role_request")),
    ("/me/devices", lambda: IDS.get("device")),
    ("/sessions/", lambda: IDS.get("challenge_device")),
]


def real_value(path, method, name):
    p = path[len(V1):] if path.startswith(V1) else path
    if name == "user_id":
        if "/approvers/" in p:
            return "alan.approver"
        if p.startswith("/approvals/members"):
            return "lucia.lopez"
        return IDS.get("user_id")
    if name == "org":
        return "O-DEMO-COQUI"
    if name == "id":
        for prefix, v in ID_BY_PREFIX:
            if p.startswith(prefix):
                return v() if callable(v) else v
        return None
    return {
        "c": IDS.get("challenge"),
        # A request that gives its code works once: the one read and cancelled is
        # another than the one completed.
        "request": IDS.get("sign_in") if method == "POST" and not p.endswith("/cancel")
        else IDS.get("sign_in_view"),
        "reference": IDS.get("reference"),
        "index": 0,
        "app": "spot",
        "client": "spot-demo-server",
    }.get(name)


def real_identifiers(case):
    """Most of the time a real identifier of the demo data in the path (and a real
    organisation in the query), so the operation runs; sometimes the generated one, so
    the not-found paths are fuzzed too. Done before each call, so every phase (the
    coverage phase draws no path parameters through the map hooks) gets them."""
    path, method = case.operation.path, case.operation.method.upper()
    if case.path_parameters:
        for name in list(case.path_parameters):
            v = real_value(path, method, name)
            if v is not None and random.random() < 0.8:
                case.path_parameters[name] = v
    if case.query and "organization" in case.query and random.random() < 0.8:
        case.query["organization"] = "O-DEMO-COQUI"


def totp(b32, t):
    key = base64.b32decode(b32 + "=" * (-len(b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", t // 30), hashlib.sha1).digest()
    o = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def post(path, body):
    req = urllib.request.Request(
        SETUP["base"] + path, data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Umbral-Request": "1"})
    with urllib.request.urlopen(req, timeout=20) as r:
        return json.load(r), r.headers.get_all("Set-Cookie") or []


def relogin(user, dead):
    """A fresh session for `user` when `dead` was its cookie (once per cookie: the other
    worker may have renewed it already). A TOTP step works once per device, so this
    waits for a step not used yet; at most 20 times per account in a run."""
    with LOCK:
        # The session-ending operations' own account stays logged out once one of them
        # worked: logging it in again would cost a TOTP step (30 s) each time.
        limit = 0 if user == "pedro.pagan" else 20
        if COOKIES.get(user) != dead or RELOGINS.get(user, 0) >= limit:
            return
        RELOGINS[user] = RELOGINS.get(user, 0) + 1
        password, secret = ACCOUNTS[user]
        try:
            ch, _ = post(f"{V1}/sessions", {"user_id": user, "password": password})
            while True:
                t = int(time.time())
                if t // 30 > LAST_STEP.get(user, 0) and 30 - t % 30 >= 3:
                    break
                time.sleep(0.5)
            _, cookies = post(f"{V1}/sessions/{ch['challenge']}/passcode",
                              {"device_id": ch["devices"][0]["id"], "code": totp(secret, t)})
            LAST_STEP[user] = t // 30
            for c in cookies:
                name, _, rest = c.partition("=")
                if name == "__Host-umbral_session":
                    COOKIES[user] = rest.split(";")[0]
        except Exception as e:  # the account may be locked by the fuzzing itself
            print(f"fuzz hooks: {user} could not log in again: {e}")


@schemathesis.hook
def before_call(ctx, case, kwargs):
    real_identifiers(case)
    user = account_for(case.operation.method.upper(), case.operation.path)
    headers = case.headers if case.headers is not None else {}
    headers.pop("Cookie", None)
    if user is not None:
        headers["Cookie"] = f"__Host-umbral_session={COOKIES[user]}"
    case.headers = headers


@schemathesis.hook
def after_call(ctx, case, response):
    method, path = case.operation.method.upper(), case.operation.path
    with LOCK:
        with open(RECORD, "a") as f:
            f.write(f"{method} {path} {response.status_code}\n")
    if response.status_code == 401:
        user = account_for(method, path)
        try:
            code = response.json()["error"]["code"]
        except Exception:
            code = ""
        if user is not None and code in ("unauthenticated", "session_expired"):
            sent = (case.headers or {}).get("Cookie", "").split("=", 1)[-1]
            relogin(user, sent)
