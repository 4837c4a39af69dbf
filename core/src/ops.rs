//! The JSON operation protocol: one operation name and a JSON object in, `{"ok": …}` or
//! `{"error": {…}}` out. The C ABI, the wasm module and the vectors all go through `call`.

use std::collections::BTreeMap;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::account::{self, KnownUser, Policy};
use crate::authorize;
use crate::callback::{self, CallbackParams};
use crate::config::Config;
use crate::error::{Error, ErrorCode, Result};
use crate::finish;
use crate::http::HttpResponse;
use crate::identity::Identity;
use crate::jwks;
use crate::logout;
use crate::provider;
use crate::return_path;

/// The version of this protocol; hosts refuse a library with another.
pub const ABI_VERSION: u32 = 1;

/// The largest JSON input accepted.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// Runs operation `op` on the JSON `input` and returns the JSON answer. Never panics on input.
pub fn call(op: &str, input: &str) -> String {
    run(op, input).unwrap_or_else(|error| error_json(&error).to_string())
}

/// The JSON form of a failure.
pub fn error_json(error: &Error) -> Value {
    json!({ "error": {
        "code": error.code.as_str(),
        "message": error.message(),
        "detail": error.detail,
    }})
}

/// Runs `op` and prints its `{"ok": …}` answer. Each input is deserialized straight into its
/// typed form and each answer serialized straight to text: no intermediate `Value` on the way.
fn run(op: &str, input: &str) -> Result<String> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            format!("input of {} bytes exceeds {MAX_INPUT_BYTES}", input.len()),
        ));
    }
    match op {
        "version" => {
            parse::<IgnoredAny>(input)?;
            ok(json!({ "abi": ABI_VERSION, "core": env!("CARGO_PKG_VERSION") }))
        }
        "provider_preset" => {
            let input: IssuerInput = parse(input)?;
            ok(provider::preset(&input.issuer))
        }
        "discovery_request" => {
            let input: IssuerInput = parse(input)?;
            ok(provider::discovery_request(&input.issuer)?)
        }
        "parse_discovery" => {
            let input: DiscoveryInput = parse(input)?;
            ok(provider::parse_discovery(&input.issuer, &input.response)?)
        }
        "parse_jwks" => {
            let input: JwksInput = parse(input)?;
            let keys: Vec<_> = jwks::parse(&input.jwks)?
                .iter()
                .map(jwks::Jwk::summary)
                .collect();
            ok(json!({ "keys": keys }))
        }
        "start" => {
            let input: StartInput = parse(input)?;
            ok(authorize::start(
                &input.config,
                &input.site_key,
                input.now,
                input.return_path.as_deref().unwrap_or("/"),
            )?)
        }
        "callback" => {
            let input: CallbackInput = parse(input)?;
            let params = input.query.into_params();
            ok(callback::callback(
                &input.config,
                &input.site_key,
                input.now,
                &params,
                &input.cookies.into_strings(),
            )?)
        }
        "clear_cookie" => {
            let input: ClearCookieInput = parse(input)?;
            let params = input.query.into_params();
            let header =
                callback::clear_cookie(&input.config, &params, &input.cookies.into_strings());
            ok(json!({ "clear_cookie": header }))
        }
        "finish" => {
            let input: FinishInput = parse(input)?;
            ok(finish::finish(
                &input.config,
                &input.site_key,
                input.now,
                &input.state,
                &input.token_response,
                &input.jwks,
            )?)
        }
        "userinfo" => {
            let input: UserinfoInput = parse(input)?;
            ok(finish::userinfo(&input.identity, &input.response)?)
        }
        "decide_account" => {
            let input: DecideInput = parse(input)?;
            ok(account::decide(
                input.policy,
                &input.identity,
                input.linked_user.as_ref(),
                input.email_user.as_ref(),
            )?)
        }
        "sanitize_return_path" => {
            let input: ReturnPathInput = parse(input)?;
            let path = return_path::sanitize(
                input.return_path.as_deref().unwrap_or(""),
                input.default.as_deref().unwrap_or("/"),
            );
            ok(json!({ "return_path": path }))
        }
        "logout_url" => {
            let input: LogoutInput = parse(input)?;
            let url = logout::logout_url(&input.config, input.post_logout_redirect_uri.as_deref())?;
            ok(json!({ "url": url }))
        }
        _ => {
            parse::<IgnoredAny>(input)?;
            Err(Error::new(
                ErrorCode::UnknownOperation,
                format!("unknown operation \"{}\"", crate::error::log_safe(op)),
            ))
        }
    }
}

