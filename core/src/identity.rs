//! The verified identity a login produces: issuer + subject, and the profile claims the CMS maps.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Who logged in, as the provider vouched for it.
///
/// Fields in alphabetical order: answers are serialized straight from it, and the protocol's JSON
/// objects have sorted keys (PROTOCOL.md; the vector test checks every answer's text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    pub claims: Map<String, Value>,
    pub email: Option<String>,
    pub email_verified: bool,
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub issuer: String,
    pub locale: Option<String>,
    pub name: Option<String>,
    pub preferred_username: Option<String>,
    pub subject: String,
}

impl Identity {
    /// The identity described by verified `claims` from `issuer`.
    pub fn from_claims(issuer: &str, subject: &str, claims: Map<String, Value>) -> Self {
        let text = |name: &str| {
            claims
                .get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        // Some providers send "true" as a string.
        let email_verified = matches!(claims.get("email_verified"), Some(Value::Bool(true)))
            || claims.get("email_verified").and_then(Value::as_str) == Some("true");
        Identity {
            issuer: issuer.to_owned(),
            subject: subject.to_owned(),
            email: text("email").filter(|e| looks_like_email(e)),
            email_verified,
            name: text("name"),
            given_name: text("given_name"),
            family_name: text("family_name"),
            preferred_username: text("preferred_username"),
            locale: text("locale"),
            claims,
        }
    }

    /// True when the claim `name` is present and not empty.
    pub fn has_claim(&self, name: &str) -> bool {
        match self.claims.get(name) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(_) => true,
        }
    }
}

fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(|c| c.is_whitespace() || c.is_control())
                && !domain.contains('@')
                && text.len() <= 254
        }
        None => false,
    }
}
