//! ID tokens: `finish` with the fixed valid configuration and JWKS, and an arbitrary id_token in an
//! otherwise valid token response. Mode 1 signs a fuzzed header and payload with HS256 (enabled
//! with the client secret for that mode only), so every claim check is reached; an accepted token
//! must still carry our issuer, audience, subject and nonce.
#![no_main]
use ikc_core::crypto::{b64url, hmac_sha256};
use ikc_fuzz::{finish, split, text, token_body, CLIENT_SECRET};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        finish(false, 200, &token_body(&text(rest)));
    } else {
        let (header, payload) = split(rest, b'\n');
        let input = format!("{}.{}", b64url(header), b64url(payload));
        let signature = hmac_sha256(CLIENT_SECRET.as_bytes(), input.as_bytes());
        finish(
            true,
            200,
            &token_body(&format!("{input}.{}", b64url(signature))),
        );
    }
});
