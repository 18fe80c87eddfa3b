"""A relying party built on Authlib (PyPI, pinned by scripts/test.sh), driven against
Umbral's OpenID Connect provider by tests/tests/oidc.rs.

Authlib does what a real application does: discovery, the authorization URL with PKCE
(S256), state and nonce, the code exchange (client_secret_basic, or none for a public
client), the ID token's signature, issuer, audience, expiry and nonce against the JWKS,
userinfo, refresh, revocation and introspection. The test plays the browser: it follows
`/oauth2/authorize` to the SPA's request and asks the SPA's API for the code with the
session cookie of a person already logged in (password + TOTP), given in UMBRAL_COOKIE.

Prints one JSON line of what it saw; any failed check raises (exit status 1).
"""
import argparse
import json
import os
import sys
import urllib.parse

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oidc.core import CodeIDToken

ap = argparse.ArgumentParser()
ap.add_argument("--issuer", required=True)
ap.add_argument("--client-id", required=True)
ap.add_argument("--secret")
ap.add_argument("--redirect", required=True)
ap.add_argument("--logout-redirect", required=True)
ap.add_argument("--logout", action="store_true", help="end with RP-initiated logout")
a = ap.parse_args()
cookie = {"Cookie": "__Host-umbral_session=" + os.environ["UMBRAL_COOKIE"], "X-Umbral-Request": "1"}

conf = requests.get(a.issuer + "/.well-known/openid-configuration").json()
assert conf["issuer"] == a.issuer, conf["issuer"]
keys = JsonWebKey.import_key_set(requests.get(conf["jwks_uri"]).json())
auth_method = "client_secret_basic" if a.secret else "none"


def client() -> OAuth2Session:
    return OAuth2Session(
        a.client_id,
        a.secret,
        scope="openid profile email",
        redirect_uri=a.redirect,
        code_challenge_method="S256",
        token_endpoint_auth_method=auth_method,
        revocation_endpoint_auth_method=auth_method,
    )


def sign_in(c: OAuth2Session):
    """The authorization URL, the browser's part, the code exchange; checks the ID token."""
    verifier, nonce = generate_token(48), generate_token(20)
    uri, state = c.create_authorization_url(conf["authorization_endpoint"], code_verifier=verifier, nonce=nonce)
    r = requests.get(uri, allow_redirects=False)
    assert r.status_code == 303, r.status_code
    request = urllib.parse.parse_qs(urllib.parse.urlparse(r.headers["Location"]).query)["request"][0]
    done = requests.post(f"{a.issuer}/api/v1/sign-in/{request}", headers=cookie)
    assert done.status_code == 200, done.text
    back = done.json()["redirect"]
    q = urllib.parse.parse_qs(urllib.parse.urlparse(back).query)
    assert q["iss"] == [a.issuer], q
    token = c.fetch_token(conf["token_endpoint"], authorization_response=back, state=state, code_verifier=verifier)
    claims = jwt.decode(
        token["id_token"],
        keys,
        claims_cls=CodeIDToken,
        claims_options={"iss": {"essential": True, "value": a.issuer}, "aud": {"essential": True, "value": a.client_id}},
        claims_params={"nonce": nonce, "client_id": a.client_id},
    )
    claims.validate()
    return token, claims


c = client()
token, claims = sign_in(c)
info = c.get(conf["userinfo_endpoint"]).json()
assert info["sub"] == claims["sub"], (info, claims)
first_refresh = token["refresh_token"]
refreshed = c.refresh_token(conf["token_endpoint"])
assert refreshed["refresh_token"] != first_refresh
assert c.get(conf["userinfo_endpoint"]).status_code == 200

# The old refresh token replayed: refused, and the family (the new token too) revoked.
auth = (a.client_id, a.secret) if a.secret else None
data = {"grant_type": "refresh_token", "refresh_token": first_refresh}
if not a.secret:
    data["client_id"] = a.client_id
replay = requests.post(conf["token_endpoint"], data=data, auth=auth)
assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant", replay.text
data["refresh_token"] = refreshed["refresh_token"]
after = requests.post(conf["token_endpoint"], data=data, auth=auth)
assert after.status_code == 400, after.text
assert c.get(conf["userinfo_endpoint"]).status_code == 401

# A second sign-in (the same Umbral session), revoked by the application (RFC 7009).
c2 = client()
token2, _ = sign_in(c2)
revoked = c2.revoke_token(conf["revocation_endpoint"], token=token2["refresh_token"], token_type_hint="refresh_token")
assert revoked.status_code == 200, revoked.text
assert c2.get(conf["userinfo_endpoint"]).status_code == 401
introspected = None
if a.secret:
    introspected = c2.introspect_token(conf["introspection_endpoint"], token=token2["access_token"]).json()
    assert introspected == {"active": False}, introspected

# RP-initiated logout: to the SPA, which ends the session and returns to the registered address.
if a.logout:
    r = requests.get(
        conf["end_session_endpoint"],
        params={"id_token_hint": token["id_token"], "post_logout_redirect_uri": a.logout_redirect, "state": "bye"},
        allow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["Location"].startswith("/sign-out?"), r.headers
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(r.headers["Location"]).query))
    out = requests.post(f"{a.issuer}/api/v1/sign-out", headers=cookie, json=q)
    assert out.status_code == 200 and out.json()["redirect"] == a.logout_redirect + "?state=bye", out.text

json.dump(
    {
        "sub": claims["sub"],
        "amr": claims["amr"],
        "roles": claims.get("umbral_roles"),
        "email": info.get("email"),
        "introspected": introspected,
    },
    sys.stdout,
)
print()
