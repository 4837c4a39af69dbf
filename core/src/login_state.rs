//! The login state: a random `state`, the values derived from it under the site key, and the
//! signed cookie that binds one browser to one login attempt without server storage.

use serde::{Deserialize, Serialize};

use crate::crypto::{b64url, b64url_decode, constant_time_eq, hmac_sha256, random_bytes, sha256};
use crate::error::{Error, ErrorCode, Result};

/// How long a login may take, in seconds.
pub const LOGIN_LIFETIME: u64 = 600;
/// The cookie name prefix; the first 8 characters of the state follow.
pub const COOKIE_PREFIX: &str = "ikc_login_";
const STATE_BYTES: usize = 32;
const MAX_COOKIE_BYTES: usize = 4096;

/// A fresh random state: 43 base64url characters.
pub fn new_state() -> Result<String> {
    Ok(b64url(random_bytes::<STATE_BYTES>()?))
}

/// True for a state this core could have made (43 base64url characters).
pub fn is_well_formed(state: &str) -> bool {
    state.len() == 43
        && state
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The ID token nonce for `state`.
pub fn nonce(site_key: &[u8], state: &str) -> String {
    derive(site_key, "ikc-nonce:", state)
}

/// The PKCE code verifier for `state` (43 characters, RFC 7636 §4.1).
pub fn code_verifier(site_key: &[u8], state: &str) -> String {
    derive(site_key, "ikc-pkce:", state)
}

/// The PKCE S256 challenge of a verifier.
pub fn code_challenge(verifier: &str) -> String {
    b64url(sha256(verifier.as_bytes()))
}

fn derive(site_key: &[u8], label: &str, state: &str) -> String {
    b64url(hmac_sha256(site_key, format!("{label}{state}").as_bytes()))
}

/// The name of the cookie that carries `state`'s login.
pub fn cookie_name(state: &str) -> String {
    let prefix: String = state.chars().take(8).collect();
    format!("{COOKIE_PREFIX}{prefix}")
}

/// What the login cookie carries (signed, not secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginCookie {
    /// The state.
    #[serde(rename = "s")]
    pub state: String,
    /// The issuer the login was started with (mix-up defence).
    #[serde(rename = "i")]
    pub issuer: String,
    /// Where to send the visitor afterwards (already sanitized).
    #[serde(rename = "r")]
    pub return_path: String,
    /// When the login started (unix seconds).
    #[serde(rename = "t")]
    pub issued_at: u64,
}

impl LoginCookie {
    /// The cookie value: payload and its MAC under the site key.
    pub fn seal(&self, site_key: &[u8]) -> Result<String> {
        let json = serde_json::to_string(self)
            .map_err(|e| Error::new(ErrorCode::InternalError, e.to_string()))?;
        let payload = b64url(json);
        let mac = b64url(cookie_mac(site_key, &payload));
        Ok(format!("{payload}.{mac}"))
    }

    /// Opens a cookie value: MAC checked in constant time before anything is parsed.
    pub fn open(site_key: &[u8], value: &str) -> Result<LoginCookie> {
        let invalid = |detail: &str| Error::new(ErrorCode::StateInvalid, detail.to_owned());
        if value.len() > MAX_COOKIE_BYTES {
            return Err(invalid("login cookie too long"));
        }
        let (payload, mac) = value
            .split_once('.')
            .ok_or_else(|| invalid("login cookie is not payload.mac"))?;
        let mac = b64url_decode(mac).ok_or_else(|| invalid("login cookie MAC is not base64url"))?;
        if !constant_time_eq(&mac, &cookie_mac(site_key, payload)) {
            return Err(invalid(
                "login cookie MAC does not verify (tampered, or signed with another site key)",
            ));
        }
        let json = b64url_decode(payload)
            .ok_or_else(|| invalid("login cookie payload is not base64url"))?;
        serde_json::from_slice(&json).map_err(|_| invalid("login cookie payload is not valid"))
    }
}

fn cookie_mac(site_key: &[u8], payload_b64: &str) -> [u8; 32] {
    hmac_sha256(site_key, format!("ikc-cookie:{payload_b64}").as_bytes())
}

/// A cookie to set or clear, with its `Set-Cookie` header value.
///
/// Fields in alphabetical order: answers are serialized straight from it, and the protocol's JSON
/// objects have sorted keys (PROTOCOL.md; the vector test checks every answer's text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CookieSpec {
    pub http_only: bool,
    pub max_age: u64,
    pub name: String,
    pub path: &'static str,
    pub same_site: &'static str,
    pub secure: bool,
    pub value: String,
}

impl CookieSpec {
    /// The login cookie attributes (HttpOnly, SameSite=Lax, Path=/, Secure on https).
    pub fn login(name: String, value: String, max_age: u64, secure: bool) -> Self {
        CookieSpec {
            name,
            value,
            max_age,
            path: "/",
            http_only: true,
            same_site: "Lax",
            secure,
        }
    }

    /// The `Set-Cookie` header value.
    pub fn header(&self) -> String {
        let mut header = format!(
            "{}={}; Max-Age={}; Path={}",
            self.name, self.value, self.max_age, self.path
        );
        if self.http_only {
            header.push_str("; HttpOnly");
        }
        header.push_str("; SameSite=");
        header.push_str(self.same_site);
        if self.secure {
            header.push_str("; Secure");
        }
        header
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn cookie() -> LoginCookie {
        LoginCookie {
            state: "s".repeat(43),
            issuer: "https://op.example".into(),
            return_path: "/x".into(),
            issued_at: 1_700_000_000,
        }
    }

    #[test]
    fn seal_then_open_round_trips() {
        let sealed = cookie().seal(KEY).unwrap();
        assert_eq!(LoginCookie::open(KEY, &sealed).unwrap(), cookie());
    }

    #[test]
    fn open_rejects_other_key_and_tampering() {
        let sealed = cookie().seal(KEY).unwrap();
        let other = b"ffffffffffffffffffffffffffffffff";
        assert_eq!(
            LoginCookie::open(other, &sealed).unwrap_err().code,
            ErrorCode::StateInvalid
        );
        let tampered = format!("A{}", &sealed[1..]);
        assert_eq!(
            LoginCookie::open(KEY, &tampered).unwrap_err().code,
            ErrorCode::StateInvalid
        );
        assert!(LoginCookie::open(KEY, "").is_err());
        assert!(LoginCookie::open(KEY, "...").is_err());
    }

    #[test]
    fn state_is_43_base64url_chars_and_derivations_are_pkce_valid() {
        let state = new_state().unwrap();
        assert!(is_well_formed(&state));
        let verifier = code_verifier(KEY, &state);
        assert_eq!(verifier.len(), 43);
        assert_ne!(verifier, nonce(KEY, &state));
        assert_eq!(code_challenge(&verifier).len(), 43);
    }
}