/// Deserializes an operation's input, which must be one JSON object.
fn parse<T: DeserializeOwned>(input: &str) -> Result<T> {
    let not_json = |e: serde_json::Error| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("input is not JSON: {}", redact(&e.to_string())),
        )
    };
    // Syntax first, as a parse into `Value` would judge it: a type error may come before it.
    let syntax = || serde_json::from_str::<IgnoredAny>(input).map_err(not_json);
    if !input.trim_start().starts_with('{') {
        syntax()?;
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "input is not a JSON object",
        ));
    }
    serde_json::from_str(input).map_err(|e| {
        if let Err(not_json) = syntax() {
            return not_json;
        }
        // A type error's position says nothing to a host that built the input as a whole.
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&position).unwrap_or(&message);
        Error::new(
            ErrorCode::InvalidInput,
            format!("input: {}", redact(message)),
        )
    })
}

/// The `{"ok": …}` answer of a successful operation, as text.
fn ok(value: impl Serialize) -> Result<String> {
    #[derive(Serialize)]
    struct Answer<T> {
        ok: T,
    }
    serde_json::to_string(&Answer { ok: value })
        .map_err(|e| Error::new(ErrorCode::InternalError, e.to_string()))
}

/// A serde message without the quoted values it may echo (one could be a secret).
pub fn redact(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        match (c, quoted) {
            ('"', false) => {
                quoted = true;
                out.push_str("\"…");
            }
            ('"', true) => {
                quoted = false;
                out.push('"');
            }
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}

#[derive(Deserialize)]
struct IssuerInput {
    issuer: String,
}

#[derive(Deserialize)]
struct DiscoveryInput {
    issuer: String,
    response: HttpResponse,
}

#[derive(Deserialize)]
struct JwksInput {
    jwks: String,
}

#[derive(Deserialize)]
struct StartInput {
    config: Config,
    site_key: String,
    now: u64,
    #[serde(default)]
    return_path: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Query {
    Raw(String),
    Map(BTreeMap<String, String>),
}

impl Query {
    fn into_params(self) -> CallbackParams {
        match self {
            Query::Raw(query) => CallbackParams::from_query(&query),
            Query::Map(map) => CallbackParams::from_pairs(map),
        }
    }
}

/// Request cookies; values that are not strings are ignored.
#[derive(Deserialize, Default)]
struct Cookies(BTreeMap<String, Value>);

impl Cookies {
    fn into_strings(self) -> BTreeMap<String, String> {
        self.0
            .into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) => Some((k, s)),
                _ => None,
            })
            .collect()
    }
}

#[derive(Deserialize)]
struct CallbackInput {
    config: Config,
    site_key: String,
    now: u64,
    query: Query,
    #[serde(default)]
    cookies: Cookies,
}

#[derive(Deserialize)]
struct ClearCookieInput {
    config: Config,
    query: Query,
    #[serde(default)]
    cookies: Cookies,
}

#[derive(Deserialize)]
struct FinishInput {
    config: Config,
    site_key: String,
    now: u64,
    state: String,
    token_response: HttpResponse,
    jwks: String,
}

#[derive(Deserialize)]
struct UserinfoInput {
    identity: Identity,
    response: HttpResponse,
}

#[derive(Deserialize)]
struct DecideInput {
    policy: Policy,
    identity: Identity,
    #[serde(default)]
    linked_user: Option<KnownUser>,
    #[serde(default)]
    email_user: Option<KnownUser>,
}

#[derive(Deserialize)]
struct ReturnPathInput {
    #[serde(default)]
    return_path: Option<String>,
    #[serde(default)]
    default: Option<String>,
}

#[derive(Deserialize)]
struct LogoutInput {
    config: Config,
    #[serde(default)]
    post_logout_redirect_uri: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_quoted_values() {
        assert_eq!(
            redact("invalid type: string \"s3cret\", expected u64 at line 1"),
            "invalid type: string \"…\", expected u64 at line 1"
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for (op, input) in [
            ("start", ""),
            ("start", "[]"),
            ("start", "{\"config\":5}"),
            ("nope", "{}"),
            ("finish", "{\"config\":{}}"),
        ] {
            let out: Value = serde_json::from_str(&call(op, input)).unwrap();
            assert!(out["error"]["code"].is_string(), "{op} {input}: {out}");
        }
    }
}
