//! Checks a compact JWS signature with one key, through jwt-simple (BoringSSL natively, pure Rust
//! on wasm). Claims are judged elsewhere; jwt-simple's own claim checks are neutralised here.

use jwt_simple::prelude::*;

use crate::error::{Error, ErrorCode, Result};
use crate::jwks::{Jwk, KeyMaterial};

/// The asymmetric algorithms the core can verify.
pub const ASYMMETRIC_ALGS: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA",
];

/// The key a signature is checked with.
pub enum VerifyKey<'a> {
    Public(&'a Jwk),
    /// HS256 with the client secret (only when the site enabled it).
    Secret(&'a [u8]),
}

/// Verifies `token`'s signature made with `alg`; `typ` is the header's `typ`, already vetted.
pub fn verify(token: &str, alg: &str, typ: Option<&str>, key: VerifyKey<'_>) -> Result<()> {
    let options = VerificationOptions {
        // The core judges every claim itself, with the host's clock.
        accept_future: true,
        time_tolerance: Some(Duration::from_secs(u32::MAX as u64)),
        artificial_time: Some(Duration::from_secs(u32::MAX as u64)),
        max_token_length: Some(crate::id_token::MAX_ID_TOKEN_BYTES),
        required_signature_type: typ.map(str::to_owned),
        ..Default::default()
    };
    let unusable =
        |e: jwt_simple::Error| Error::new(ErrorCode::JwksInvalid, format!("key unusable: {e}"));
    let outcome = match key {
        VerifyKey::Secret(secret) => match alg {
            "HS256" => HS256Key::from_bytes(secret)
                .verify_token::<NoCustomClaims>(token, Some(options))
                .map(drop),
            _ => return Err(alg_error(alg)),
        },
        VerifyKey::Public(jwk) => match (&jwk.material, alg) {
            (KeyMaterial::Rsa { n, e }, _) => rsa(alg, n, e, token, options).map_err(unusable)?,
            (KeyMaterial::EcP256 { x, y }, "ES256") => ES256PublicKey::from_bytes(&sec1(x, y))
                .map_err(unusable)?
                .verify_token::<NoCustomClaims>(token, Some(options))
                .map(drop),
            (KeyMaterial::EcP384 { x, y }, "ES384") => ES384PublicKey::from_bytes(&sec1(x, y))
                .map_err(unusable)?
                .verify_token::<NoCustomClaims>(token, Some(options))
                .map(drop),
            (KeyMaterial::Ed25519 { x }, "EdDSA") => Ed25519PublicKey::from_bytes(x)
                .map_err(unusable)?
                .verify_token::<NoCustomClaims>(token, Some(options))
                .map(drop),
            _ => return Err(alg_error(alg)),
        },
    };
    outcome.map_err(|e| {
        Error::new(
            ErrorCode::IdTokenSignatureInvalid,
            format!("ID token signature does not verify ({alg}): {e}"),
        )
    })
}

type Checked = std::result::Result<std::result::Result<(), jwt_simple::Error>, jwt_simple::Error>;

/// Builds the RSA key for `alg` (construction errors outside, verification errors inside).
fn rsa(alg: &str, n: &[u8], e: &[u8], token: &str, options: VerificationOptions) -> Checked {
    macro_rules! check {
        ($key:ty) => {
            <$key>::from_components(n, e).map(|key| {
                key.verify_token::<NoCustomClaims>(token, Some(options))
                    .map(drop)
            })
        };
    }
    match alg {
        "RS256" => check!(RS256PublicKey),
        "RS384" => check!(RS384PublicKey),
        "RS512" => check!(RS512PublicKey),
        "PS256" => check!(PS256PublicKey),
        "PS384" => check!(PS384PublicKey),
        "PS512" => check!(PS512PublicKey),
        _ => Ok(Err(jwt_simple::Error::msg(
            "algorithm does not fit an RSA key",
        ))),
    }
}

fn sec1(x: &[u8], y: &[u8]) -> Vec<u8> {
    let mut point = Vec::with_capacity(1 + x.len() + y.len());
    point.push(0x04);
    point.extend_from_slice(x);
    point.extend_from_slice(y);
    point
}

fn alg_error(alg: &str) -> Error {
    Error::new(
        ErrorCode::IdTokenAlgNotAllowed,
        format!("algorithm {alg} does not fit the chosen key"),
    )
}
