//! ID token validation: every check of OpenID Connect Core §3.1.3.7, none optional.

use serde_json::{Map, Value};

use crate::crypto::{b64url, b64url_decode, constant_time_eq, sha256, sha384, sha512};
use crate::error::{log_safe, Error, ErrorCode, Result};
use crate::jwks::{self, KeyChoice};
use crate::signature::{self, VerifyKey, ASYMMETRIC_ALGS};

/// The largest ID token accepted.
pub const MAX_ID_TOKEN_BYTES: usize = 64 * 1024;

/// What an ID token is checked against.
pub struct Expectations<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub now: u64,
    pub clock_tolerance: u64,
    /// Algorithms the provider announced (`none` and unsupported ones are dropped).
    pub provider_algs: &'a [String],
    /// The client secret, when HS256 is explicitly enabled.
    pub hs256_secret: Option<&'a [u8]>,
    /// The JWKS document body.
    pub jwks: &'a str,
    /// The access token issued with the ID token, for `at_hash`.
    pub access_token: Option<&'a str>,
}

/// Validates `token` and returns its claims.
pub fn validate(token: &str, expect: &Expectations<'_>) -> Result<Map<String, Value>> {
    if token.len() > MAX_ID_TOKEN_BYTES {
        return Err(Error::new(
            ErrorCode::IdTokenTooLarge,
            format!(
                "ID token of {} bytes exceeds {MAX_ID_TOKEN_BYTES}",
                token.len()
            ),
        ));
    }
    let (header, claims) = decode(token)?;
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
    let typ = vetted_typ(&header)?;
    if header.get("crit").is_some() {
        return Err(malformed("ID token header carries \"crit\""));
    }
    let allowed = allowed_algs(expect);
    if !allowed.contains(&alg) {
        return Err(Error::new(
            ErrorCode::IdTokenAlgNotAllowed,
            format!(
                "ID token algorithm \"{}\" is not among the allowed [{}]",
                log_safe(alg),
                allowed.join(", ")
            ),
        ));
    }
    if token.ends_with('.') {
        return Err(malformed("ID token signature is empty"));
    }
    let kid = match header.get("kid") {
        None => None,
        Some(Value::String(kid)) => Some(kid.as_str()),
        Some(_) => return Err(malformed("ID token \"kid\" is not a string")),
    };
    let keys;
    let key = match (alg, expect.hs256_secret) {
        ("HS256", Some(secret)) => VerifyKey::Secret(secret),
        _ => {
            keys = jwks::parse(expect.jwks)?;
            match jwks::choose(&keys, alg, kid) {
                KeyChoice::Found(key) => VerifyKey::Public(key),
                KeyChoice::Unknown => {
                    return Err(Error::new(
                        ErrorCode::JwksRefresh,
                        match kid {
                            Some(kid) => {
                                format!("no {alg} key with kid \"{}\" in the JWKS", log_safe(kid))
                            }
                            None => format!("no {alg} key in the JWKS"),
                        },
                    ))
                }
                KeyChoice::Ambiguous => {
                    return Err(Error::new(
                        ErrorCode::IdTokenKeyAmbiguous,
                        match kid {
                            Some(kid) => format!(
                                "several {alg} keys share kid \"{}\" in the JWKS",
                                log_safe(kid)
                            ),
                            None => {
                                format!("ID token has no kid and the JWKS has several {alg} keys")
                            }
                        },
                    ))
                }
            }
        }
    };
    signature::verify(token, alg, typ, key)?;
    check_claims(&claims, alg, expect)?;
    Ok(claims)
}

/// The algorithms a token may use: the provider's asymmetric ones the core supports, plus HS256
/// when the site enabled it with a secret. Never `none`.
fn allowed_algs<'a>(expect: &'a Expectations<'_>) -> Vec<&'a str> {
    let mut algs: Vec<&str> = expect
        .provider_algs
        .iter()
        .map(String::as_str)
        .filter(|a| ASYMMETRIC_ALGS.contains(a))
        .collect();
    if expect.hs256_secret.is_some() {
        algs.push("HS256");
    }
    algs
}

fn malformed(detail: &str) -> Error {
    Error::new(ErrorCode::IdTokenMalformed, detail.to_owned())
}

/// Splits and decodes a compact JWS, checking each part's shape before any trust is given.
fn decode(token: &str) -> Result<(Map<String, Value>, Map<String, Value>)> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return Err(malformed(if parts.len() == 5 {
            "ID token is encrypted (JWE), which is not supported"
        } else {
            "ID token is not three dot-separated parts"
        }));
    };
    let object = |part: &str, name: &str| -> Result<Map<String, Value>> {
        let bytes = b64url_decode(part)
            .ok_or_else(|| malformed(&format!("ID token {name} is not base64url")))?;
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(malformed(&format!("ID token {name} is not a JSON object"))),
            Err(_) => Err(malformed(&format!("ID token {name} is not JSON"))),
        }
    };
    let header = object(header, "header")?;
    let claims = object(payload, "payload")?;
    if b64url_decode(signature).is_none() {
        return Err(malformed("ID token signature is not base64url"));
    }
    if !header.get("alg").is_some_and(Value::is_string) {
        return Err(malformed("ID token header has no \"alg\""));
    }
    if header.get("jwk").is_some() {
        return Err(malformed(
            "ID token header embeds a key (\"jwk\"); embedded keys are never trusted",
        ));
    }
    for name in ["iss", "sub", "azp", "nonce", "at_hash", "jti"] {
        if claims.get(name).is_some_and(|v| !v.is_string()) {
            return Err(malformed(&format!(
                "ID token claim \"{name}\" is not a string"
            )));
        }
    }
    for name in ["exp", "iat", "nbf"] {
        if claims.get(name).is_some_and(|v| numeric_date(v).is_none()) {
            return Err(malformed(&format!(
                "ID token claim \"{name}\" is not a date"
            )));
        }
    }
    let aud_ok = match claims.get("aud") {
        None | Some(Value::String(_)) => true,
        Some(Value::Array(list)) => list.iter().all(Value::is_string),
        Some(_) => false,
    };
    if !aud_ok {
        return Err(malformed(
            "ID token claim \"aud\" is not a string or list of strings",
        ));
    }
    Ok((header, claims))
}

