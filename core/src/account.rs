//! The account decision: the core decides, the CMS executes.

use serde::{Deserialize, Serialize};

use crate::crypto::sha256;
use crate::error::{Error, ErrorCode, Result};
use crate::identity::Identity;

/// The site's account policy.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Policy {
    #[serde(default = "yes")]
    pub create_users: bool,
    #[serde(default)]
    pub link_by_email: bool,
    #[serde(default)]
    pub link_administrators: bool,
}

fn yes() -> bool {
    true
}

/// A CMS user the host found.
#[derive(Debug, Clone, Deserialize)]
pub struct KnownUser {
    pub id: String,
    #[serde(default)]
    pub is_admin: bool,
}

/// What the CMS must do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Decision {
    /// Log in the user already linked to this identity.
    Login { user_id: String },
    /// Link this identity to the user with the same verified e-mail, then log in.
    Link { user_id: String },
    /// Create a user (the host makes the username unique), link it, log in.
    /// (Fields in alphabetical order: the protocol's JSON objects have sorted keys.)
    Create {
        display_name: String,
        email: Option<String>,
        username: String,
    },
}

/// Decides which account `identity` gets. `linked_user` is the user linked to (issuer, subject);
/// `email_user` the user whose e-mail equals the identity's.
pub fn decide(
    policy: Policy,
    identity: &Identity,
    linked_user: Option<&KnownUser>,
    email_user: Option<&KnownUser>,
) -> Result<Decision> {
    if let Some(user) = linked_user {
        return Ok(Decision::Login {
            user_id: user.id.clone(),
        });
    }
    let email_user = email_user.filter(|_| identity.email.is_some());
    if let Some(user) = email_user {
        let may_link = policy.link_by_email
            && identity.email_verified
            && (!user.is_admin || policy.link_administrators);
        if may_link {
            return Ok(Decision::Link {
                user_id: user.id.clone(),
            });
        }
    }
    if !policy.create_users {
        return Err(Error::new(
            ErrorCode::AccountNotAllowed,
            "identity not linked, no account to link to, and account creation is off",
        ));
    }
    let username = username_hint(identity);
    // The e-mail goes on a new account only when verified and not already another user's.
    let email = identity
        .email
        .clone()
        .filter(|_| identity.email_verified && email_user.is_none());
    Ok(Decision::Create {
        display_name: display_name(identity, &username),
        username,
        email,
    })
}

/// A username suggestion: lowercase ASCII letters, digits, `.`, `_`, `-`; never empty.
fn username_hint(identity: &Identity) -> String {
    let candidates = [
        identity.preferred_username.as_deref(),
        identity.email.as_deref().and_then(|e| e.split('@').next()),
        identity.given_name.as_deref(),
    ];
    for candidate in candidates.into_iter().flatten() {
        let cleaned: String = candidate
            .chars()
            .filter_map(|c| {
                let c = c.to_ascii_lowercase();
                (c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')).then_some(c)
            })
            .take(50)
            .collect();
        if cleaned.chars().any(|c| c.is_ascii_alphanumeric()) {
            return cleaned;
        }
    }
    let digest = sha256(format!("{}\n{}", identity.issuer, identity.subject).as_bytes());
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("user_{hex}")
}

fn display_name(identity: &Identity, username: &str) -> String {
    if let Some(name) = &identity.name {
        return name.clone();
    }
    let parts: Vec<&str> = [
        identity.given_name.as_deref(),
        identity.family_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !parts.is_empty() {
        return parts.join(" ");
    }
    identity
        .preferred_username
        .clone()
        .unwrap_or_else(|| username.to_owned())
}
