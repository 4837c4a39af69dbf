//! Infomaniak Connect core: the OpenID Connect relying party, sans-IO.
//!
//! Every operation takes plain data (configuration, the current time, the site key, the HTTP
//! response to judge) and returns plain data (a URL, a cookie, a request to send, an identity, an
//! account decision, or an error). Hosts reach it through [`call`], the JSON operation protocol
//! described in `PROTOCOL.md`.

pub mod account;
pub mod authorize;
pub mod callback;
pub mod config;
pub mod crypto;
pub mod error;
pub mod finish;
pub mod http;
pub mod id_token;
pub mod identity;
pub mod jwks;
pub mod login_state;
pub mod logout;
pub mod ops;
pub mod provider;
pub mod return_path;
pub mod signature;

pub use error::{Error, ErrorCode, Result};
pub use ops::{call, ABI_VERSION};
