//! The HTTP messages the core hands to the host to send, and the responses it judges.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, ErrorCode, Result};

/// The largest response body the core will parse (token, JWKS, discovery, userinfo).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// A request for the host to send with its own HTTP client.
///
/// Fields in alphabetical order: answers are serialized straight from it, and the protocol's JSON
/// objects have sorted keys (PROTOCOL.md; the vector test checks every answer's text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpRequest {
    pub body: Option<String>,
    pub headers: BTreeMap<&'static str, String>,
    pub method: &'static str,
    pub url: String,
}

impl HttpRequest {
    /// A GET that accepts JSON.
    pub fn get(url: String) -> Self {
        let mut headers = BTreeMap::new();
        headers.insert("Accept", "application/json".to_owned());
        HttpRequest {
            method: "GET",
            url,
            headers,
            body: None,
        }
    }
}

/// A response the host received: status and body text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HttpResponse {
    pub status: u16,
    #[serde(default)]
    pub body: String,
}

impl HttpResponse {
    /// True for a 2xx status.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as a JSON object, or `code` with a detail naming `what`.
    pub fn json_object(&self, code: ErrorCode, what: &str) -> Result<Map<String, Value>> {
        if self.body.len() > MAX_BODY_BYTES {
            return Err(Error::new(
                code,
                format!(
                    "{what}: body of {} bytes exceeds {MAX_BODY_BYTES}",
                    self.body.len()
                ),
            ));
        }
        match serde_json::from_str::<Value>(&self.body) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(Error::new(code, format!("{what}: JSON is not an object"))),
            Err(_) => Err(Error::new(
                code,
                format!(
                    "{what}: HTTP {} body is not JSON ({} bytes)",
                    self.status,
                    self.body.len()
                ),
            )),
        }
    }
}
