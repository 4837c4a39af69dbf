//! Login cookies: `LoginCookie::open` on any value (mode 0) or on any payload with a valid MAC
//! (mode 1). What opens seals and opens again to the same cookie.
#![no_main]
use ikc_core::login_state::LoginCookie;
use ikc_fuzz::{assert_cookie_round_trip, seal, text, SITE_KEY};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let value = if mode % 2 == 0 {
        text(rest)
    } else {
        seal(rest)
    };
    if let Ok(cookie) = LoginCookie::open(SITE_KEY.as_bytes(), &value) {
        assert_cookie_round_trip(&cookie);
        if mode % 2 == 0 {
            assert!(value.contains('.'));
        }
    }
    // Another site's key never opens it.
    assert!(LoginCookie::open(b"another-site-key-0123456789abcdefghij", &value).is_err());
});
