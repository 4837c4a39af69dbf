//! The Infomaniak Connect core as a WebAssembly module: the JSON operation protocol of
//! `core/PROTOCOL.md`, unchanged. The npm package (`lib/`) wraps these two functions.

use wasm_bindgen::prelude::wasm_bindgen;

/// The version of the JSON operation protocol; the JS side refuses a module with another.
#[wasm_bindgen(js_name = abiVersion)]
pub fn abi_version() -> u32 {
    ikc_core::ABI_VERSION
}

/// Runs operation `op` on the JSON `input`; answers `{"ok": …}` or `{"error": {…}}` as JSON.
#[wasm_bindgen]
pub fn call(op: &str, input: &str) -> String {
    ikc_core::call(op, input)
}
