//! Link flags of the cdylib.

fn main() {
    // RTLD_NODELETE semantics: PHP dlopen()s the library in every request (FFI::cdef) and
    // dlclose()s it when the FFI object dies. Keeping it mapped avoids re-running its initialisers
    // per request, keeps Rust's thread-local destructors valid, and lets valgrind name its frames.
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,nodelete");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
