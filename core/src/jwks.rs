//! The provider's JSON Web Key Set: the signing keys an ID token may be checked with.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::crypto::b64url_decode;
use crate::error::{Error, ErrorCode, Result};
use crate::http::MAX_BODY_BYTES;

/// The public key material of one signing key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyMaterial {
    Rsa { n: Vec<u8>, e: Vec<u8> },
    EcP256 { x: Vec<u8>, y: Vec<u8> },
    EcP384 { x: Vec<u8>, y: Vec<u8> },
    Ed25519 { x: Vec<u8> },
}

/// One signing key of the set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jwk {
    pub kid: Option<String>,
    pub alg: Option<String>,
    pub material: KeyMaterial,
}

/// A summary of a usable key, as `parse_jwks` reports it.
///
/// Fields in alphabetical order: answers are serialized straight from it, and the protocol's JSON
/// objects have sorted keys (PROTOCOL.md; the vector test checks every answer's text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeySummary {
    pub alg: Option<String>,
    pub crv: Option<&'static str>,
    pub kid: Option<String>,
    pub kty: &'static str,
}

impl Jwk {
    /// True when this key can check a signature made with `alg`.
    pub fn fits(&self, alg: &str) -> bool {
        if self.alg.as_deref().is_some_and(|a| a != alg) {
            return false;
        }
        match &self.material {
            KeyMaterial::Rsa { .. } => matches!(
                alg,
                "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512"
            ),
            KeyMaterial::EcP256 { .. } => alg == "ES256",
            KeyMaterial::EcP384 { .. } => alg == "ES384",
            KeyMaterial::Ed25519 { .. } => alg == "EdDSA",
        }
    }

    /// What `parse_jwks` shows of the key.
    pub fn summary(&self) -> KeySummary {
        let (kty, crv) = match self.material {
            KeyMaterial::Rsa { .. } => ("RSA", None),
            KeyMaterial::EcP256 { .. } => ("EC", Some("P-256")),
            KeyMaterial::EcP384 { .. } => ("EC", Some("P-384")),
            KeyMaterial::Ed25519 { .. } => ("OKP", Some("Ed25519")),
        };
        KeySummary {
            kid: self.kid.clone(),
            kty,
            alg: self.alg.clone(),
            crv,
        }
    }
}

/// Parses a JWKS document; keys not for signatures (`use` ≠ `sig`, `key_ops` without `verify`)
/// and key types the core does not support are left out.
pub fn parse(body: &str) -> Result<Vec<Jwk>> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::new(
            ErrorCode::JwksInvalid,
            format!("JWKS of {} bytes exceeds {MAX_BODY_BYTES}", body.len()),
        ));
    }
    let document: Value = serde_json::from_str(body)
        .map_err(|_| Error::new(ErrorCode::JwksInvalid, "JWKS is not JSON"))?;
    let keys = document
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::new(ErrorCode::JwksInvalid, "JWKS has no \"keys\" array"))?;
    Ok(keys
        .iter()
        .filter_map(Value::as_object)
        .filter_map(signing_key)
        .collect())
}

fn signing_key(key: &Map<String, Value>) -> Option<Jwk> {
    let text = |name: &str| key.get(name).and_then(Value::as_str);
    let bytes = |name: &str| text(name).and_then(b64url_decode).filter(|b| !b.is_empty());
    if key.get("use").is_some_and(|u| u != "sig") {
        return None;
    }
    if let Some(ops) = key.get("key_ops") {
        let verify = ops
            .as_array()
            .is_some_and(|ops| ops.iter().any(|op| op == "verify"));
        if !verify {
            return None;
        }
    }
    let material = match (text("kty")?, text("crv")) {
        ("RSA", _) => KeyMaterial::Rsa {
            n: bytes("n")?,
            e: bytes("e")?,
        },
        ("EC", Some("P-256")) => KeyMaterial::EcP256 {
            x: sized(bytes("x")?, 32)?,
            y: sized(bytes("y")?, 32)?,
        },
        ("EC", Some("P-384")) => KeyMaterial::EcP384 {
            x: sized(bytes("x")?, 48)?,
            y: sized(bytes("y")?, 48)?,
        },
        ("OKP", Some("Ed25519")) => KeyMaterial::Ed25519 {
            x: sized(bytes("x")?, 32)?,
        },
        _ => return None,
    };
    Some(Jwk {
        kid: text("kid").map(str::to_owned),
        alg: text("alg").map(str::to_owned),
        material,
    })
}

fn sized(bytes: Vec<u8>, len: usize) -> Option<Vec<u8>> {
    (bytes.len() == len).then_some(bytes)
}

/// How the key for a token was found.
#[derive(Debug)]
pub enum KeyChoice<'a> {
    Found(&'a Jwk),
    /// No key fits: the set may be stale (rotation), refetch it once.
    Unknown,
    /// Several keys fit and the token does not say which.
    Ambiguous,
}

/// Picks the key for a token signed with `alg` and carrying `kid` (if any).
pub fn choose<'a>(keys: &'a [Jwk], alg: &str, kid: Option<&str>) -> KeyChoice<'a> {
    let mut fitting = keys
        .iter()
        .filter(|k| k.fits(alg))
        .filter(|k| kid.is_none() || k.kid.as_deref() == kid);
    match (fitting.next(), fitting.next()) {
        (None, _) => KeyChoice::Unknown,
        (Some(key), None) => KeyChoice::Found(key),
        (Some(_), Some(_)) => KeyChoice::Ambiguous,
    }
}
