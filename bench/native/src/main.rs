//! Figure 1 of `make bench`: RS256 ID token validations per second through the core, natively.
//!
//! A 2048-bit RSA key signs one ID token (with `at_hash`, nonce bound to a state); the JWKS is a
//! string already in memory, as it is after the host's cache. Two paths are timed, each for
//! `--seconds` (default 3) in one thread:
//! - `finish`: `ikc_core::call("finish", json)`, what every host calls (JSON input parsed, token
//!   response judged, JWKS parsed, signature and every claim checked, identity built, JSON out);
//! - `validate`: `id_token::validate` alone (JWKS parse, signature, claims).
//!
//! Rates are per CPU-second of the timing thread, as `openssl speed` counts by default (user CPU
//! time), so both sides ignore time spent waiting for a CPU on a busy machine. Prints
//! `bench <name>: <value> <unit>` lines; bench/run.sh runs it twice around `openssl speed`.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use ikc_core::crypto::{b64url, sha256};
use ikc_core::id_token::{self, Expectations};
use ikc_core::login_state;
use jwt_simple::prelude::*;
use serde_json::json;

const ISSUER: &str = "https://login.infomaniak.com";
const CLIENT_ID: &str = "bench-client";
const SITE_KEY: &str = "bench-site-key-0123456789abcdef-0123456789abcdef";

struct Fixture {
    finish_input: String,
    n: Vec<u8>,
    e: Vec<u8>,
    id_token: String,
    access_token: String,
    jwks: String,
    nonce: String,
    now: u64,
}

fn fixture() -> Fixture {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let state = login_state::new_state().expect("state");
    let nonce = login_state::nonce(SITE_KEY.as_bytes(), &state);
    let access_token = "bench-access-token-0123456789";
    let digest = sha256(access_token.as_bytes());
    let at_hash = b64url(&digest[..digest.len() / 2]);

    let key = RS256KeyPair::generate(2048)
        .expect("RSA key")
        .with_key_id("bench-key-1");
    let claims = Claims::with_custom_claims(
        json!({
            "email": "alice@example.com", "email_verified": true, "name": "Alice Example",
            "given_name": "Alice", "family_name": "Example", "at_hash": at_hash,
        }),
        jwt_simple::prelude::Duration::from_mins(5),
    )
    .with_issuer(ISSUER)
    .with_audience(CLIENT_ID)
    .with_subject("alice-123")
    .with_nonce(nonce.clone());
    let id_token = key.sign(claims).expect("sign");
    let components = key.public_key().to_components();
    // A realistic JWKS: the signing key plus a second, unrelated key (as during a rotation).
    let other = RS256KeyPair::generate(2048).expect("RSA key").public_key().to_components();
    let jwks = json!({"keys": [
        {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "bench-key-0",
         "n": b64url(&other.n), "e": b64url(&other.e)},
        {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "bench-key-1",
         "n": b64url(&components.n), "e": b64url(&components.e)},
    ]})
    .to_string();
    let token_body = json!({
        "access_token": access_token, "token_type": "Bearer", "expires_in": 3600,
        "id_token": id_token, "scope": "openid profile email",
    })
    .to_string();
    let finish_input = json!({
        "config": {
            "issuer": ISSUER, "client_id": CLIENT_ID, "client_secret": "bench-secret",
            "redirect_uri": "https://site.example/openid-connect-authorize",
            "required_claims": ["email"],
        },
        "site_key": SITE_KEY, "now": now + 2, "state": state,
        "token_response": {"status": 200, "body": token_body},
        "jwks": jwks,
    })
    .to_string();
    Fixture {
        finish_input,
        n: components.n.clone(),
        e: components.e.clone(),
        id_token,
        access_token: access_token.to_owned(),
        jwks,
        nonce,
        now: now + 2,
    }
}

/// This thread's CPU time in seconds (user + system).
fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec, which lives on this stack frame.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// Runs `op` repeatedly for `seconds` of wall time; returns operations per CPU-second of this
/// thread, as `openssl speed` counts (its default is CPU time), so waiting for a CPU on a busy
/// machine does not count.
fn per_second(seconds: f64, mut op: impl FnMut()) -> f64 {
    for _ in 0..50 {
        op();
    }
    let budget = std::time::Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let cpu0 = thread_cpu_seconds();
    let mut count: u64 = 0;
    loop {
        for _ in 0..64 {
            op();
        }
        count += 64;
        if start.elapsed() >= budget {
            return count as f64 / (thread_cpu_seconds() - cpu0);
        }
    }
}

