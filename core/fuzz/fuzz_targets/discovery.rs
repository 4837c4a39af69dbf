//! Discovery documents: `parse_discovery` for the fixed issuer, any status and body. An accepted
//! document names exactly the configured issuer.
#![no_main]
use ikc_fuzz::{call, status, text, ISSUER};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Some((&index, body)) = data.split_first() else {
        return;
    };
    let status = status(index);
    let body = text(body);
    let input = json!({ "issuer": ISSUER, "response": { "status": status, "body": body } });
    if let Some(ok) = call("parse_discovery", &input, &body) {
        assert_eq!(ok["issuer"], ISSUER, "accepted another issuer: {ok}");
        assert!(
            (200..300).contains(&status),
            "accepted discovery with HTTP {status}"
        );
        for endpoint in ["authorization_endpoint", "token_endpoint", "jwks_uri"] {
            assert!(
                ok[endpoint].as_str().is_some_and(|u| !u.is_empty()),
                "{endpoint}: {ok}"
            );
        }
    }
});
