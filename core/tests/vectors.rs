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
            // `input_raw` is passed verbatim (input that is not JSON); `input` is serialized.
            let input = match vector.get("input_raw").and_then(Value::as_str) {
                Some(raw) => raw.to_owned(),
                None => vector["input"].to_string(),
            };
            let answer = ikc_core::call(&op, &input);
            let actual: Value = serde_json::from_str(&answer).expect("core answers JSON");
            ops_seen.insert(op.clone());
            if let Some(code) = actual.pointer("/error/code").and_then(Value::as_str) {
                codes_seen.insert(code.to_owned());
            }
            // The PHP and JS runners compare the answer's text: keys sorted, no spaces.
            let canonical = actual.to_string();
            let verdict = if answer == canonical {
                judge(vector, &actual, bless)
            } else {
                Err(format!(
                    "answer text is not canonical (sorted keys): {answer}"
                ))
            };
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
        let reachable = *code != ErrorCode::InternalError && !ErrorCode::HOST_ONLY.contains(code);
        if reachable && !codes_seen.contains(code.as_str()) {
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
        "clear_cookie",
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
        return check_start_shape(vector, actual);
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

/// The relations a `start` answer must satisfy: the five steps of tests/vectors/README.md.
fn check_start_shape(vector: &Value, actual: &Value) -> Result<(), String> {
    let input = &vector["input"];
    let params = &vector["shape_params"];
    let text = |v: &Value, p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_owned);
    let need = |v: &Value, p: &str| text(v, p).ok_or_else(|| format!("missing {p}"));
    let ok = actual.get("ok").ok_or("start did not succeed")?;

    // 1. The state.
    let state = need(ok, "/state")?;
    let well_formed = state.len() == 43
        && state
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(format!("state {state} is not 43 base64url characters"));
    }
    // 2. The cookie's attributes.
    let secure = need(input, "/config/redirect_uri")?.starts_with("https://");
    let cookie = &ok["cookie"];
    let attributes = [
        (
            cookie["name"].clone(),
            Value::from(format!("ikc_login_{}", &state[..8])),
        ),
        (cookie["max_age"].clone(), Value::from(600)),
        (cookie["path"].clone(), Value::from("/")),
        (cookie["http_only"].clone(), Value::from(true)),
        (cookie["same_site"].clone(), Value::from("Lax")),
        (cookie["secure"].clone(), Value::from(secure)),
    ];
    for (got, want) in attributes {
        if got != want {
            return Err(format!("cookie attribute {got}, expected {want}"));
        }
    }
    // 3. The authorization URL: the endpoint, then exactly these parameters in this order.
    let key = need(input, "/site_key")?;
    let key = key.as_bytes();
    let endpoint = need(params, "/authorization_endpoint")?;
    let url = need(ok, "/authorization_url")?;
    let (base, query) = url.split_once('?').unwrap_or((&url, ""));
    let (endpoint_base, endpoint_query) = endpoint.split_once('?').unwrap_or((&endpoint, ""));
    if base != endpoint_base {
        return Err(format!(
            "authorization_url base {base} is not {endpoint_base}"
        ));
    }
    let verifier = b64(hmac_sha256(key, format!("ikc-pkce:{state}").as_bytes()));
    let mut expected: Vec<(String, String)> =
        url::form_urlencoded::parse(endpoint_query.as_bytes())
            .into_owned()
            .collect();
    for (name, value) in [
        ("response_type", "code".to_owned()),
        ("client_id", need(input, "/config/client_id")?),
        ("redirect_uri", need(input, "/config/redirect_uri")?),
        ("scope", need(params, "/scope")?),
        ("state", state.clone()),
        (
            "nonce",
            b64(hmac_sha256(key, format!("ikc-nonce:{state}").as_bytes())),
        ),
        ("code_challenge", b64(sha256(verifier.as_bytes()))),
        ("code_challenge_method", "S256".to_owned()),
    ] {
        expected.push((name.to_owned(), value));
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    if pairs != expected {
        return Err(format!(
            "authorization_url parameters {pairs:?}, expected {expected:?}"
        ));
    }
    // 4. The cookie value: payload and MAC under the site key, the payload exact.
    let value = need(ok, "/cookie/value")?;
    let Some((payload, mac)) = value
        .split_once('.')
        .filter(|(p, m)| !p.is_empty() && !m.is_empty() && !m.contains('.'))
    else {
        return Err("cookie value is not P.M".into());
    };
    if b64(hmac_sha256(key, format!("ikc-cookie:{payload}").as_bytes())) != mac {
        return Err("cookie MAC does not verify under the site key".into());
    }
    let expected_payload = format!(
        "{{\"s\":{},\"i\":{},\"r\":{},\"t\":{}}}",
        Value::from(state.as_str()),
        Value::from(need(input, "/config/issuer")?),
        Value::from(need(params, "/return_path")?),
        input["now"]
    );
    let decoded = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| "cookie payload is not base64url")?;
    if decoded != expected_payload.as_bytes() {
        return Err(format!(
            "cookie payload {}, expected {expected_payload}",
            String::from_utf8_lossy(&decoded)
        ));
    }
    // 5. The Set-Cookie header.
    let mut header = format!(
        "{}={value}; Max-Age=600; Path=/; HttpOnly; SameSite=Lax",
        &cookie["name"].as_str().unwrap_or_default()
    );
    if secure {
        header.push_str("; Secure");
    }
    if text(ok, "/set_cookie").as_deref() != Some(header.as_str()) {
        return Err(format!("set_cookie is not {header}"));
    }
    Ok(())
}