/// `typ`, when present, must say this is a JWT (`JWT` or `application/jwt`, any case).
fn vetted_typ(header: &Map<String, Value>) -> Result<Option<&str>> {
    match header.get("typ") {
        None => Ok(None),
        Some(Value::String(typ))
            if typ.eq_ignore_ascii_case("JWT") || typ.eq_ignore_ascii_case("application/jwt") =>
        {
            Ok(Some(typ))
        }
        Some(other) => Err(Error::new(
            ErrorCode::IdTokenTypInvalid,
            format!("ID token typ {} is not JWT", log_safe(&other.to_string())),
        )),
    }
}

fn numeric_date(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| {
        value
            .as_f64()
            .filter(|f| f.is_finite() && f.abs() < 1e15)
            .map(|f| f.floor() as i64)
    })
}

fn check_claims(claims: &Map<String, Value>, alg: &str, expect: &Expectations<'_>) -> Result<()> {
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    let missing = |name: &str| {
        Error::new(
            ErrorCode::IdTokenClaimMissing,
            format!("ID token has no \"{name}\" claim"),
        )
    };

    let iss = text("iss").ok_or_else(|| missing("iss"))?;
    if iss != expect.issuer {
        return Err(Error::new(
            ErrorCode::IdTokenIssuerMismatch,
            format!(
                "ID token iss \"{}\" is not the configured issuer \"{}\"",
                log_safe(iss),
                log_safe(expect.issuer)
            ),
        ));
    }
    text("sub")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| missing("sub"))?;

    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => return Err(missing("aud")),
    };
    if !audiences.contains(&expect.client_id) {
        return Err(Error::new(
            ErrorCode::IdTokenAudienceMismatch,
            "ID token aud does not contain this site's client_id",
        ));
    }
    match text("azp") {
        Some(azp) if azp != expect.client_id => {
            return Err(Error::new(
                ErrorCode::IdTokenAzpMismatch,
                "ID token azp is not this site's client_id",
            ))
        }
        None if audiences.len() > 1 => {
            return Err(Error::new(
                ErrorCode::IdTokenAzpMismatch,
                "ID token has several audiences and no azp",
            ))
        }
        _ => {}
    }

    let now = i64::try_from(expect.now).unwrap_or(i64::MAX);
    let tolerance = i64::try_from(expect.clock_tolerance).unwrap_or(0);
    let date = |name: &str| claims.get(name).and_then(numeric_date);
    let exp = date("exp").ok_or_else(|| missing("exp"))?;
    if now > exp.saturating_add(tolerance) {
        return Err(Error::new(
            ErrorCode::IdTokenExpired,
            format!("ID token expired {} s ago", now.saturating_sub(exp)),
        ));
    }
    let iat = date("iat").ok_or_else(|| missing("iat"))?;
    if iat > now.saturating_add(tolerance) {
        return Err(Error::new(
            ErrorCode::IdTokenIssuedInFuture,
            format!(
                "ID token iat is {} s in the future",
                iat.saturating_sub(now)
            ),
        ));
    }
    if let Some(nbf) = date("nbf") {
        if nbf > now.saturating_add(tolerance) {
            return Err(Error::new(
                ErrorCode::IdTokenNotYetValid,
                format!(
                    "ID token nbf is {} s in the future",
                    nbf.saturating_sub(now)
                ),
            ));
        }
    }

    let nonce = text("nonce").ok_or_else(|| missing("nonce"))?;
    if !constant_time_eq(nonce.as_bytes(), expect.nonce.as_bytes()) {
        return Err(Error::new(
            ErrorCode::IdTokenNonceMismatch,
            "ID token nonce is not the one this login sent",
        ));
    }

    if let (Some(at_hash), Some(access_token)) = (text("at_hash"), expect.access_token) {
        if at_hash != left_half_hash(alg, access_token) {
            return Err(Error::new(
                ErrorCode::IdTokenAtHashMismatch,
                "ID token at_hash does not match the access token",
            ));
        }
    }
    Ok(())
}

/// `at_hash`: the left half of the hash that goes with `alg`, base64url (Core §3.1.3.6).
fn left_half_hash(alg: &str, access_token: &str) -> String {
    let digest = match alg {
        "RS384" | "PS384" | "ES384" => sha384(access_token.as_bytes()),
        "RS512" | "PS512" | "EdDSA" => sha512(access_token.as_bytes()),
        _ => sha256(access_token.as_bytes()),
    };
    b64url(&digest[..digest.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_hash_matches_openid_core_example() {
        // OpenID Connect Core, Appendix A.3 (RS256).
        assert_eq!(
            left_half_hash("RS256", "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
    }

    #[test]
    fn numeric_dates_accept_integers_and_floats_only() {
        assert_eq!(numeric_date(&Value::from(5)), Some(5));
        assert_eq!(numeric_date(&Value::from(5.7)), Some(5));
        assert_eq!(numeric_date(&Value::from("5")), None);
    }
}
