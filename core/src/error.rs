//! Every failure the core can report: a stable code, a visitor message and an admin detail.

use std::fmt;

macro_rules! error_codes {
    ($($variant:ident => ($code:literal, $message:expr)),+ $(,)?) => {
        /// The stable identifier of a failure; hosts branch on it and translate its message.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode { $($variant),+ }

        impl ErrorCode {
            /// Every code, for hosts that build translation tables and for tests.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// Codes only hosts raise (the core does no I/O), listed here so every host uses
            /// the same code and message: a transport failure (network, TLS, timeout, size).
            pub const HOST_ONLY: &'static [ErrorCode] = &[ErrorCode::ProviderUnreachable];

            /// The wire name of the code, e.g. `state_expired`.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code),+ }
            }

            /// A short English sentence a visitor may read.
            pub fn message(self) -> &'static str {
                match self { $(ErrorCode::$variant => $message),+ }
            }
        }
    };
}

const NOT_CONFIGURED: &str =
    "Login with Infomaniak is not configured correctly on this site. Please contact the site administrator.";
const NOT_VERIFIED: &str = "The login could not be verified. Please try again.";
const PROVIDER_UNAVAILABLE: &str =
    "The login provider cannot be reached right now. Please try again later.";
const TRY_AGAIN: &str = "The login could not be completed. Please try again.";

error_codes! {
    InvalidInput => ("invalid_input", TRY_AGAIN),
    UnknownOperation => ("unknown_operation", TRY_AGAIN),
    InternalError => ("internal_error", TRY_AGAIN),
    ConfigInvalid => ("config_invalid", NOT_CONFIGURED),
    ProviderMetadataMissing => ("provider_metadata_missing", NOT_CONFIGURED),
    SiteKeyInvalid => ("site_key_invalid", NOT_CONFIGURED),
    DiscoveryUnavailable => ("discovery_unavailable", PROVIDER_UNAVAILABLE),
    DiscoveryInvalid => ("discovery_invalid", NOT_CONFIGURED),
    DiscoveryIssuerMismatch => ("discovery_issuer_mismatch", NOT_CONFIGURED),
    JwksInvalid => ("jwks_invalid", NOT_VERIFIED),
    StateMissing => ("state_missing", "This login link is incomplete. Please start the login again."),
    LoginCookieMissing => ("login_cookie_missing",
        "Your login has expired or was started in another browser. Please try again."),
    StateInvalid => ("state_invalid", "This login could not be matched to your browser. Please try again."),
    StateExpired => ("state_expired", "Your login took too long. Please try again."),
    IssuerMismatch => ("issuer_mismatch", "The login answer came from an unexpected provider. Please try again."),
    CodeMissing => ("code_missing", TRY_AGAIN),
    AccessDenied => ("access_denied", "The login was cancelled."),
    ProviderInteractionRequired => ("provider_interaction_required",
        "The login provider needs you to log in again. Please try again."),
    ProviderUnavailable => ("provider_unavailable", PROVIDER_UNAVAILABLE),
    ProviderRejected => ("provider_rejected",
        "The login provider refused this site's login request. Please contact the site administrator."),
    TokenHttpError => ("token_http_error", PROVIDER_UNAVAILABLE),
    TokenInvalidGrant => ("token_invalid_grant", "This login link has expired or was already used. Please try again."),
    TokenClientRejected => ("token_client_rejected", NOT_CONFIGURED),
    TokenError => ("token_error", TRY_AGAIN),
    TokenResponseInvalid => ("token_response_invalid", TRY_AGAIN),
    IdTokenMissing => ("id_token_missing", NOT_VERIFIED),
    IdTokenTooLarge => ("id_token_too_large", NOT_VERIFIED),
    IdTokenMalformed => ("id_token_malformed", NOT_VERIFIED),
    IdTokenTypInvalid => ("id_token_typ_invalid", NOT_VERIFIED),
    IdTokenAlgNotAllowed => ("id_token_alg_not_allowed", NOT_VERIFIED),
    IdTokenKeyAmbiguous => ("id_token_key_ambiguous", NOT_VERIFIED),
    JwksRefresh => ("jwks_refresh", NOT_VERIFIED),
    IdTokenSignatureInvalid => ("id_token_signature_invalid", NOT_VERIFIED),
    IdTokenIssuerMismatch => ("id_token_issuer_mismatch", NOT_VERIFIED),
    IdTokenAudienceMismatch => ("id_token_audience_mismatch", NOT_VERIFIED),
    IdTokenAzpMismatch => ("id_token_azp_mismatch", NOT_VERIFIED),
    IdTokenClaimMissing => ("id_token_claim_missing", NOT_VERIFIED),
    IdTokenExpired => ("id_token_expired", "The login took too long. Please try again."),
    IdTokenNotYetValid => ("id_token_not_yet_valid", NOT_VERIFIED),
    IdTokenIssuedInFuture => ("id_token_issued_in_future", NOT_VERIFIED),
    IdTokenNonceMismatch => ("id_token_nonce_mismatch", NOT_VERIFIED),
    IdTokenAtHashMismatch => ("id_token_at_hash_mismatch", NOT_VERIFIED),
    UserinfoHttpError => ("userinfo_http_error", PROVIDER_UNAVAILABLE),
    UserinfoInvalid => ("userinfo_invalid", NOT_VERIFIED),
    UserinfoSubMismatch => ("userinfo_sub_mismatch", NOT_VERIFIED),
    ProviderUnreachable => ("provider_unreachable", PROVIDER_UNAVAILABLE),
    AccountNotAllowed => ("account_not_allowed",
        "There is no account on this site for your identity, and new accounts cannot be created here. Please contact the site administrator."),
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure: its code and a detail for the admin log (never a secret or a token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub detail: String,
}

impl Error {
    /// A failure with its admin detail.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Error {
            code,
            detail: detail.into(),
        }
    }

    /// The visitor message of this failure's code.
    pub fn message(&self) -> &'static str {
        self.code.message()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.detail)
    }
}

impl std::error::Error for Error {}

/// The result type of every core operation.
pub type Result<T> = std::result::Result<T, Error>;

/// Text from outside (a provider's `error_description`, a claim) made safe for a log line:
/// control characters dropped, length bounded.
pub fn log_safe(text: &str) -> String {
    const MAX: usize = 200;
    let mut out: String = text.chars().filter(|c| !c.is_control()).take(MAX).collect();
    if text.chars().count() > MAX {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_with_messages() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "duplicate code {name}");
            assert!(name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            assert!(
                code.message().ends_with('.'),
                "{name} message is a sentence"
            );
        }
    }

    #[test]
    fn log_safe_strips_controls_and_bounds_length() {
        assert_eq!(log_safe("a\r\nb\u{0}c"), "abc");
        let long = "x".repeat(500);
        assert_eq!(log_safe(&long).chars().count(), 201);
    }
}
