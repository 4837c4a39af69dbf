//! Step 3, finish: the token response is judged, the ID token validated, and userinfo asked for
//! only when a claim the site needs is missing.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::{self, Config};
use crate::error::{log_safe, Error, ErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse};
use crate::id_token::{self, Expectations};
use crate::identity::Identity;
use crate::login_state;

/// The verified identity, and the userinfo request when claims are missing.
#[derive(Debug, Clone, Serialize)]
pub struct Finish {
    pub identity: Identity,
    pub userinfo_request: Option<HttpRequest>,
}

/// Judges the token response and its ID token for the login of `state`.
pub fn finish(
    config: &Config,
    site_key: &str,
    now: u64,
    state: &str,
    token_response: &HttpResponse,
    jwks: &str,
) -> Result<Finish> {
    let provider = config.resolve()?;
    let key = config::site_key(site_key)?;
    let tokens = judge_token_response(token_response)?;
    let id_token = tokens
        .get("id_token")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::new(ErrorCode::IdTokenMissing, "token response has no id_token"))?;
    let access_token = tokens.get("access_token").and_then(Value::as_str);
    let nonce = login_state::nonce(key, state);
    let hs256_secret = if config.allow_hs256 {
        config.secret().map(str::as_bytes)
    } else {
        None
    };
    let claims = id_token::validate(
        id_token,
        &Expectations {
            issuer: &config.issuer,
            client_id: &config.client_id,
            nonce: &nonce,
            now,
            clock_tolerance: config.clock_tolerance,
            provider_algs: &provider.id_token_signing_alg_values_supported,
            hs256_secret,
            jwks,
            access_token,
        },
    )?;
    let subject = claims
        .get("sub")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let identity = Identity::from_claims(&config.issuer, &subject, claims);
    let missing = config
        .required_claims
        .iter()
        .any(|claim| !identity.has_claim(claim));
    let userinfo_request = match (missing, &provider.userinfo_endpoint, access_token) {
        (true, Some(endpoint), Some(token)) => {
            let mut request = HttpRequest::get(endpoint.clone());
            request
                .headers
                .insert("Authorization", format!("Bearer {token}"));
            Some(request)
        }
        _ => None,
    };
    Ok(Finish {
        identity,
        userinfo_request,
    })
}

/// A successful token response as a JSON object; OAuth errors and broken bodies as failures.
fn judge_token_response(response: &HttpResponse) -> Result<Map<String, Value>> {
    if !response.is_success() {
        let oauth_error = response
            .json_object(ErrorCode::TokenHttpError, "token response")
            .ok()
            .and_then(|body| {
                let error = body.get("error")?.as_str()?.to_owned();
                let description = body
                    .get("error_description")
                    .and_then(Value::as_str)
                    .map(log_safe);
                Some((error, description))
            });
        return Err(match oauth_error {
            Some((error, description)) => {
                let code = match error.as_str() {
                    "invalid_grant" => ErrorCode::TokenInvalidGrant,
                    "invalid_client" | "unauthorized_client" => ErrorCode::TokenClientRejected,
                    _ => ErrorCode::TokenError,
                };
                let mut detail = format!(
                    "token endpoint answered HTTP {} error={}",
                    response.status,
                    log_safe(&error)
                );
                if let Some(description) = description {
                    detail.push_str(&format!(": {description}"));
                }
                Error::new(code, detail)
            }
            None => Error::new(
                ErrorCode::TokenHttpError,
                format!(
                    "token endpoint answered HTTP {} without an OAuth error ({} bytes)",
                    response.status,
                    response.body.len()
                ),
            ),
        });
    }
    let body = response.json_object(ErrorCode::TokenResponseInvalid, "token response")?;
    if let Some(token_type) = body.get("token_type") {
        if !token_type
            .as_str()
            .is_some_and(|t| t.eq_ignore_ascii_case("bearer"))
        {
            return Err(Error::new(
                ErrorCode::TokenResponseInvalid,
                "token response token_type is not Bearer",
            ));
        }
    }
    if body
        .get("access_token")
        .is_some_and(|t| !t.as_str().is_some_and(is_b64token))
    {
        return Err(Error::new(
            ErrorCode::TokenResponseInvalid,
            "token response access_token is not a bearer token (RFC 6750 b64token)",
        ));
    }
    if body.get("id_token").is_some_and(|t| !t.is_string()) {
        return Err(Error::new(
            ErrorCode::TokenResponseInvalid,
            "token response id_token is not a string",
        ));
    }
    Ok(body)
}

/// RFC 6750 §2.1: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`, so it can
/// go into an `Authorization` header as is.
fn is_b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && body.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
}

/// Merges a userinfo response into `identity`; its `sub` must be the ID token's.
pub fn userinfo(identity: &Identity, response: &HttpResponse) -> Result<Identity> {
    if !response.is_success() {
        return Err(Error::new(
            ErrorCode::UserinfoHttpError,
            format!("userinfo endpoint answered HTTP {}", response.status),
        ));
    }
    let info = response.json_object(ErrorCode::UserinfoInvalid, "userinfo response")?;
    match info.get("sub").and_then(Value::as_str) {
        Some(sub) if sub == identity.subject => {}
        Some(_) => {
            return Err(Error::new(
                ErrorCode::UserinfoSubMismatch,
                "userinfo sub differs from the ID token sub",
            ))
        }
        None => {
            return Err(Error::new(
                ErrorCode::UserinfoInvalid,
                "userinfo response has no sub",
            ))
        }
    }
    // `email_verified` speaks of one address: it is taken only with the address it belongs to.
    let same_email = info
        .get("email")
        .and_then(Value::as_str)
        .is_some_and(|email| identity.claims.get("email").and_then(Value::as_str) == Some(email));
    let mut claims = identity.claims.clone();
    for (name, value) in info {
        let pairs_with_other_email =
            name == "email_verified" && identity.has_claim("email") && !same_email;
        if !identity.has_claim(&name) && !pairs_with_other_email {
            claims.insert(name, value);
        }
    }
    Ok(Identity::from_claims(
        &identity.issuer,
        &identity.subject,
        claims,
    ))
}
