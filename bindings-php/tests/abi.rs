//! The C ABI: the header declares exactly the exported symbols, and every entry point answers
//! JSON (never a crash) for NULL, invalid UTF-8 and bad input.

use std::ffi::{c_char, CStr, CString};
use std::path::{Path, PathBuf};
use std::process::Command;

use infomaniak_connect::{ikc_abi_version, ikc_call, ikc_free, EXPORTED_SYMBOLS};
use serde_json::Value;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The function names the header declares (`type name(args);` lines).
fn header_functions() -> Vec<String> {
    let header = std::fs::read_to_string(crate_dir().join("include/infomaniak_connect.h"))
        .expect("read the header");
    let mut names = Vec::new();
    let mut in_comment = false;
    for line in header.lines() {
        let line = line.trim();
        if in_comment {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let before_paren = line.split('(').next().expect("split yields one item");
        let name: String = before_paren
            .trim_end()
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect::<String>()
            .chars()
            .rev()
            .collect();
        assert!(
            line.ends_with(");") && !name.is_empty(),
            "unexpected header line: {line}"
        );
        names.push(name);
    }
    names
}

/// The `#[no_mangle]` functions of the crate's source.
fn source_functions() -> Vec<String> {
    let source = std::fs::read_to_string(crate_dir().join("src/lib.rs")).expect("read lib.rs");
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    let mut names = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if *line != "#[no_mangle]" {
            continue;
        }
        let signature = lines[i + 1..]
            .iter()
            .find(|l| l.contains("fn "))
            .expect("a function follows #[no_mangle]");
        let after_fn = signature.split("fn ").nth(1).expect("fn keyword");
        names.push(after_fn.split('(').next().expect("name").to_owned());
    }
    names
}

/// The cdylib cargo built with this test (target/<profile>/deps/, or target/<profile>/).
fn built_library() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?;
    let found = [deps, deps.parent()?]
        .into_iter()
        .map(|dir| dir.join("libinfomaniak_connect.so"))
        .find(|library| library.exists());
    found
}

fn dynamic_symbols(library: &Path) -> Option<Vec<String>> {
    let output = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(library)
        .output()
        .ok()?;
    assert!(output.status.success(), "nm -D failed");
    let mut names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let (_address, kind, name) = (parts.next()?, parts.next()?, parts.next()?);
            (kind == "T").then(|| name.to_owned())
        })
        .collect();
    names.sort();
    Some(names)
}

#[test]
fn header_declares_exactly_the_exported_functions() {
    let listed: Vec<String> = EXPORTED_SYMBOLS.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(header_functions(), listed, "header vs EXPORTED_SYMBOLS");
    let mut from_source = source_functions();
    from_source.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(
        from_source, sorted,
        "#[no_mangle] functions vs EXPORTED_SYMBOLS"
    );
}

#[test]
fn built_library_exports_exactly_the_header_functions() {
    let Some(library) = built_library() else {
        panic!("libinfomaniak_connect.so not found next to the test binary");
    };
    let Some(exported) = dynamic_symbols(&library) else {
        eprintln!("nm not available: dynamic symbol check skipped");
        return;
    };
    let mut declared = header_functions();
    declared.sort();
    assert_eq!(exported, declared, "nm -D of {}", library.display());
}

#[test]
fn header_is_valid_c() {
    let Ok(probe) = Command::new("cc").arg("--version").output() else {
        eprintln!("no C compiler: header compile check skipped");
        return;
    };
    assert!(probe.status.success());
    let dir = std::env::temp_dir().join(format!("ikc-header-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let source = dir.join("probe.c");
    std::fs::write(
        &source,
        "#include <stdint.h>\n#include \"infomaniak_connect.h\"\n\
         int main(void) { char *a = ikc_call(\"version\", \"{}\"); ikc_free(a); return (int)ikc_abi_version(); }\n",
    )
    .expect("write probe");
    let status = Command::new("cc")
        .args(["-std=c99", "-Wall", "-Werror", "-fsyntax-only", "-I"])
        .arg(crate_dir().join("include"))
        .arg(&source)
        .status()
        .expect("run cc");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(status.success(), "the header does not compile as C99");
}

/// Calls through the C ABI exactly as a C host would, and frees the answer.
fn call_raw(op: *const c_char, input: *const c_char) -> Value {
    // SAFETY: the pointers are NULL or valid NUL-terminated strings owned by the caller.
    let answer = unsafe { ikc_call(op, input) };
    assert!(!answer.is_null());
    // SAFETY: a non-NULL answer is a NUL-terminated string from the library.
    let text = unsafe { CStr::from_ptr(answer) }
        .to_str()
        .expect("answers are UTF-8")
        .to_owned();
    // SAFETY: freed once, as returned.
    unsafe { ikc_free(answer) };
    serde_json::from_str(&text).expect("answers are JSON")
}

fn call(op: &str, input: &str) -> Value {
    let op = CString::new(op).expect("no NUL");
    let input = CString::new(input).expect("no NUL");
    call_raw(op.as_ptr(), input.as_ptr())
}

fn error_code(answer: &Value) -> &str {
    answer["error"]["code"].as_str().unwrap_or("<none>")
}

#[test]
fn version_matches_the_abi() {
    assert_eq!(ikc_abi_version(), 1);
    let answer = call("version", "{}");
    assert_eq!(answer["ok"]["abi"], 1);
    assert!(answer["ok"]["core"].is_string());
}

#[test]
fn null_arguments_are_invalid_input() {
    let version = CString::new("version").expect("no NUL");
    let empty = CString::new("{}").expect("no NUL");
    for (op, input) in [
        (std::ptr::null(), empty.as_ptr()),
        (version.as_ptr(), std::ptr::null()),
        (std::ptr::null(), std::ptr::null()),
    ] {
        let answer = call_raw(op, input);
        assert_eq!(error_code(&answer), "invalid_input", "{answer}");
        assert!(answer["error"]["message"].is_string());
    }
}

#[test]
fn invalid_utf8_is_invalid_input() {
    let bad = CString::new(vec![b'{', 0xff, 0xfe, b'}']).expect("no NUL");
    let version = CString::new("version").expect("no NUL");
    let answer = call_raw(version.as_ptr(), bad.as_ptr());
    assert_eq!(error_code(&answer), "invalid_input");
    let answer = call_raw(bad.as_ptr(), version.as_ptr());
    assert_eq!(error_code(&answer), "invalid_input");
}

#[test]
fn bad_input_is_an_error_answer() {
    assert_eq!(error_code(&call("version", "")), "invalid_input");
    assert_eq!(error_code(&call("version", "[]")), "invalid_input");
    assert_eq!(
        error_code(&call("start", "{\"config\":1}")),
        "invalid_input"
    );
    assert_eq!(error_code(&call("no_such_op", "{}")), "unknown_operation");
}

#[test]
fn freeing_null_is_a_no_op() {
    // SAFETY: NULL is documented as ignored.
    unsafe { ikc_free(std::ptr::null_mut()) };
}
