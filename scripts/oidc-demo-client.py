#!/usr/bin/env python3
"""A tiny relying party for trying Umbral's OpenID Connect provider by hand.

Start Umbral with `--demo`, then run

    python3 scripts/oidc-demo-client.py --issuer http://127.0.0.1:8080

and open http://127.0.0.1:8090/ . It signs you in to the demo's public client
`spot-demo` with the authorization code flow and PKCE (S256), exchanges the code,
and shows the ID token's claims and the userinfo answer. Python's standard library
only; it decodes the ID token to show it but does not check its signature (a real
relying party must: use a maintained OIDC library).
"""
import argparse
import base64
import hashlib
import html
import http.server
import json
import secrets
import urllib.parse
import urllib.request

CLIENT_ID = "spot-demo"
REDIRECT = "http://127.0.0.1:8090/callback"
PENDING = {}


def b64url(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def claims_of(jwt: str) -> dict:
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--issuer", default="http://127.0.0.1:8080")
    args = ap.parse_args()
    conf = json.load(urllib.request.urlopen(args.issuer + "/.well-known/openid-configuration"))

    class Handler(http.server.BaseHTTPRequestHandler):
        def page(self, body: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(f"<!doctype html><meta name=viewport content='width=device-width'><title>SPOT demo</title><body style='font-family:sans-serif;max-width:40rem;margin:1rem auto'>{body}".encode())

        def do_GET(self) -> None:
            url = urllib.parse.urlparse(self.path)
            q = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/":
                self.page("<h1>SPOT (demo)</h1><p><a id=login href=/login>Sign in with Umbral</a></p>")
            elif url.path == "/login":
                state, nonce, verifier = (secrets.token_urlsafe(16) for _ in range(3))
                PENDING[state] = (nonce, verifier)
                challenge = b64url(hashlib.sha256(verifier.encode()).digest())
                query = urllib.parse.urlencode({
                    "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT,
                    "scope": "openid profile email", "state": state, "nonce": nonce,
                    "code_challenge": challenge, "code_challenge_method": "S256",
                })
                self.send_response(303)
                self.send_header("Location", conf["authorization_endpoint"] + "?" + query)
                self.end_headers()
            elif url.path == "/callback":
                if "error" in q or q.get("state") not in PENDING:
                    self.page(f"<h1>Not signed in</h1><p id=error>{html.escape(q.get('error', 'unknown state'))}</p><p><a href=/>Back</a></p>", 400)
                    return
                nonce, verifier = PENDING.pop(q["state"])
                form = urllib.parse.urlencode({
                    "grant_type": "authorization_code", "code": q["code"], "redirect_uri": REDIRECT,
                    "code_verifier": verifier, "client_id": CLIENT_ID,
                }).encode()
                tokens = json.load(urllib.request.urlopen(urllib.request.Request(conf["token_endpoint"], data=form)))
                claims = claims_of(tokens["id_token"])
                assert claims["nonce"] == nonce, "nonce mismatch"
                req = urllib.request.Request(conf["userinfo_endpoint"], headers={"Authorization": "Bearer " + tokens["access_token"]})
                info = json.load(urllib.request.urlopen(req))
                logout = conf["end_session_endpoint"] + "?" + urllib.parse.urlencode({
                    "id_token_hint": tokens["id_token"], "post_logout_redirect_uri": "http://127.0.0.1:8090/",
                })
                self.page(
                    f"<h1 id=welcome>Welcome, {html.escape(claims.get('given_name', ''))}</h1>"
                    f"<h2>ID token</h2><pre id=claims>{html.escape(json.dumps(claims, indent=2))}</pre>"
                    f"<h2>Userinfo</h2><pre>{html.escape(json.dumps(info, indent=2))}</pre>"
                    f"<p><a id=logout href='{html.escape(logout)}'>Sign out</a></p>"
                )
            else:
                self.page("<h1>Not found</h1>", 404)

    print("Open http://127.0.0.1:8090/ and sign in with a demo account that holds a SPOT role.")
    http.server.ThreadingHTTPServer(("127.0.0.1", 8090), Handler).serve_forever()


if __name__ == "__main__":
    main()
