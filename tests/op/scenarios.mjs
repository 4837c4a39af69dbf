// The scenarios of the hostile test OP (server.mjs) and what the relying party must do with each.
//
// One entry per scenario; the OP serves it under the issuer http://127.0.0.1:PORT/<id>.
//   plan    basic | config | attack | fault  (basic and config follow the OpenID Foundation's
//           oidcc-client-basic-certification-test-plan and oidcc-client-config-certification-test-plan)
//   suite   the conformance-suite test module it mirrors, when there is one
//   flow    login       one login
//           two-logins  two logins by the same site (same cache), each in a fresh browser; the first
//                       must be accepted, the second is judged
//           replay      one accepted login, then the same callback (query and cookies) once more
//           csrf        an attacker's callback URL opened in a victim's browser that has a login of
//                       its own pending (login CSRF)
//   expect  'accept', or the core's error code (core/src/error.rs), or 'provider_unreachable': the
//           hosts' code for a transport failure (no answer in time, an oversized body, an error status
//           from the JWKS endpoint), the same in the PHP library, the CMS transports and the npm package
//   op      how the OP misbehaves (read by server.mjs)
//   broken  true when an HTTP exchange really fails (no answer, an error status, broken JSON, a
//           refused code): even an RP that validates nothing fails; in every other scenario such an
//           RP gets through (the runner's self-test checks both)
//   forbid  OP endpoints the RP must not call in this scenario
//   check   extra facts the runner verifies in the OP's log

/** Claims the site needs: a login whose ID token lacks one asks userinfo. */
export const REQUIRED_CLAIMS = ['email'];

/** ID token claims the OP leaves out when it sends them from userinfo only. */
export const PROFILE_CLAIMS = ['email', 'email_verified', 'name', 'given_name', 'family_name', 'preferred_username'];

const INVALID_ID_TOKEN = ['userinfo']; // the suite: no userinfo call after an ID token is refused

