//! Step 2, the callback at `/openid-connect-authorize`: the answer is matched to the browser's
//! login cookie, and the token request is built.

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;

use crate::config::{self, Config, TokenAuthMethod};
use crate::crypto::constant_time_eq;
use crate::error::{log_safe, Error, ErrorCode, Result};
use crate::http::HttpRequest;
use crate::login_state::{self, CookieSpec, LoginCookie, LOGIN_LIFETIME};

/// The callback's parameters, from the query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    pub iss: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl CallbackParams {
    /// Parses a raw query string (`code=…&state=…`); the first of repeated keys wins.
    pub fn from_query(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        Self::from_pairs(url::form_urlencoded::parse(query.as_bytes()).into_owned())
    }

    /// Takes the parameters from name/value pairs; the first of repeated names wins.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut params = CallbackParams::default();
        for (name, value) in pairs {
            let slot = match name.as_str() {
                "code" => &mut params.code,
                "state" => &mut params.state,
                "iss" => &mut params.iss,
                "error" => &mut params.error,
                "error_description" => &mut params.error_description,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        params
    }
}

/// What the host does next: send `token_request`, clear the cookie, remember `state`.
///
/// Fields in alphabetical order: answers are serialized straight from it, and the protocol's JSON
/// objects have sorted keys (PROTOCOL.md; the vector test checks every answer's text).
#[derive(Debug, Clone, Serialize)]
pub struct Callback {
    pub clear_cookie: String,
    pub return_path: String,
    pub state: String,
    pub token_request: HttpRequest,
}

/// Judges the provider's answer against the browser's cookies, and builds the token request.
pub fn callback(
    config: &Config,
    site_key: &str,
    now: u64,
    params: &CallbackParams,
    cookies: &BTreeMap<String, String>,
) -> Result<Callback> {
    let provider = config.resolve()?;
    let key = config::site_key(site_key)?;
    if let Some(error) = &params.error {
        return Err(provider_error(error, params.error_description.as_deref()));
    }
    let state = params
        .state
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::new(ErrorCode::StateMissing, "callback without state"))?;
    if !login_state::is_well_formed(state) {
        return Err(Error::new(
            ErrorCode::StateInvalid,
            "state parameter is not one this site issues",
        ));
    }
    let name = login_state::cookie_name(state);
    let value = cookies.get(&name).ok_or_else(|| {
        Error::new(
            ErrorCode::LoginCookieMissing,
            format!("no cookie {name} (expired, other browser, or cookies blocked)"),
        )
    })?;
    let cookie = LoginCookie::open(key, value)?;
    if !constant_time_eq(cookie.state.as_bytes(), state.as_bytes()) {
        return Err(Error::new(
            ErrorCode::StateInvalid,
            "state parameter differs from the login cookie's state",
        ));
    }
    if cookie.issuer != config.issuer {
        return Err(Error::new(
            ErrorCode::StateInvalid,
            "login cookie was issued for another provider",
        ));
    }
    if cookie.issued_at > now.saturating_add(config.clock_tolerance) {
        return Err(Error::new(
            ErrorCode::StateInvalid,
            "login cookie issued in the future",
        ));
    }
    if now.saturating_sub(cookie.issued_at) > LOGIN_LIFETIME {
        return Err(Error::new(
            ErrorCode::StateExpired,
            format!(
                "login started {} s ago (limit {LOGIN_LIFETIME} s)",
                now.saturating_sub(cookie.issued_at)
            ),
        ));
    }
    if let Some(iss) = &params.iss {
        if iss != &config.issuer {
            return Err(Error::new(
                ErrorCode::IssuerMismatch,
                format!(
                    "iss parameter \"{}\" is not the configured issuer (RFC 9207)",
                    log_safe(iss)
                ),
            ));
        }
    }
    let code = params
        .code
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| Error::new(ErrorCode::CodeMissing, "callback without code"))?;

    let verifier = login_state::code_verifier(key, state);
    let token_request = token_request(config, &provider.token_endpoint, code, &verifier)?;
    let clear = CookieSpec::login(name, String::new(), 0, config.is_https());
    Ok(Callback {
        state: state.to_owned(),
        return_path: cookie.return_path,
        token_request,
        clear_cookie: clear.header(),
    })
}

