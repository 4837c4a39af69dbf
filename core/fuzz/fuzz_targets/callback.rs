//! Callback query strings and login cookies: `callback` with any query and cookie value (mode 1:
//! any payload sealed with the right site key, so the checks after the MAC are reached).
#![no_main]
use ikc_fuzz::{
    assert_safe_path, call, config, seal, split, text, NOW, SEP, SITE_KEY, TOKEN_ENDPOINT,
};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (query, cookie) = split(rest, SEP);
    let query = text(query);
    let value = if mode % 2 == 0 {
        text(cookie)
    } else {
        seal(cookie)
    };
    // The cookie goes under the name the query's state asks for, and a stray one beside it.
    let state = url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let name = format!("ikc_login_{}", state.chars().take(8).collect::<String>());
    let mut cookies = Map::new();
    cookies.insert(name, Value::String(value.clone()));
    cookies.insert("ikc_login_".into(), Value::String(value));
    let input = json!({
        "config": config(false), "site_key": SITE_KEY, "now": NOW, "query": query, "cookies": cookies,
    });
    if let Some(ok) = call("callback", &input, &format!("{query} {}", text(cookie))) {
        assert_eq!(ok["token_request"]["url"], TOKEN_ENDPOINT);
        assert_eq!(ok["state"].as_str(), Some(state.as_str()), "{ok}");
        assert!(ok["clear_cookie"]
            .as_str()
            .is_some_and(|c| c.starts_with("ikc_login_")));
        if mode % 2 == 0 {
            // Only a cookie this site sealed gets here; its return path was sanitized by start.
            assert_safe_path(ok["return_path"].as_str().expect("return_path"));
        }
    }
});
