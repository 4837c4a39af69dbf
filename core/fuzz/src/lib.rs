//! Shared pieces of the fuzz targets: the fixed configuration (the vectors' own, so the seeds made
//! from tests/vectors reach deep), input splitting, and the invariants every answer must keep.
//!
//! Input formats (make_seeds.py writes seeds in them):
//! - dispatch, ffi:   [op index byte] + input text (ffi: raw bytes, and an op index >= 0xF0 takes the
//!                    op name from the input up to its first NUL)
//! - id_token:        [0] + ID token text, or [1] + header JSON + "\n" + payload JSON (HS256-signed
//!                    here with the client secret, so the claim checks are reached)
//! - token_response:  [status index byte] + token endpoint body
//! - discovery:       [status index byte] + discovery body
//! - callback:        [0] + query + 0xFF + cookie value, or [1] + query + 0xFF + cookie payload JSON
//!                    (sealed here with the site key, so the checks after the MAC are reached)
//! - login_cookie:    [0] + cookie value, or [1] + payload bytes (sealed here)
//! - return_path:     candidate + 0xFF + default

use ikc_core::login_state::LoginCookie;
use serde_json::{json, Map, Value};

pub const ISSUER: &str = "https://op.example.com";
pub const CLIENT_ID: &str = "client-123";
pub const CLIENT_SECRET: &str = "vector-client-secret-0123456789abcdef";
pub const REDIRECT_URI: &str = "https://site.example/openid-connect-authorize";
pub const TOKEN_ENDPOINT: &str = "https://op.example.com/token";
pub const SITE_KEY: &str = "vector-site-key-0123456789abcdefghijklmnop";
pub const STATE: &str = "xqhAN9YGJ2KRNnner2QI6K4KKKvgsweyaA9m2bO7tyE";
pub const NOW: u64 = 1_767_225_600;
/// Every public key of the finish vectors (written by make_seeds.py).
pub const JWKS: &str = include_str!("../fixtures/jwks.json");

pub const OPS: &[&str] = &[
    "version",
    "provider_preset",
    "discovery_request",
    "parse_discovery",
    "parse_jwks",
    "start",
    "callback",
    "finish",
    "userinfo",
    "decide_account",
    "sanitize_return_path",
    "logout_url",
    "frobnicate",
];

/// HTTP statuses picked by a status index byte.
pub const STATUSES: &[u16] = &[200, 200, 200, 201, 400, 401, 500, 302, 503, 0, 204, 299];

/// Separator of two text fields: 0xFF never occurs in UTF-8.
pub const SEP: u8 = 0xFF;

pub fn status(index: u8) -> u16 {
    STATUSES[usize::from(index) % STATUSES.len()]
}

/// Bytes as text: invalid UTF-8 becomes U+FFFD, so no input is wasted.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Splits at the first `sep` (the second part is empty without one).
pub fn split(bytes: &[u8], sep: u8) -> (&[u8], &[u8]) {
    match bytes.iter().position(|&b| b == sep) {
        Some(i) => (&bytes[..i], &bytes[i + 1..]),
        None => (bytes, &[]),
    }
}

/// The provider of the fixed configuration: every algorithm the vectors use.
pub fn provider() -> Value {
    json!({
        "issuer": ISSUER,
        "authorization_endpoint": "https://op.example.com/authorize",
        "token_endpoint": TOKEN_ENDPOINT,
        "userinfo_endpoint": "https://op.example.com/userinfo",
        "jwks_uri": "https://op.example.com/jwks",
        "end_session_endpoint": null,
        "id_token_signing_alg_values_supported":
            ["RS256", "RS512", "PS256", "ES256", "ES384", "ES256K", "EdDSA"]
    })
}

/// The fixed, valid configuration; `allow_hs256` turns on HS256 with the client secret.
pub fn config(allow_hs256: bool) -> Value {
    json!({
        "issuer": ISSUER,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": REDIRECT_URI,
        "provider": provider(),
        "allow_hs256": allow_hs256,
        "required_claims": ["email"]
    })
}

/// Runs one operation and checks the answer's shape; returns the `ok` value, or None on an error.
/// `fuzzed` is the part of the input that came from the fuzzer (see `check_answer`).
pub fn call(op: &str, input: &Value, fuzzed: &str) -> Option<Value> {
    let answer = ikc_core::call(op, &input.to_string());
    check_answer(&answer, fuzzed)
}

/// Every answer: a JSON object with exactly `ok`, or `error` {code, message, detail} where code is
/// a snake_case word other than internal_error, message a non-empty sentence; and neither the site
/// key nor the client secret of the fixed configuration, unless the fuzzed text itself held them
/// (the fuzzer learns them from this very comparison).
pub fn check_answer(answer: &str, fuzzed: &str) -> Option<Value> {
    let value: Value = serde_json::from_str(answer)
        .unwrap_or_else(|e| panic!("answer is not JSON ({e}): {answer}"));
    let object = value.as_object().expect("answer is an object");
    assert_eq!(object.len(), 1, "answer has one key: {answer}");
    // Details drop control characters (log_safe), so compare with the fuzzed text without them.
    let fuzzed: String = fuzzed.chars().filter(|c| !c.is_control()).collect();
    for secret in [SITE_KEY, CLIENT_SECRET] {
        assert!(
            fuzzed.contains(secret) || !answer.contains(secret),
            "answer holds a secret of the configuration: {answer}"
        );
    }
    if let Some(ok) = object.get("ok") {
        return Some(ok.clone());
    }
    let error = object
        .get("error")
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("answer is neither ok nor error: {answer}"));
    let code = error["code"].as_str().expect("error.code is a string");
    assert!(
        !code.is_empty()
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "error code {code:?}"
    );
    assert_ne!(code, "internal_error", "internal_error: {answer}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "error.message: {answer}"
    );
    assert!(error["detail"].is_string(), "error.detail: {answer}");
    None
}

