//! The C ABI of Infomaniak Connect: the core's JSON operation protocol (`core/PROTOCOL.md`) behind
//! three functions, declared in `include/infomaniak_connect.h`:
//!
//! - `uint32_t ikc_abi_version(void)`: the protocol version (hosts refuse another one);
//! - `char *ikc_call(const char *op, const char *input_json)`: runs one operation, returns a
//!   NUL-terminated JSON string `{"ok": …}` or `{"error": {…}}` owned by the library;
//! - `void ikc_free(char *)`: gives such a string back.
//!
//! No panic unwinds across the boundary: each entry point catches it and answers with the error
//! `internal_error`. NULL pointers and invalid UTF-8 are answered with `invalid_input`.

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use ikc_core::{Error, ErrorCode};

/// Every symbol this library exports, in the order the header declares them. The header test
/// compares this list with the header and with the built library's dynamic symbol table.
pub const EXPORTED_SYMBOLS: &[&str] = &["ikc_abi_version", "ikc_call", "ikc_free"];

/// The JSON protocol version (`ikc_core::ABI_VERSION`).
#[no_mangle]
pub extern "C" fn ikc_abi_version() -> u32 {
    ikc_core::ABI_VERSION
}

/// Runs the operation `op` on the JSON object `input_json` and returns the JSON answer.
///
/// The answer is a NUL-terminated UTF-8 string owned by this library: give it back with
/// [`ikc_free`]. It is NULL only when memory could not be allocated.
///
/// # Safety
/// `op` and `input_json` must each be NULL or point to a NUL-terminated string that stays valid
/// and unchanged for the duration of the call.
#[no_mangle]
pub unsafe extern "C" fn ikc_call(op: *const c_char, input_json: *const c_char) -> *mut c_char {
    let answer = guarded(|| {
        // SAFETY: the caller promises NULL or valid NUL-terminated strings.
        let op = unsafe { text_argument(op, "op") };
        let input = unsafe { text_argument(input_json, "input_json") };
        match (op, input) {
            (Ok(op), Ok(input)) => ikc_core::call(op, input),
            (Err(error), _) | (_, Err(error)) => error_answer(&error),
        }
    });
    into_c_string(answer)
}

/// Frees a string returned by [`ikc_call`]. NULL is ignored.
///
/// # Safety
/// `answer` must be NULL or a pointer returned by `ikc_call` that was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn ikc_free(answer: *mut c_char) {
    if answer.is_null() {
        return;
    }
    // A panic cannot happen here in practice (dropping a CString), but none may cross the ABI.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller promises a pointer from `ikc_call` (`CString::into_raw`), freed once.
        drop(unsafe { CString::from_raw(answer) });
    }));
}

/// Reads one string argument: NULL or invalid UTF-8 is `invalid_input`.
///
/// # Safety
/// `pointer` must be NULL or point to a NUL-terminated string valid for the call.
unsafe fn text_argument<'a>(pointer: *const c_char, name: &str) -> Result<&'a str, Error> {
    if pointer.is_null() {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            format!("{name} is NULL"),
        ));
    }
    // SAFETY: non-NULL, NUL-terminated per the caller's promise.
    let bytes = unsafe { CStr::from_ptr(pointer) };
    bytes.to_str().map_err(|e| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("{name} is not UTF-8 (invalid byte at {})", e.valid_up_to()),
        )
    })
}

/// Runs `answer`; a panic becomes the error answer `internal_error` instead of unwinding.
fn guarded(answer: impl FnOnce() -> String) -> String {
    catch_unwind(AssertUnwindSafe(answer)).unwrap_or_else(|_| {
        error_answer(&Error::new(
            ErrorCode::InternalError,
            "the core panicked; the panic was caught at the C ABI",
        ))
    })
}

fn error_answer(error: &Error) -> String {
    ikc_core::ops::error_json(error).to_string()
}

/// Hands `answer` to C. JSON text never holds a raw NUL (serde_json escapes it as `\u0000`);
/// should one appear anyway, the caller gets an `internal_error` answer instead.
fn into_c_string(answer: String) -> *mut c_char {
    let c_string = CString::new(answer).or_else(|_| {
        CString::new(error_answer(&Error::new(
            ErrorCode::InternalError,
            "the answer held a NUL byte",
        )))
    });
    match c_string {
        Ok(c_string) => c_string.into_raw(),
        Err(_) => ptr::null_mut(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn a_panic_becomes_internal_error() {
        let answer = guarded(|| panic!("boom"));
        let answer: Value = serde_json::from_str(&answer).expect("JSON");
        assert_eq!(answer["error"]["code"], "internal_error");
        assert!(!answer["error"]["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("boom"));
    }

    #[test]
    fn an_answer_with_nul_becomes_internal_error() {
        let pointer = into_c_string(String::from("a\0b"));
        assert!(!pointer.is_null());
        // SAFETY: freshly returned by into_c_string, NUL-terminated.
        let text = unsafe { CStr::from_ptr(pointer) }
            .to_string_lossy()
            .into_owned();
        // SAFETY: freed once, as returned.
        unsafe { ikc_free(pointer) };
        assert!(text.contains("internal_error"), "{text}");
    }
}
