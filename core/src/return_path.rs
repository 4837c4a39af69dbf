//! The return path: only ever a same-origin relative path, so a login can't become an open redirect.

const MAX_LEN: usize = 2048;

/// `candidate` when it is a safe same-origin path (`/x`), else `default` (itself checked, else `/`).
pub fn sanitize(candidate: &str, default: &str) -> String {
    if is_safe(candidate) {
        candidate.to_owned()
    } else if is_safe(default) {
        default.to_owned()
    } else {
        "/".to_owned()
    }
}

/// True for `/x`; false for `//x`, `/\x`, `https:x`, control characters, and encoded variants.
pub fn is_safe(path: &str) -> bool {
    if path.len() > MAX_LEN || !shape_ok(path) {
        return false;
    }
    // Browsers and servers may decode once more: the decoded form must be safe too.
    match percent_decode(path).map(String::from_utf8) {
        Some(Ok(text)) => shape_ok(&text),
        _ => false,
    }
}

fn shape_ok(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/') | Some(b'\\'))
        && !bytes.iter().any(|&b| b == b'\\' || b < 0x20 || b == 0x7f)
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_same_origin_paths() {
        for ok in ["/", "/x", "/a/b?c=d#e", "/wp-admin/?p=1", "/caf%C3%A9"] {
            assert_eq!(sanitize(ok, "/"), ok);
        }
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https:evil.example",
            "https://evil.example",
            "/%2F%2Fevil.example",
            "/%2f/evil.example",
            "/%5Cevil.example",
            "javascript:alert(1)",
            "/x\r\nSet-Cookie: a=b",
            "/x%0d%0a",
            "/x\u{0}",
            "",
            "x",
            "/bad%zz",
        ] {
            assert_eq!(sanitize(bad, "/home"), "/home", "{bad:?}");
        }
        assert_eq!(sanitize("//x", "//y"), "/");
    }
}
