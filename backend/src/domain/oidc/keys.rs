//! The provider's signing keys: ES256 (ECDSA P-256 with SHA-256), made with `p256`,
//! signed and checked with `jsonwebtoken`. The private key is sealed with the server key
//! in the store and never leaves the server; the JWKS publishes the public halves.
//!
//! Rotation (`umbral admin oidc-rotate-key`) makes a new key the one in use and keeps the
//! old one in the JWKS for [`RETIRED_KEPT_SECS`], longer than any token it signed lives.
use super::OidcError;
use crate::crypto::secrets::signing_key_aad as aad;
use crate::domain::Umbral;
use crate::store::{Change, Durability, SigningKey, Store, StoreError, Table};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::EncodePrivateKey;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// How long a retired key stays in the JWKS: an hour, against tokens of five minutes.
pub const RETIRED_KEPT_SECS: u64 = 3600;

/// One key of the JWKS (RFC 7517/7518 EC public key).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Jwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub y: String,
    pub kid: String,
    #[serde(rename = "use")]
    pub use_: String,
    pub alg: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

impl Umbral {
    /// Every key, newest first.
    async fn signing_keys(&self) -> Result<Vec<SigningKey>, StoreError> {
        let mut v: Vec<SigningKey> = self
            .store
            .scan(Table::OidcKeys, "", usize::MAX)
            .await?
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        v.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.kid.cmp(&a.kid)));
        Ok(v)
    }

    /// The key in use, made on first need (at `now`).
    async fn current_key(&self, now: u64) -> Result<SigningKey, StoreError> {
        if let Some(k) = self
            .signing_keys()
            .await?
            .into_iter()
            .find(|k| k.retired_at == 0)
        {
            return Ok(k);
        }
        self.rotate_signing_key(now).await
    }

    /// Makes the first signing key if there is none (at start, when clients exist).
    pub async fn ensure_signing_key(&self, now: u64) -> Result<(), StoreError> {
        self.current_key(now).await.map(|_| ())
    }

    /// Makes a new signing key the one in use and retires the others (kept in the JWKS
    /// for [`RETIRED_KEPT_SECS`]). Returns the new key.
    pub async fn rotate_signing_key(&self, now: u64) -> Result<SigningKey, StoreError> {
        let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
        let der = secret
            .to_pkcs8_der()
            .map_err(|e| StoreError::Backend(format!("PKCS#8: {e}")))?;
        let point = secret.public_key().to_encoded_point(false);
        let (x, y) = (
            point.x().ok_or_else(|| StoreError::Backend("x".into()))?,
            point.y().ok_or_else(|| StoreError::Backend("y".into()))?,
        );
        let kid = format!("{}-{}", now, &crate::crypto::secrets::id()[..8]);
        let key = SigningKey {
            kid: kid.clone(),
            created_at: now,
            sealed: STANDARD.encode(self.keys.seal(der.as_bytes(), &aad(&kid))),
            x: URL_SAFE_NO_PAD.encode(x),
            y: URL_SAFE_NO_PAD.encode(y),
            retired_at: 0,
        };
        for old in self.signing_keys().await? {
            if old.retired_at == 0 {
                self.store
                    .update::<SigningKey, (), _>(
                        Table::OidcKeys,
                        &old.kid,
                        Durability::Flushed,
                        |k| match k {
                            Some(mut k) if k.retired_at == 0 => {
                                k.retired_at = now;
                                (Change::Put(k), ())
                            }
                            _ => (Change::Keep, ()),
                        },
                    )
                    .await?;
            }
        }
        self.store.insert_new(Table::OidcKeys, &kid, &key).await?;
        tracing::info!(kid, "new OpenID Connect signing key");
        Ok(key)
    }

    /// The keys whose tokens may still be presented at `now`, for `/oauth2/jwks`.
    pub async fn jwks(&self, now: u64) -> Result<Jwks, StoreError> {
        Ok(Jwks {
            keys: self
                .signing_keys()
                .await?
                .into_iter()
                .filter(|k| k.retired_at == 0 || now < k.retired_at + RETIRED_KEPT_SECS)
                .map(|k| Jwk {
                    kty: "EC".into(),
                    crv: "P-256".into(),
                    x: k.x,
                    y: k.y,
                    kid: k.kid,
                    use_: "sig".into(),
                    alg: "ES256".into(),
                })
                .collect(),
        })
    }

    /// Signs `claims` with the key in use; `typ` is `JWT` for ID tokens and `at+jwt`
    /// for access tokens (RFC 9068), so one is never taken for the other.
    pub(crate) async fn sign<T: Serialize>(
        &self,
        typ: &str,
        claims: &T,
        now: u64,
    ) -> Result<String, OidcError> {
        let k = self.current_key(now).await?;
        let der = STANDARD
            .decode(&k.sealed)
            .ok()
            .and_then(|b| self.keys.open(&b, &aad(&k.kid)))
            .ok_or_else(|| {
                OidcError::Store(StoreError::Backend(
                    "the signing key does not open with the server key".into(),
                ))
            })?;
        let mut h = Header::new(Algorithm::ES256);
        h.kid = Some(k.kid);
        h.typ = Some(typ.into());
        jsonwebtoken::encode(&h, claims, &EncodingKey::from_ec_der(&der))
            .map_err(|e| OidcError::Store(StoreError::Backend(format!("signing: {e}"))))
    }

    /// Checks a token this provider signed: ES256 only (so `alg: none`, HS256 and every
    /// other algorithm are refused before any key is used), a `kid` of the JWKS, the
    /// `typ` given, and the issuer, with the keys published at `now`. Expiry is left to the
    /// caller (a logout hint may be expired).
    pub(crate) async fn verify<T: DeserializeOwned>(
        &self,
        typ: &str,
        token: &str,
        now: u64,
    ) -> Option<T> {
        let header = jsonwebtoken::decode_header(token).ok()?;
        if header.alg != Algorithm::ES256 || header.typ.as_deref() != Some(typ) {
            return None;
        }
        let kid = header.kid?;
        let key = self
            .jwks(now)
            .await
            .ok()?
            .keys
            .into_iter()
            .find(|k| k.kid == kid)?;
        let dk = DecodingKey::from_ec_components(&key.x, &key.y).ok()?;
        let mut v = Validation::new(Algorithm::ES256);
        v.validate_exp = false;
        v.validate_aud = false;
        v.required_spec_claims.clear();
        v.set_issuer(&[self.issuer()]);
        jsonwebtoken::decode::<T>(token, &dk, &v)
            .ok()
            .map(|d| d.claims)
    }
}
