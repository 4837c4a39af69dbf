//! The C ABI (`ikc_call` / `ikc_free` of libinfomaniak_connect), as PHP's FFI calls it: any bytes
//! (invalid UTF-8 included) for the input and, with an op index >= 0xF0, for the operation name.
//! AddressSanitizer watches the pointers handed across; the answer must be a well-formed JSON answer.
#![no_main]
use std::ffi::{CStr, CString};

use ikc_fuzz::{check_answer, OPS};
use infomaniak_connect::{ikc_call, ikc_free};
use libfuzzer_sys::fuzz_target;

/// Up to the first NUL: what a C string of these bytes holds.
fn c_string(bytes: &[u8]) -> CString {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).expect("no NUL")
}

fuzz_target!(|data: &[u8]| {
    let Some((&index, rest)) = data.split_first() else {
        return;
    };
    let (op, input) = if index >= 0xF0 {
        let (op, input) = ikc_fuzz::split(rest, 0);
        (c_string(op), c_string(input))
    } else {
        (
            c_string(OPS[usize::from(index) % OPS.len()].as_bytes()),
            c_string(rest),
        )
    };
    let answer = unsafe { ikc_call(op.as_ptr(), input.as_ptr()) };
    assert!(!answer.is_null(), "ikc_call returned NULL");
    let text = unsafe { CStr::from_ptr(answer) }
        .to_str()
        .expect("the answer is UTF-8")
        .to_owned();
    unsafe { ikc_free(answer) };
    check_answer(&text, &String::from_utf8_lossy(input.as_bytes()));
    // NULL arguments answer invalid_input, never crash.
    let answer = unsafe { ikc_call(std::ptr::null(), input.as_ptr()) };
    let text = unsafe { CStr::from_ptr(answer) }
        .to_string_lossy()
        .into_owned();
    unsafe { ikc_free(answer) };
    assert!(text.contains("invalid_input"), "{text}");
});
