//! Step 1, start: the authorization URL and the login cookie.

use serde::Serialize;

use crate::config::{self, Config};
use crate::error::{Error, ErrorCode, Result};
use crate::login_state::{self, CookieSpec, LoginCookie, LOGIN_LIFETIME};
use crate::return_path;

/// Where to send the visitor, and the cookie that binds their browser to this attempt.
///
/// Fields in alphabetical order: answers are serialized straight from it, and the protocol's JSON
/// objects have sorted keys (PROTOCOL.md; the vector test checks every answer's text).
#[derive(Debug, Clone, Serialize)]
pub struct Start {
    pub authorization_url: String,
    pub cookie: CookieSpec,
    pub set_cookie: String,
    pub state: String,
}

/// Starts a login that will come back to `return_path` (sanitized; `/` when unsafe).
pub fn start(config: &Config, site_key: &str, now: u64, return_path: &str) -> Result<Start> {
    let provider = config.resolve()?;
    let key = config::site_key(site_key)?;
    let state = login_state::new_state()?;
    let verifier = login_state::code_verifier(key, &state);

    let mut url = url::Url::parse(&provider.authorization_endpoint).map_err(|_| {
        Error::new(
            ErrorCode::ConfigInvalid,
            "authorization_endpoint is not a URL",
        )
    })?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &config.client_id)
        .append_pair("redirect_uri", &config.redirect_uri)
        .append_pair("scope", &config.scope())
        .append_pair("state", &state)
        .append_pair("nonce", &login_state::nonce(key, &state))
        .append_pair("code_challenge", &login_state::code_challenge(&verifier))
        .append_pair("code_challenge_method", "S256");

    let value = LoginCookie {
        state: state.clone(),
        issuer: config.issuer.clone(),
        return_path: return_path::sanitize(return_path, "/"),
        issued_at: now,
    }
    .seal(key)?;
    let cookie = CookieSpec::login(
        login_state::cookie_name(&state),
        value,
        LOGIN_LIFETIME,
        config.is_https(),
    );
    Ok(Start {
        authorization_url: url.into(),
        set_cookie: cookie.header(),
        state,
        cookie,
    })
}