/// The return-path invariant: starts with `/`, not `//` nor `/\`, no `\`, no control character
/// (C0 or DEL), and the same once percent-decoded (browsers and servers may decode once more).
pub fn assert_safe_path(path: &str) {
    let shape = |p: &[u8]| {
        p.first() == Some(&b'/')
            && !matches!(p.get(1), Some(b'/') | Some(b'\\'))
            && !p.iter().any(|&b| b == b'\\' || b < 0x20 || b == 0x7f)
    };
    assert!(shape(path.as_bytes()), "unsafe return path {path:?}");
    let decoded = percent_decode(path.as_bytes());
    assert!(
        shape(&decoded),
        "return path {path:?} decodes to an unsafe one"
    );
    assert!(path.len() <= 2048, "return path of {} bytes", path.len());
}

fn percent_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// The checks a `finish` (or any) identity must pass: the configured issuer, a subject, our
/// client in `aud`, the nonce derived from the fixed state.
pub fn assert_identity(ok: &Value) {
    let identity = &ok["identity"];
    assert_eq!(identity["issuer"], ISSUER, "identity issuer: {ok}");
    assert!(
        identity["subject"].as_str().is_some_and(|s| !s.is_empty()),
        "identity without subject: {ok}"
    );
    let claims = identity["claims"].as_object().expect("claims");
    assert_eq!(claims.get("iss"), Some(&json!(ISSUER)), "iss claim: {ok}");
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => a == CLIENT_ID,
        Some(Value::Array(a)) => a.iter().any(|x| x == CLIENT_ID),
        _ => false,
    };
    assert!(aud_ok, "aud lacks the client: {ok}");
    let key = SITE_KEY.as_bytes();
    let nonce = ikc_core::login_state::nonce(key, STATE);
    assert_eq!(claims.get("nonce"), Some(&json!(nonce)), "nonce: {ok}");
    for claim in ["exp", "iat"] {
        assert!(
            claims.get(claim).is_some_and(Value::is_number),
            "{claim}: {ok}"
        );
    }
}

/// `finish` with the fixed configuration, state and JWKS.
pub fn finish(allow_hs256: bool, status: u16, body: &str) -> Option<Value> {
    let input = json!({
        "config": config(allow_hs256),
        "site_key": SITE_KEY,
        "now": NOW,
        "state": STATE,
        "token_response": {"status": status, "body": body},
        "jwks": JWKS,
    });
    let ok = call("finish", &input, body)?;
    assert_identity(&ok);
    Some(ok)
}

/// A token endpoint body carrying `id_token`.
pub fn token_body(id_token: &str) -> String {
    json!({
        "access_token": "SlAV32hkKG-access-token",
        "token_type": "Bearer",
        "expires_in": 3600,
        "id_token": id_token,
    })
    .to_string()
}

/// The cookie value for `payload` bytes with a valid MAC under the fixed site key.
pub fn seal(payload: &[u8]) -> String {
    let payload = ikc_core::crypto::b64url(payload);
    let mac = ikc_core::crypto::hmac_sha256(
        SITE_KEY.as_bytes(),
        format!("ikc-cookie:{payload}").as_bytes(),
    );
    format!("{payload}.{}", ikc_core::crypto::b64url(mac))
}

/// An opened cookie sealed again opens to the same thing.
pub fn assert_cookie_round_trip(cookie: &LoginCookie) {
    let key = SITE_KEY.as_bytes();
    let sealed = cookie.seal(key).expect("seal");
    let again = LoginCookie::open(key, &sealed).expect("a sealed cookie opens");
    assert_eq!(&again, cookie);
}

/// The `ok` of start: the cookie's return path must be safe, the cookie must open.
pub fn check_start(ok: &Value) {
    let value = ok["cookie"]["value"].as_str().expect("cookie value");
    let payload = value.split('.').next().unwrap_or_default();
    let json = ikc_core::crypto::b64url_decode(payload).expect("cookie payload base64url");
    let payload: Map<String, Value> = serde_json::from_slice(&json).expect("cookie payload JSON");
    assert_safe_path(payload["r"].as_str().expect("r"));
}

/// The happy path's ID token (vector finish/oidcc-client-test), signed by key rsa-1.
pub const HAPPY_ID_TOKEN: &str = include_str!("../fixtures/id_token.txt");

/// `finish` of the happy path's token against the JWKS `jwks`.
pub fn finish_with_jwks(jwks: &str) -> Option<Value> {
    let input = json!({
        "config": config(false),
        "site_key": SITE_KEY,
        "now": NOW,
        "state": STATE,
        "token_response": {"status": 200, "body": token_body(HAPPY_ID_TOKEN.trim())},
        "jwks": jwks,
    });
    let ok = call("finish", &input, jwks)?;
    assert_identity(&ok);
    Some(ok)
}
