//! Token responses: `finish` with any status and body from the token endpoint.
#![no_main]
use ikc_fuzz::{finish, status, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&index, body)) = data.split_first() else {
        return;
    };
    let status = status(index);
    if let Some(ok) = finish(false, status, &text(body)) {
        assert!(
            (200..300).contains(&status),
            "accepted a token response with HTTP {status}: {ok}"
        );
    }
});