fn main() {
    let mut seconds = 3.0_f64;
    // `--only finish|validate|jwt_simple_key_per_call|jwt_simple_cached_key|boringssl_verify`:
    // time that path alone (for profiling, e.g. under valgrind --tool=callgrind).
    let mut only: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).expect("--seconds N"),
            "--only" => only = Some(args.next().expect("--only PATH")),
            other => panic!("unknown argument {other}"),
        }
    }
    let run = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let f = fixture();

    // Both paths must accept the token, or the figure means nothing.
    let answer = ikc_core::call("finish", &f.finish_input);
    assert!(answer.starts_with("{\"ok\""), "finish refused the bench token: {answer}");
    let algs = vec!["RS256".to_owned()];
    let expect = Expectations {
        issuer: ISSUER,
        client_id: CLIENT_ID,
        nonce: &f.nonce,
        now: f.now,
        clock_tolerance: 60,
        provider_algs: &algs,
        hs256_secret: None,
        jwks: &f.jwks,
        access_token: Some(&f.access_token),
    };
    id_token::validate(&f.id_token, &expect).expect("validate refused the bench token");
    // And a tampered signature must be refused (the loop is not timing a short-cut).
    let mut bad = f.id_token.clone();
    let last = bad.pop().expect("token");
    bad.push(if last == 'A' { 'B' } else { 'A' });
    assert!(id_token::validate(&bad, &expect).is_err(), "a tampered token was accepted");

    let finish = run("finish").then(|| per_second(seconds, || {
        let answer = ikc_core::call("finish", std::hint::black_box(&f.finish_input));
        assert!(answer.starts_with("{\"ok\""));
    }));
    let validate = run("validate").then(|| per_second(seconds, || {
        let claims = id_token::validate(std::hint::black_box(&f.id_token), &expect);
        assert!(claims.is_ok());
    }));
    // Where the time goes: jwt-simple's RS256 check alone (what `signature::verify` calls), with
    // the BoringSSL key built from n/e on every call (as the core does) and built once.
    let options = || VerificationOptions {
        accept_future: true,
        time_tolerance: Some(jwt_simple::prelude::Duration::from_secs(u32::MAX as u64)),
        artificial_time: Some(jwt_simple::prelude::Duration::from_secs(u32::MAX as u64)),
        ..Default::default()
    };
    let per_call = run("jwt_simple_key_per_call").then(|| per_second(seconds / 2.0, || {
        let key = RS256PublicKey::from_components(&f.n, &f.e).expect("key");
        assert!(key
            .verify_token::<NoCustomClaims>(std::hint::black_box(&f.id_token), Some(options()))
            .is_ok());
    }));
    let key = RS256PublicKey::from_components(&f.n, &f.e).expect("key");
    let cached = run("jwt_simple_cached_key").then(|| per_second(seconds / 2.0, || {
        assert!(key
            .verify_token::<NoCustomClaims>(std::hint::black_box(&f.id_token), Some(options()))
            .is_ok());
    }));
    // And BoringSSL's RSA PKCS#1 v1.5 SHA-256 verify alone (what openssl speed measures for OpenSSL).
    let (signing_input, signature) = f.id_token.rsplit_once('.').expect("token");
    let signature = ikc_core::crypto::b64url_decode(signature).expect("signature");
    let rsa = boring::rsa::Rsa::from_public_components(
        boring::bn::BigNum::from_slice(&f.n).expect("n"),
        boring::bn::BigNum::from_slice(&f.e).expect("e"),
    )
    .expect("rsa");
    let pkey = boring::pkey::PKey::from_rsa(rsa).expect("pkey");
    let boring_verify = run("boringssl_verify").then(|| per_second(seconds / 2.0, || {
        let mut verifier =
            boring::sign::Verifier::new(boring::hash::MessageDigest::sha256(), &pkey).expect("verifier");
        verifier.update(signing_input.as_bytes()).expect("update");
        assert!(verifier.verify(std::hint::black_box(&signature)).expect("verify"));
    }));
    for (name, rate) in [
        ("finish", finish),
        ("validate", validate),
        ("jwt_simple_key_per_call", per_call),
        ("jwt_simple_cached_key", cached),
        ("boringssl_verify", boring_verify),
    ] {
        if let Some(rate) = rate {
            println!("bench native_{name}_per_s: {rate:.0} /s");
        }
    }
}
