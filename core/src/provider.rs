//! What the core knows about an OpenID Provider: the Infomaniak preset, discovery, endpoint rules.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{log_safe, Error, ErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse};

/// Infomaniak's issuer, for which the core carries the endpoints built in.
pub const INFOMANIAK_ISSUER: &str = "https://login.infomaniak.com";

/// Provider metadata, from the preset or a discovery document.
///
/// Fields in alphabetical order: answers are serialized straight from it, and the protocol's JSON
/// objects have sorted keys (PROTOCOL.md; the vector test checks every answer's text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub authorization_endpoint: String,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
    #[serde(default = "default_algs")]
    pub id_token_signing_alg_values_supported: Vec<String>,
    pub issuer: String,
    pub jwks_uri: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
}

fn default_algs() -> Vec<String> {
    vec!["RS256".to_owned()]
}

/// The built-in metadata for `issuer`, when the core has a preset for it.
pub fn preset(issuer: &str) -> Option<Provider> {
    (issuer == INFOMANIAK_ISSUER).then(|| Provider {
        issuer: INFOMANIAK_ISSUER.to_owned(),
        authorization_endpoint: format!("{INFOMANIAK_ISSUER}/authorize"),
        token_endpoint: format!("{INFOMANIAK_ISSUER}/token"),
        userinfo_endpoint: Some(format!("{INFOMANIAK_ISSUER}/oauth2/userinfo")),
        jwks_uri: format!("{INFOMANIAK_ISSUER}/oauth2/jwks"),
        end_session_endpoint: None,
        id_token_signing_alg_values_supported: default_algs(),
    })
}

/// The request that fetches the discovery document of `issuer` (OpenID Connect Discovery §4).
pub fn discovery_request(issuer: &str) -> Result<HttpRequest> {
    check_issuer(issuer)?;
    let url = format!(
        "{}/.well-known/openid-configuration",
        issuer.strip_suffix('/').unwrap_or(issuer)
    );
    Ok(HttpRequest::get(url))
}

/// Judges a discovery response: its `issuer` must be exactly the configured one.
pub fn parse_discovery(issuer: &str, response: &HttpResponse) -> Result<Provider> {
    if !response.is_success() {
        return Err(Error::new(
            ErrorCode::DiscoveryUnavailable,
            format!("discovery document: HTTP {}", response.status),
        ));
    }
    let document: Value = response
        .json_object(ErrorCode::DiscoveryInvalid, "discovery document")?
        .into();
    let provider: Provider = serde_json::from_value(document).map_err(|e| {
        Error::new(
            ErrorCode::DiscoveryInvalid,
            format!("discovery document: {}", crate::ops::redact(&e.to_string())),
        )
    })?;
    if provider.issuer != issuer {
        return Err(Error::new(
            ErrorCode::DiscoveryIssuerMismatch,
            format!(
                "discovery document names issuer \"{}\", configured issuer is \"{}\"",
                log_safe(&provider.issuer),
                log_safe(issuer)
            ),
        ));
    }
    provider.check(ErrorCode::DiscoveryInvalid)?;
    Ok(provider)
}

impl Provider {
    /// Checks every endpoint is an absolute https URL (http only on loopback, for tests).
    pub fn check(&self, code: ErrorCode) -> Result<()> {
        check_endpoint_url("authorization_endpoint", &self.authorization_endpoint, code)?;
        check_endpoint_url("token_endpoint", &self.token_endpoint, code)?;
        check_endpoint_url("jwks_uri", &self.jwks_uri, code)?;
        if let Some(url) = &self.userinfo_endpoint {
            check_endpoint_url("userinfo_endpoint", url, code)?;
        }
        if let Some(url) = &self.end_session_endpoint {
            check_endpoint_url("end_session_endpoint", url, code)?;
        }
        Ok(())
    }
}

/// An issuer is an https URL (http on loopback) without query or fragment (Discovery §2).
pub fn check_issuer(issuer: &str) -> Result<()> {
    let parsed = check_endpoint_url("issuer", issuer, ErrorCode::ConfigInvalid)?;
    if parsed.query().is_some() {
        return Err(Error::new(
            ErrorCode::ConfigInvalid,
            "issuer must not carry a query",
        ));
    }
    Ok(())
}

/// An endpoint must be https, or http on a loopback host (a provider under test).
pub fn check_endpoint_url(name: &str, value: &str, code: ErrorCode) -> Result<url::Url> {
    let parsed = url::Url::parse(value).map_err(|e| match e {
        // IDNA is ASCII-only (core/Cargo.toml pins idna_adapter 1.0.0): a Unicode host name
        // (bücher.example) must be given in its punycode form (xn--bcher-kva.example).
        url::ParseError::IdnaError => Error::new(
            code,
            format!("{name} has a host name that is not ASCII: use its punycode (xn--) form"),
        ),
        _ => Error::new(code, format!("{name} is not an absolute URL")),
    })?;
    let loopback = matches!(
        parsed.host_str(),
        Some("127.0.0.1") | Some("localhost") | Some("[::1]")
    );
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => {
            return Err(Error::new(
                code,
                format!("{name} must use https (http is allowed on loopback only)"),
            ))
        }
    }
    if parsed.fragment().is_some() || !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::new(
            code,
            format!("{name} must not carry a fragment or credentials"),
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_exists_only_for_infomaniak() {
        let provider = preset(INFOMANIAK_ISSUER).unwrap();
        assert_eq!(
            provider.token_endpoint,
            "https://login.infomaniak.com/token"
        );
        assert!(preset("https://login.infomaniak.com/").is_none());
        assert!(preset("https://example.com").is_none());
    }

    #[test]
    fn discovery_url_handles_trailing_slash() {
        assert_eq!(
            discovery_request("https://op.example/tenant/").unwrap().url,
            "https://op.example/tenant/.well-known/openid-configuration"
        );
    }

    #[test]
    fn endpoints_must_be_https_except_loopback() {
        let code = ErrorCode::ConfigInvalid;
        assert!(check_endpoint_url("x", "https://a.example/t", code).is_ok());
        assert!(check_endpoint_url("x", "http://127.0.0.1:9/t", code).is_ok());
        assert!(check_endpoint_url("x", "http://a.example/t", code).is_err());
        assert!(check_endpoint_url("x", "javascript:alert(1)", code).is_err());
        assert!(check_endpoint_url("x", "https://u:p@a.example/", code).is_err());
    }

    #[test]
    fn unicode_host_names_are_refused_in_favour_of_punycode() {
        let code = ErrorCode::ConfigInvalid;
        let error =
            check_endpoint_url("redirect_uri", "https://bücher.example/cb", code).unwrap_err();
        assert_eq!(error.code, ErrorCode::ConfigInvalid);
        assert!(error.detail.contains("punycode"), "{}", error.detail);
        assert!(
            check_endpoint_url("redirect_uri", "https://xn--bcher-kva.example/cb", code).is_ok()
        );
    }
}
