//! The relying party's configuration, as the host passes it to every operation.

use serde::Deserialize;

use crate::error::{Error, ErrorCode, Result};
use crate::provider::{self, check_endpoint_url, Provider};

/// How the client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TokenAuthMethod {
    #[default]
    ClientSecretBasic,
    ClientSecretPost,
}

/// The site's settings for one provider.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub issuer: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    pub redirect_uri: String,
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    #[serde(default)]
    pub token_endpoint_auth_method: TokenAuthMethod,
    #[serde(default)]
    pub provider: Option<Provider>,
    #[serde(default)]
    pub allow_hs256: bool,
    #[serde(default = "default_tolerance")]
    pub clock_tolerance: u64,
    #[serde(default)]
    pub required_claims: Vec<String>,
}

/// Default clock tolerance in seconds.
pub const DEFAULT_CLOCK_TOLERANCE: u64 = 60;
const MAX_CLOCK_TOLERANCE: u64 = 300;

fn default_tolerance() -> u64 {
    DEFAULT_CLOCK_TOLERANCE
}

impl Config {
    /// Checks the settings and resolves the provider metadata (given, or the preset).
    pub fn resolve(&self) -> Result<Provider> {
        provider::check_issuer(&self.issuer)?;
        if self.client_id.trim().is_empty() {
            return Err(Error::new(ErrorCode::ConfigInvalid, "client_id is empty"));
        }
        check_endpoint_url("redirect_uri", &self.redirect_uri, ErrorCode::ConfigInvalid)?;
        if self.clock_tolerance > MAX_CLOCK_TOLERANCE {
            return Err(Error::new(
                ErrorCode::ConfigInvalid,
                format!("clock_tolerance above {MAX_CLOCK_TOLERANCE} s"),
            ));
        }
        let provider = match &self.provider {
            Some(p) => p.clone(),
            None => provider::preset(&self.issuer).ok_or_else(|| {
                Error::new(
                    ErrorCode::ProviderMetadataMissing,
                    "no provider metadata for this issuer: fetch its discovery document",
                )
            })?,
        };
        if provider.issuer != self.issuer {
            return Err(Error::new(
                ErrorCode::ConfigInvalid,
                "provider metadata belongs to another issuer",
            ));
        }
        provider.check(ErrorCode::ConfigInvalid)?;
        Ok(provider)
    }

    /// The scopes to request: the configured ones (default `openid profile email`), `openid` first.
    pub fn scope(&self) -> String {
        let configured: Vec<&str> = match &self.scopes {
            Some(list) => list.iter().map(String::as_str).collect(),
            None => vec!["profile", "email"],
        };
        let mut scopes: Vec<&str> = vec!["openid"];
        for scope in configured {
            let valid = !scope.is_empty() && scope.chars().all(|c| c.is_ascii_graphic());
            if valid && !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        scopes.join(" ")
    }

    /// The client secret, required for the token request and HS256.
    pub fn secret(&self) -> Option<&str> {
        self.client_secret.as_deref().filter(|s| !s.is_empty())
    }

    /// True when the login cookie must carry `Secure`.
    pub fn is_https(&self) -> bool {
        self.redirect_uri.starts_with("https://")
    }
}

/// The site key, checked: at least 32 bytes.
pub fn site_key(value: &str) -> Result<&[u8]> {
    if value.len() < 32 {
        return Err(Error::new(
            ErrorCode::SiteKeyInvalid,
            "site_key is shorter than 32 bytes",
        ));
    }
    Ok(value.as_bytes())
}
