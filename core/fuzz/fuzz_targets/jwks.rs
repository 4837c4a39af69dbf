//! JWKS documents: `parse_jwks` (JSON protocol), the key choice, and `finish` of a valid ID token
//! (signed by rsa-1) against the fuzzed set, so fuzzed key material reaches signature checking.
#![no_main]
use ikc_core::jwks;
use ikc_fuzz::{call, finish_with_jwks, text};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let body = text(data);
    let answer = call("parse_jwks", &json!({ "jwks": body }), &body);
    let parsed = jwks::parse(&body);
    assert_eq!(
        answer.is_some(),
        parsed.is_ok(),
        "call and jwks::parse disagree"
    );
    if let (Some(ok), Ok(keys)) = (answer, parsed) {
        let summaries = ok["keys"].as_array().expect("keys");
        assert_eq!(summaries.len(), keys.len());
        for alg in ["RS256", "PS256", "ES256", "ES384", "EdDSA", "HS256", "none"] {
            let _ = jwks::choose(&keys, alg, None);
            for key in &keys {
                let _ = jwks::choose(&keys, alg, key.summary().kid.as_deref());
            }
        }
        finish_with_jwks(&body);
    }
});
