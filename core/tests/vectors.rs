//! Runs every shared vector in `tests/vectors/*.json` through the core's JSON operation protocol.
//!
//! A vector is `{"name", "op", "input", "expect", "output"?, "shape"?}`: `expect` (the intent) must
//! be a recursive subset of the output; `output` (the exact answer, shared with the PHP and JS
//! runners) must be equal to it. `IKC_BLESS=1` writes `output` for vectors that meet their intent.
//! `"shape": "start"` vectors carry random state and are checked by relations instead.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ikc_core::crypto::{hmac_sha256, sha256};
use ikc_core::ErrorCode;
use serde_json::Value;

fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn main() {
    let bless = std::env::var("IKC_BLESS").is_ok_and(|v| v == "1");
    let mut files: Vec<PathBuf> = fs::read_dir(vector_dir())
        .expect("tests/vectors exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("keys.json"))
        .collect();
    files.sort();

    let (mut passed, mut failed) = (0usize, Vec::new());
    let mut codes_seen = BTreeSet::new();
    let mut ops_seen = BTreeSet::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("readable vector file");
        let mut doc: Value = serde_json::from_str(&text).expect("vector file is JSON");
        let Some(vectors) = doc.get_mut("vectors").and_then(Value::as_array_mut) else {
            continue;
        };
        let mut changed = false;
        for vector in vectors.iter_mut() {
            let name = vector["name"].as_str().unwrap_or("?").to_owned();
            let op = vector["op"].as_str().unwrap_or("").to_owned();
            let input = match &vector["input"] {
                Value::String(raw) => raw.clone(),
                other => other.to_string(),
            };
            let actual: Value =
                serde_json::from_str(&ikc_core::call(&op, &input)).expect("core answers JSON");
            ops_seen.insert(op.clone());
            if let Some(code) = actual.pointer("/error/code").and_then(Value::as_str) {
                codes_seen.insert(code.to_owned());
            }
            let verdict = judge(vector, &actual, bless);
            let record = bless && verdict.is_ok() && vector.get("shape").is_none();
            if record && vector.get("output") != Some(&actual) {
                vector["output"] = actual.clone();
                changed = true;
            }
            match verdict {
                Ok(()) => {
                    println!("test vector {name} ... ok");
                    passed += 1;
                }
                Err(why) => {
                    println!("test vector {name} ... FAILED");
                    failed.push(format!("{name}: {why}\n    actual: {actual}"));
                }
            }
        }
        if changed {
            fs::write(
                file,
                serde_json::to_string_pretty(&doc).expect("serializable") + "\n",
            )
            .expect("vector file writable");
        }
    }

    let mut problems = failed;
    if passed + problems.len() < 80 {
        problems.push(format!(
            "only {} vectors: at least 80 expected",
            passed + problems.len()
        ));
    }
    for code in ErrorCode::ALL {
        if *code != ErrorCode::InternalError && !codes_seen.contains(code.as_str()) {
            problems.push(format!("no vector produces error code {}", code.as_str()));
        }
    }
    for op in [
        "version",
        "provider_preset",
        "discovery_request",
        "parse_discovery",
        "parse_jwks",
        "start",
        "callback",
        "finish",
        "userinfo",
        "decide_account",
        "sanitize_return_path",
        "logout_url",
    ] {
        if !ops_seen.contains(op) {
            problems.push(format!("no vector runs operation {op}"));
        }
    }
    println!();
    for problem in &problems {
        println!("FAILED {problem}");
    }
    let status = if problems.is_empty() { "ok" } else { "FAILED" };
    println!(
        "test result: {status}. {passed} passed; {} failed; 0 ignored; 0 measured; 0 filtered out",
        problems.len()
    );
    if !problems.is_empty() {
        std::process::exit(1);
    }
}

fn judge(vector: &Value, actual: &Value, bless: bool) -> Result<(), String> {
    let expect = vector.get("expect").ok_or("vector has no expect")?;
    subset(expect, actual, "")?;
    if vector.get("shape").and_then(Value::as_str) == Some("start") {
        return check_start_shape(&vector["input"], actual);
    }
    match vector.get("output") {
        Some(output) if !bless && output != actual => {
            Err(format!("output differs from the recorded one: {output}"))
        }
        None if !bless => Err("vector has no recorded output (run with IKC_BLESS=1)".into()),
        _ => Ok(()),
    }
}

/// Every key of `expect` is in `actual` with a matching value; arrays and scalars are equal.
fn subset(expect: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expect, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let here = format!("{path}/{key}");
                let got = a.get(key).ok_or_else(|| format!("missing {here}"))?;
                subset(value, got, &here)?;
            }
            Ok(())
        }
        _ if expect == actual => Ok(()),
        _ => Err(format!("{path}: expected {expect}, got {actual}")),
    }
}

fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The relations a `start` answer must satisfy (tests/vectors/README.md).
fn check_start_shape(input: &Value, actual: &Value) -> Result<(), String> {
    let ok = actual.get("ok").ok_or("start did not succeed")?;
    let text = |v: &Value, p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_owned);
    let state = text(ok, "/state").ok_or("no state")?;
    let well_formed = state.len() == 43
        && state
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(format!("state {state} is not 43 base64url chars"));
    }
    let key = text(input, "/site_key").ok_or("input has no site_key")?;
    let key = key.as_bytes();
    if text(ok, "/cookie/name") != Some(format!("ikc_login_{}", &state[..8])) {
        return Err("cookie name is not ikc_login_ + state[0..8]".into());
    }
    let url = url::Url::parse(&text(ok, "/authorization_url").ok_or("no URL")?)
        .map_err(|e| e.to_string())?;
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let verifier = b64(hmac_sha256(key, format!("ikc-pkce:{state}").as_bytes()));
    let expected = [
        ("response_type", "code".to_owned()),
        ("state", state.clone()),
        (
            "nonce",
            b64(hmac_sha256(key, format!("ikc-nonce:{state}").as_bytes())),
        ),
        ("code_challenge", b64(sha256(verifier.as_bytes()))),
        ("code_challenge_method", "S256".to_owned()),
        (
            "client_id",
            text(input, "/config/client_id").ok_or("no client_id")?,
        ),
        (
            "redirect_uri",
            text(input, "/config/redirect_uri").ok_or("no redirect_uri")?,
        ),
    ];
    for (name, value) in expected {
        if param(name).as_deref() != Some(value.as_str()) {
            return Err(format!(
                "authorization_url {name} is {:?}, expected {value}",
                param(name)
            ));
        }
    }
    if !param("scope").is_some_and(|s| s.split(' ').any(|x| x == "openid")) {
        return Err("scope lacks openid".into());
    }
    let value = text(ok, "/cookie/value").ok_or("no cookie value")?;
    let (payload, mac) = value
        .split_once('.')
        .ok_or("cookie value is not payload.mac")?;
    if b64(hmac_sha256(key, format!("ikc-cookie:{payload}").as_bytes())) != mac {
        return Err("cookie MAC does not verify under the site key".into());
    }
    let payload: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| "cookie payload is not base64url")?,
    )
    .map_err(|_| "cookie payload is not JSON")?;
    if payload["s"] != state.as_str()
        || payload["i"] != input.pointer("/config/issuer").cloned().unwrap_or_default()
        || payload["t"] != input["now"]
    {
        return Err(format!(
            "cookie payload {payload} does not bind state, issuer, time"
        ));
    }
    Ok(())
}
