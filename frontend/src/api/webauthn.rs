//! The browser's half of a passkey (issue 27): `navigator.credentials.create` and
//! `.get` with the options the server made, and the credential back as JSON. The
//! browser's own `PublicKeyCredential.parse…OptionsFromJSON` and `toJSON` turn the
//! base64url of the wire into bytes and back, so the module carries no codec of its own.
use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// Why a ceremony did not give a credential.
#[derive(Clone, Debug, PartialEq)]
pub enum Failed {
    /// This browser has no WebAuthn (or not the JSON helpers, Chrome 129 and later).
    Unsupported,
    /// The person cancelled, the time ran out, or no key of this account was there
    /// (the browser says `NotAllowedError` for all three, on purpose).
    NotAllowed,
    /// Anything else, with the browser's name for it.
    Other(String),
}

impl Failed {
    /// What to tell the person.
    pub fn message(&self, l: shared::i18n::Locale) -> String {
        let t = |k| crate::i18n::t(l, k);
        match self {
            Failed::Unsupported => t("passkey-unsupported"),
            Failed::NotAllowed => t("passkey-cancelled"),
            Failed::Other(name) => format!("{} ({name})", t("passkey-cancelled")),
        }
    }
}

fn prop(o: &JsValue, k: &str) -> Result<JsValue, JsValue> {
    Reflect::get(o, &JsValue::from_str(k))
}

fn failed(e: JsValue) -> Failed {
    let name = prop(&e, "name")
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "AbortError" => Failed::NotAllowed,
        "" => Failed::Other(e.as_string().unwrap_or_default()),
        _ => Failed::Other(name),
    }
}

type Json = Box<serde_json::value::RawValue>;

async fn ceremony(
    verb: &str,
    parse: &str,
    options: &serde_json::value::RawValue,
) -> Result<Json, Failed> {
    let window = web_sys::window().ok_or(Failed::Unsupported)?;
    let pkc = prop(&window, "PublicKeyCredential").map_err(failed)?;
    let parse_fn = prop(&pkc, parse)
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or(Failed::Unsupported)?;
    let json = JSON::parse(options.get()).map_err(failed)?;
    let public_key = parse_fn.call1(&pkc, &json).map_err(failed)?;
    let arg = Object::new();
    Reflect::set(&arg, &JsValue::from_str("publicKey"), &public_key).map_err(failed)?;
    let creds = prop(&window.navigator(), "credentials").map_err(failed)?;
    let call = prop(&creds, verb)
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or(Failed::Unsupported)?;
    let promise: Promise = call
        .call1(&creds, &arg)
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)?;
    let cred = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(failed)?;
    let to_json = prop(&cred, "toJSON")
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or(Failed::Unsupported)?;
    let out = to_json.call0(&cred).map_err(failed)?;
    let text = JSON::stringify(&out)
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    serde_json::value::RawValue::from_string(text).map_err(|e| Failed::Other(e.to_string()))
}

/// A new credential for these creation options (`navigator.credentials.create`).
pub async fn create(options: &serde_json::value::RawValue) -> Result<Json, Failed> {
    ceremony("create", "parseCreationOptionsFromJSON", options).await
}

/// An assertion for these request options (`navigator.credentials.get`).
pub async fn get(options: &serde_json::value::RawValue) -> Result<Json, Failed> {
    ceremony("get", "parseRequestOptionsFromJSON", options).await
}