export const SCENARIOS = [
  // ------------------------------------------------------------ Basic RP plan
  {
    id: 'oidcc-client-test', plan: 'basic', suite: 'oidcc-client-test',
    title: 'happy path: code flow, RS256, claims in the ID token',
    flow: 'login', expect: 'accept', op: {}, forbid: ['userinfo'],
  },
  {
    id: 'invalid-iss', plan: 'basic', suite: 'oidcc-client-test-invalid-iss',
    title: 'ID token iss is not the issuer',
    flow: 'login', expect: 'id_token_issuer_mismatch', op: { claims: 'invalid-iss' }, forbid: INVALID_ID_TOKEN,
  },
  {
    id: 'missing-sub', plan: 'basic', suite: 'oidcc-client-test-missing-sub',
    title: 'ID token without sub',
    flow: 'login', expect: 'id_token_claim_missing', op: { claims: 'missing-sub' }, forbid: INVALID_ID_TOKEN,
  },
  {
    id: 'invalid-aud', plan: 'basic', suite: 'oidcc-client-test-invalid-aud',
    title: 'ID token aud is another client',
    flow: 'login', expect: 'id_token_audience_mismatch', op: { claims: 'invalid-aud' }, forbid: INVALID_ID_TOKEN,
  },
  {
    id: 'missing-iat', plan: 'basic', suite: 'oidcc-client-test-missing-iat',
    title: 'ID token without iat',
    flow: 'login', expect: 'id_token_claim_missing', op: { claims: 'missing-iat' }, forbid: INVALID_ID_TOKEN,
  },
  {
    id: 'kid-absent-single-jwks', plan: 'basic', suite: 'oidcc-client-test-kid-absent-single-jwks',
    title: 'no kid in the token header, one key in the JWKS (no kid either)',
    flow: 'login', expect: 'accept', op: { jwks: 'kid-absent-single' },
  },
  {
    id: 'kid-absent-multiple-jwks', plan: 'basic', suite: 'oidcc-client-test-kid-absent-multiple-jwks',
    title: 'no kid in the token header, two RSA keys without kid in the JWKS',
    flow: 'login', expect: 'id_token_key_ambiguous', op: { jwks: 'kid-absent-multiple' }, forbid: INVALID_ID_TOKEN,
  },
  {
    id: 'idtoken-sig-rs256', plan: 'basic', suite: 'oidcc-client-test-idtoken-sig-rs256',
    title: 'ID token signed with RS256 (the only alg announced)',
    flow: 'login', expect: 'accept', op: { algs: ['RS256'] },
  },
  {
    // The suite registers the client for alg none and expects acceptance; this project's design
    // rejects `none` always ("none always rejected"), even when the provider announces it.
    id: 'idtoken-sig-none', plan: 'basic', suite: 'oidcc-client-test-idtoken-sig-none',
    title: 'unsigned ID token (alg none), none announced in discovery',
    flow: 'login', expect: 'id_token_alg_not_allowed', op: { sign: 'none', algs: ['RS256', 'none'] }, forbid: INVALID_ID_TOKEN,
  },
  {
    id: 'invalid-sig-rs256', plan: 'basic', suite: 'oidcc-client-invalid-sig-rs256',
    title: 'RS256 ID token with a corrupted signature',
    flow: 'login', expect: 'id_token_signature_invalid', op: { sign: 'bad-sig' }, forbid: INVALID_ID_TOKEN,
  },
  {
    id: 'userinfo-invalid-sub', plan: 'basic', suite: 'oidcc-client-test-userinfo-invalid-sub',
    title: 'ID token lacks email (site needs it); userinfo answers another sub',
    flow: 'login', expect: 'userinfo_sub_mismatch', op: { claimsFromUserinfo: true, userinfoSub: 'invalid' },
    check: { userinfoCalls: 1 },
  },
  {
    id: 'nonce-invalid', plan: 'basic', suite: 'oidcc-client-nonce-invalid',
    title: 'ID token nonce is not the one sent',
    flow: 'login', expect: 'id_token_nonce_mismatch', op: { claims: 'invalid-nonce' }, forbid: INVALID_ID_TOKEN,
  },
  {
    id: 'scope-userinfo-claims', plan: 'basic', suite: 'oidcc-client-test-scope-userinfo-claims',
    title: 'profile and email only from userinfo (scope profile email requested)',
    flow: 'login', expect: 'accept', op: { claimsFromUserinfo: true, requireScopes: ['profile', 'email'] },
    check: { userinfoCalls: 1, identityFromUserinfo: true },
  },
  {
    id: 'client-secret-basic', plan: 'basic', suite: 'oidcc-client-test-client-secret-basic',
    title: 'the token endpoint accepts only client_secret_basic (RFC 6749 §2.3.1 encoding)',
    flow: 'login', expect: 'accept', op: { authMethods: ['client_secret_basic'] },
  },

  // ------------------------------------------------------------ config plan
  {
    id: 'discovery-issuer-mismatch', plan: 'config', suite: 'oidcc-client-test-discovery-issuer-mismatch',
    title: 'discovery document names another issuer',
    flow: 'login', expect: 'discovery_issuer_mismatch', op: { discovery: 'issuer-mismatch' },
    forbid: ['authorize', 'token', 'jwks', 'userinfo'],
  },
  {
    id: 'signing-key-rotation', plan: 'config', suite: 'oidcc-client-test-signing-key-rotation',
    title: 'signing key replaced between two logins: one JWKS refetch, then accept',
    flow: 'two-logins', expect: 'accept', op: { rotate: 'second-authorize' },
    check: { jwksCalls: 2, distinctKids: 2 },
  },
  {
    id: 'signing-key-rotation-just-before-signing', plan: 'config',
    suite: 'oidcc-client-test-signing-key-rotation-just-before-signing',
    title: 'a new signing key right before each ID token is signed (two logins, one cache)',
    flow: 'two-logins', expect: 'accept', op: { rotate: 'before-signing' },
    check: { jwksCalls: 2, distinctKids: 2 },
  },
  {
    id: 'missing-aud', plan: 'config', suite: 'oidcc-client-missing-aud',
    title: 'ID token without aud',
    flow: 'login', expect: 'id_token_claim_missing', op: { claims: 'missing-aud' }, forbid: INVALID_ID_TOKEN,
  },

  // ------------------------------------------------------------ attacks
  {
    id: 'hs256-rsa-public-key', plan: 'attack',
    title: 'algorithm confusion: HS256 keyed with the RSA public key (PEM), HS256 announced',
    flow: 'login', expect: 'id_token_alg_not_allowed', op: { sign: 'hs256-public-key', algs: ['RS256', 'HS256'] },
    forbid: INVALID_ID_TOKEN,
  },
  {
    id: 'mix-up', plan: 'attack',
    title: 'mix-up: the authorization response carries another issuer in iss (RFC 9207)',
    flow: 'login', expect: 'issuer_mismatch', op: { authorizeIss: 'other' }, forbid: ['token', 'userinfo'],
  },
  {
    id: 'login-csrf', plan: 'attack',
    title: "login CSRF: an attacker's callback URL opened in a victim's browser",
    flow: 'csrf', expect: 'login_cookie_missing', op: {}, forbid: ['token', 'userinfo'],
  },
  {
    id: 'code-replay', plan: 'attack',
    title: 'the same callback (code, state, cookie) sent twice: the OP refuses the code',
    broken: true,
    flow: 'replay', expect: 'token_invalid_grant', op: {}, check: { tokenCalls: 2 },
  },

  // ------------------------------------------------------------ provider faults
  {
    id: 'token-500', plan: 'fault',
    title: 'token endpoint answers HTTP 500 without an OAuth error',
    broken: true,
    flow: 'login', expect: 'token_http_error', op: { token: '500' }, forbid: ['userinfo'],
  },
  {
    id: 'token-html', plan: 'fault',
    title: 'token endpoint answers an HTML error page (HTTP 502)',
    broken: true,
    flow: 'login', expect: 'token_http_error', op: { token: 'html' }, forbid: ['userinfo'],
  },
  {
    id: 'token-invalid-json', plan: 'fault',
    title: 'token endpoint answers HTTP 200 with broken JSON',
    broken: true,
    flow: 'login', expect: 'token_response_invalid', op: { token: 'invalid-json' }, forbid: ['userinfo'],
  },
  {
    id: 'token-slow', plan: 'fault',
    title: 'token endpoint answers after 30 s: the transport timeout fires first',
    broken: true,
    flow: 'login', expect: 'provider_unreachable', op: { token: 'slow' }, forbid: ['userinfo'], slow: true,
  },
  {
    id: 'token-1mb', plan: 'fault',
    title: 'token endpoint answers a valid token response padded to 1 MB',
    flow: 'login', expect: 'token_response_invalid', op: { token: '1mb' }, forbid: ['userinfo'],
  },
  {
    id: 'jwks-down', plan: 'fault',
    title: 'JWKS endpoint answers HTTP 503',
    broken: true,
    flow: 'login', expect: 'provider_unreachable', op: { jwks: 'down' }, forbid: ['userinfo'],
  },
  {
    id: 'discovery-down', plan: 'fault',
    title: 'discovery goes down after a first login: the cached discovery keeps working',
    flow: 'two-logins', expect: 'accept', op: { discovery: 'down-after-first' },
  },
  {
    id: 'discovery-down-uncached', plan: 'fault',
    title: 'discovery down (HTTP 503) and nothing cached',
    broken: true,
    flow: 'login', expect: 'discovery_unavailable', op: { discovery: 'down' },
    forbid: ['authorize', 'token', 'jwks', 'userinfo'],
  },
];

export const byId = new Map(SCENARIOS.map((s) => [s.id, s]));
