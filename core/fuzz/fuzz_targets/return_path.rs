//! Return paths: `sanitize_return_path` (direct and through the JSON protocol) always yields a safe
//! same-origin path, whatever the candidate and the default.
#![no_main]
use ikc_fuzz::{assert_safe_path, call, split, text, SEP};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let (candidate, default) = split(data, SEP);
    let (candidate, default) = (text(candidate), text(default));
    let direct = ikc_core::return_path::sanitize(&candidate, &default);
    assert_safe_path(&direct);
    if ikc_core::return_path::is_safe(&candidate) {
        assert_eq!(direct, candidate);
    }
    let fuzzed = format!("{candidate} {default}");
    let ok = call(
        "sanitize_return_path",
        &json!({ "return_path": candidate, "default": default }),
        &fuzzed,
    )
    .expect("sanitize_return_path is always ok");
    assert_eq!(ok["return_path"].as_str(), Some(direct.as_str()));
});
