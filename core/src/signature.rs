//! Checks a compact JWS signature with one key. RSA (the common case) goes straight to the
//! crypto backend on the bytes of the token, BoringSSL natively and its pure-Rust twin
//! `superboring` on wasm; the other algorithms go through jwt-simple, whose own claim checks are
//! neutralised here. Claims are judged elsewhere.

use jwt_simple::prelude::*;

#[cfg(feature = "native-crypto")]
use boring as rsa_backend;
#[cfg(all(feature = "pure-rust", not(feature = "native-crypto")))]
use superboring as rsa_backend;

use crate::crypto::b64url_decode;
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
    if let VerifyKey::Public(Jwk {
        material: KeyMaterial::Rsa { n, e },
        ..
    }) = key
    {
        return rsa(alg, n, e, token);
    }
    let options = VerificationOptions {
        // The core judges every claim itself, with the host's clock.
        accept_future: true,
        time_tolerance: Some(Duration::from_secs(u32::MAX as u64)),
        artificial_time: Some(Duration::from_secs(u32::MAX as u64)),
        max_token_length: Some(crate::id_token::MAX_ID_TOKEN_BYTES),
        required_signature_type: typ.map(str::to_owned),
        ..Default::default()
    };
    let outcome = match key {
        VerifyKey::Secret(secret) => match alg {
            "HS256" => HS256Key::from_bytes(secret)
                .verify_token::<NoCustomClaims>(token, Some(options))
                .map(drop),
            _ => return Err(alg_error(alg)),
        },
        VerifyKey::Public(jwk) => match (&jwk.material, alg) {
            (KeyMaterial::EcP256 { x, y }, "ES256") => ES256PublicKey::from_bytes(&sec1(x, y))
                .map_err(key_unusable)?
                .verify_token::<NoCustomClaims>(token, Some(options))
                .map(drop),
            (KeyMaterial::EcP384 { x, y }, "ES384") => ES384PublicKey::from_bytes(&sec1(x, y))
                .map_err(key_unusable)?
                .verify_token::<NoCustomClaims>(token, Some(options))
                .map(drop),
            (KeyMaterial::Ed25519 { x }, "EdDSA") => Ed25519PublicKey::from_bytes(x)
                .map_err(key_unusable)?
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

/// The RSA modulus sizes accepted, in bits (jwt-simple's policy: no weak keys, no huge ones).
const RSA_MODULUS_BITS: std::ops::RangeInclusive<usize> = 2048..=4096;

/// Verifies an RS*/PS* signature over the token's `header.payload` with the key `n`, `e`.
fn rsa(alg: &str, n: &[u8], e: &[u8], token: &str) -> Result<()> {
    use rsa_backend::hash::MessageDigest;
    use rsa_backend::rsa::Padding;

    let (digest, padding) = match alg {
        "RS256" => (MessageDigest::sha256(), Padding::PKCS1),
        "RS384" => (MessageDigest::sha384(), Padding::PKCS1),
        "RS512" => (MessageDigest::sha512(), Padding::PKCS1),
        "PS256" => (MessageDigest::sha256(), Padding::PKCS1_PSS),
        "PS384" => (MessageDigest::sha384(), Padding::PKCS1_PSS),
        "PS512" => (MessageDigest::sha512(), Padding::PKCS1_PSS),
        _ => return Err(alg_error(alg)),
    };
    let n = trim_leading_zeros(n);
    let bits = n.first().map_or(0, |top| {
        n.len() * 8 - usize::try_from(top.leading_zeros()).unwrap_or(0)
    });
    if !RSA_MODULUS_BITS.contains(&bits) {
        return Err(key_unusable(format!(
            "RSA modulus of {bits} bits (accepted: 2048 to 4096)"
        )));
    }
    if n.last().is_some_and(|low| low & 1 == 0) || trim_leading_zeros(e) != [1, 0, 1] {
        return Err(key_unusable(
            "RSA key is not an odd modulus with exponent 65537",
        ));
    }
    let invalid = || {
        Error::new(
            ErrorCode::IdTokenSignatureInvalid,
            format!("ID token signature does not verify ({alg})"),
        )
    };
    // `validate` has checked the shape: three base64url parts.
    let (signing_input, signature) = token.rsplit_once('.').ok_or_else(invalid)?;
    let signature = b64url_decode(signature).ok_or_else(invalid)?;
    let key = rsa_backend::rsa::Rsa::from_public_components(
        rsa_backend::bn::BigNum::from_slice(n).map_err(key_unusable)?,
        rsa_backend::bn::BigNum::from_slice(e).map_err(key_unusable)?,
    )
    .and_then(rsa_backend::pkey::PKey::from_rsa)
    .map_err(key_unusable)?;
    let mut verifier = rsa_backend::sign::Verifier::new(digest, &key).map_err(key_unusable)?;
    verifier.set_rsa_padding(padding).map_err(key_unusable)?;
    verifier
        .update(signing_input.as_bytes())
        .map_err(key_unusable)?;
    match verifier.verify(&signature) {
        Ok(true) => Ok(()),
        _ => Err(invalid()),
    }
}

fn trim_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

fn sec1(x: &[u8], y: &[u8]) -> Vec<u8> {
    let mut point = Vec::with_capacity(1 + x.len() + y.len());
    point.push(0x04);
    point.extend_from_slice(x);
    point.extend_from_slice(y);
    point
}

/// The chosen key cannot be used (bad material or outside the key policy).
fn key_unusable<E: std::fmt::Display>(why: E) -> Error {
    Error::new(ErrorCode::JwksInvalid, format!("key unusable: {why}"))
}

fn alg_error(alg: &str) -> Error {
    Error::new(
        ErrorCode::IdTokenAlgNotAllowed,
        format!("algorithm {alg} does not fit the chosen key"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rsa_error(n: &[u8], e: &[u8]) -> Error {
        // The key policy is judged before the signature: any token shape will do.
        rsa("RS256", n, e, "e30.e30.AAAA").expect_err("key must be refused")
    }

    #[test]
    fn rsa_keys_outside_the_policy_are_unusable() {
        let mut n2048 = vec![0xC5; 256];
        n2048[255] = 0x01;
        let weak = &n2048[..128]; // 1024 bits
        let mut even = n2048.clone();
        even[255] = 0x02;
        let huge = vec![0xFF; 513]; // 4104 bits
        for (n, e, why) in [
            (weak, &[1u8, 0, 1][..], "1024 bits"),
            (&huge[..], &[1, 0, 1][..], "4104 bits"),
            (&even[..], &[1, 0, 1][..], "65537"),
            (&n2048[..], &[3][..], "65537"),
            (&[][..], &[1, 0, 1][..], "0 bits"),
        ] {
            let error = rsa_error(n, e);
            assert_eq!(error.code, ErrorCode::JwksInvalid, "{why}");
            assert!(error.detail.contains(why), "{why}: {}", error.detail);
        }
    }

    #[test]
    fn a_2048_bit_key_with_leading_zero_passes_the_policy() {
        let mut n = vec![0x00];
        n.extend(std::iter::repeat_n(0xC5, 255));
        n.push(0x01);
        let error = rsa("RS256", &n, &[0, 1, 0, 1], "e30.e30.AAAA").expect_err("bad signature");
        assert_eq!(error.code, ErrorCode::IdTokenSignatureInvalid);
    }
}