/// The `Set-Cookie` header that deletes this callback's login cookie, when the request carries it:
/// hosts send it after a failed callback too, so no login cookie outlives its callback.
pub fn clear_cookie(
    config: &Config,
    params: &CallbackParams,
    cookies: &BTreeMap<String, String>,
) -> Option<String> {
    let state = params
        .state
        .as_deref()
        .filter(|s| login_state::is_well_formed(s))?;
    let name = login_state::cookie_name(state);
    cookies
        .contains_key(&name)
        .then(|| CookieSpec::login(name, String::new(), 0, config.is_https()).header())
}

fn token_request(
    config: &Config,
    token_endpoint: &str,
    code: &str,
    verifier: &str,
) -> Result<HttpRequest> {
    let secret = config.secret().ok_or_else(|| {
        Error::new(
            ErrorCode::ConfigInvalid,
            "client_secret is empty: the token request needs it",
        )
    })?;
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("redirect_uri", &config.redirect_uri)
        .append_pair("code_verifier", verifier);
    let mut headers = BTreeMap::new();
    headers.insert("Accept", "application/json".to_owned());
    headers.insert(
        "Content-Type",
        "application/x-www-form-urlencoded".to_owned(),
    );
    match config.token_endpoint_auth_method {
        TokenAuthMethod::ClientSecretBasic => {
            // RFC 6749 §2.3.1: both parts form-urlencoded before base64.
            let encode =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            let credentials = format!("{}:{}", encode(&config.client_id), encode(secret));
            headers.insert(
                "Authorization",
                format!("Basic {}", STANDARD.encode(credentials)),
            );
        }
        TokenAuthMethod::ClientSecretPost => {
            form.append_pair("client_id", &config.client_id)
                .append_pair("client_secret", secret);
        }
    }
    Ok(HttpRequest {
        method: "POST",
        url: token_endpoint.to_owned(),
        headers,
        body: Some(form.finish()),
    })
}

/// Maps an authorization error response (OpenID Connect Core §3.1.2.6) to a plain failure.
fn provider_error(error: &str, description: Option<&str>) -> Error {
    let code = match error {
        "access_denied" => ErrorCode::AccessDenied,
        "login_required"
        | "interaction_required"
        | "consent_required"
        | "account_selection_required" => ErrorCode::ProviderInteractionRequired,
        "server_error" | "temporarily_unavailable" => ErrorCode::ProviderUnavailable,
        _ => ErrorCode::ProviderRejected,
    };
    let mut detail = format!("provider answered error={}", log_safe(error));
    if let Some(description) = description {
        detail.push_str(&format!(": {}", log_safe(description)));
    }
    Error::new(code, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parsing_takes_first_value_and_decodes() {
        let p = CallbackParams::from_query("?code=a%2Bb&state=s&code=other&iss=https%3A%2F%2Fx");
        assert_eq!(p.code.as_deref(), Some("a+b"));
        assert_eq!(p.state.as_deref(), Some("s"));
        assert_eq!(p.iss.as_deref(), Some("https://x"));
        assert_eq!(p.error, None);
    }

    #[test]
    fn provider_errors_map_to_plain_codes() {
        assert_eq!(
            provider_error("access_denied", None).code,
            ErrorCode::AccessDenied
        );
        assert_eq!(
            provider_error("temporarily_unavailable", None).code,
            ErrorCode::ProviderUnavailable
        );
        assert_eq!(
            provider_error("weird", Some("x\ny")).detail,
            "provider answered error=weird: xy"
        );
    }
}
