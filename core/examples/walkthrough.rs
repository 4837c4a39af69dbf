//! A whole login through the core, with no network: what `make demo` shows before a CMS exists.
//! A local RSA key plays the provider: it signs the ID token and publishes the JWKS.

use jwt_simple::prelude::*;
use serde_json::{json, Value};

fn call(op: &str, input: Value) -> Value {
    let answer: Value = serde_json::from_str(&ikc_core::call(op, &input.to_string())).unwrap();
    println!(
        "\n== {op}\n{}",
        serde_json::to_string_pretty(&answer).unwrap()
    );
    answer
}

fn main() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let site_key = "demo-site-key-derived-from-the-cms-secret";
    let config = json!({
        "issuer": "https://login.infomaniak.com",
        "client_id": "demo-client",
        "client_secret": "demo-secret",
        "redirect_uri": "https://site.example/openid-connect-authorize",
    });

    let start = call(
        "start",
        json!({"config": config, "site_key": site_key, "now": now, "return_path": "/members"}),
    );
    let state = start["ok"]["state"].as_str().unwrap().to_owned();
    let cookie = &start["ok"]["cookie"];

    let callback = call(
        "callback",
        json!({
            "config": config, "site_key": site_key, "now": now + 20,
            "query": format!("code=demo-code&state={state}&iss=https%3A%2F%2Flogin.infomaniak.com"),
            "cookies": { cookie["name"].as_str().unwrap(): cookie["value"] },
        }),
    );
    assert!(callback.get("ok").is_some());

    // The provider's side: sign an ID token bound to this login's nonce.
    let key = RS256KeyPair::generate(2048)
        .unwrap()
        .with_key_id("demo-key");
    let nonce = url::Url::parse(start["ok"]["authorization_url"].as_str().unwrap())
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "nonce")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let claims = Claims::with_custom_claims(
        json!({"email": "alice@example.com", "email_verified": true, "name": "Alice"}),
        Duration::from_mins(5),
    )
    .with_issuer("https://login.infomaniak.com")
    .with_audience("demo-client")
    .with_subject("alice-123")
    .with_nonce(nonce);
    let id_token = key.sign(claims).unwrap();
    let components = key.public_key().to_components();
    let jwks = json!({"keys": [{
        "kty": "RSA", "use": "sig", "alg": "RS256", "kid": "demo-key",
        "n": ikc_core::crypto::b64url(&components.n), "e": ikc_core::crypto::b64url(&components.e),
    }]});

    let finish = call(
        "finish",
        json!({
            "config": config, "site_key": site_key, "now": now + 21, "state": state,
            "token_response": {"status": 200, "body": json!({
                "access_token": "demo-access", "token_type": "Bearer", "id_token": id_token,
            }).to_string()},
            "jwks": jwks.to_string(),
        }),
    );
    call(
        "decide_account",
        json!({
            "policy": {"create_users": true, "link_by_email": false, "link_administrators": false},
            "identity": finish["ok"]["identity"], "linked_user": null, "email_user": null,
        }),
    );
    // And an attack: the same callback replayed with a state from another browser.
    call(
        "callback",
        json!({
            "config": config, "site_key": site_key, "now": now + 30,
            "query": {"code": "demo-code", "state": "A".repeat(43)},
            "cookies": { cookie["name"].as_str().unwrap(): cookie["value"] },
        }),
    );
}
