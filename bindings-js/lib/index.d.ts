// Types of @infomaniak/connect (both entry points: Node and browser).
// The low-level functions take and return the JSON objects of the core's protocol
// (core/PROTOCOL.md), with their snake_case names; createClient() is the camelCase convenience.

/** The protocol version this package speaks. */
export const ABI_VERSION: 1;
/** The largest input (UTF-8 bytes of the JSON text) an operation accepts. */
export const MAX_INPUT_BYTES: number;
/** `https://login.infomaniak.com`, the default issuer. */
export const INFOMANIAK_ISSUER: 'https://login.infomaniak.com';

/** Stable error codes of the core (core/src/error.rs), plus any future one. */
export type ErrorCode =
  | 'invalid_input' | 'unknown_operation' | 'internal_error' | 'config_invalid'
  | 'provider_metadata_missing' | 'site_key_invalid' | 'discovery_unavailable' | 'discovery_invalid'
  | 'discovery_issuer_mismatch' | 'jwks_invalid' | 'state_missing' | 'login_cookie_missing'
  | 'state_invalid' | 'state_expired' | 'issuer_mismatch' | 'code_missing' | 'access_denied'
  | 'provider_interaction_required' | 'provider_unavailable' | 'provider_rejected' | 'token_http_error'
  | 'token_invalid_grant' | 'token_client_rejected' | 'token_error' | 'token_response_invalid'
  | 'id_token_missing' | 'id_token_too_large' | 'id_token_malformed' | 'id_token_typ_invalid'
  | 'id_token_alg_not_allowed' | 'id_token_key_ambiguous' | 'jwks_refresh' | 'id_token_signature_invalid'
  | 'id_token_issuer_mismatch' | 'id_token_audience_mismatch' | 'id_token_azp_mismatch'
  | 'id_token_claim_missing' | 'id_token_expired' | 'id_token_not_yet_valid' | 'id_token_issued_in_future'
  | 'id_token_nonce_mismatch' | 'id_token_at_hash_mismatch' | 'userinfo_http_error' | 'userinfo_invalid'
  | 'userinfo_sub_mismatch' | 'provider_unreachable' | 'account_not_allowed'
  | (string & {});

/** A failed step. Show `visitorMessage` to the visitor; log `code` and `detail` (never secrets). */
export class ConnectError extends Error {
  constructor(code: string, visitorMessage: string, detail: string, options?: { cause?: unknown });
  readonly name: 'ConnectError';
  /** Stable: branch on it, translate the visitor message from it. */
  readonly code: ErrorCode;
  /** A short English sentence a visitor may read. */
  readonly visitorMessage: string;
  /** For the admin log. */
  readonly detail: string;
  /** Set on errors of `client.callback()` when the request carried this login's cookie: send it. */
  clearCookie?: string;
  static fromCore(error: { code: string; message: string; detail?: string }): ConnectError;
}

// ---------------------------------------------------------------- protocol objects

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint?: string | null;
  jwks_uri: string;
  end_session_endpoint?: string | null;
  id_token_signing_alg_values_supported?: string[];
}

export interface Config {
  issuer: string;
  client_id: string;
  client_secret?: string;
  redirect_uri: string;
  scopes?: string[];
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post';
  provider?: ProviderMetadata;
  allow_hs256?: boolean;
  clock_tolerance?: number;
  required_claims?: string[];
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface HttpResponse {
  status: number;
  body: string;
}

export interface LoginCookie {
  name: string;
  value: string;
  max_age: number;
  path: string;
  http_only: boolean;
  same_site: 'Lax';
  secure: boolean;
}

export interface Identity {
  issuer: string;
  subject: string;
  email: string | null;
  email_verified: boolean;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  preferred_username: string | null;
  locale: string | null;
  /** Every claim of the ID token (and userinfo, when asked). */
  claims: Record<string, unknown>;
}

export interface StartInput { config: Config; site_key: string; now: number; return_path?: string }
export interface StartOutput {
  authorization_url: string;
  state: string;
  cookie: LoginCookie;
  set_cookie: string;
}

export interface CallbackInput {
  config: Config;
  site_key: string;
  now: number;
  /** The raw query string (`code=…&state=…`) or its parameters. */
  query: string | Record<string, string>;
  /** The request's cookies, name → value. */
  cookies?: Record<string, string>;
}
export interface CallbackOutput {
  state: string;
  return_path: string;
  token_request: HttpRequest;
  clear_cookie: string;
}

export interface FinishInput {
  config: Config;
  site_key: string;
  now: number;
  state: string;
  token_response: HttpResponse;
  /** The JWKS document body. */
  jwks: string;
}
export interface FinishOutput {
  identity: Identity;
  userinfo_request: HttpRequest | null;
}

export interface UserinfoInput { config: Config; identity: Identity; response: HttpResponse }

export interface AccountPolicy { create_users?: boolean; link_by_email?: boolean; link_administrators?: boolean }
export interface DecideAccountInput {
  policy: AccountPolicy;
  identity: Identity;
  linked_user?: { id: string; is_admin?: boolean } | null;
  email_user?: { id: string; is_admin?: boolean } | null;
}
export type AccountDecision =
  | { action: 'login'; user_id: string }
  | { action: 'link'; user_id: string }
  | { action: 'create'; username: string; email: string | null; display_name: string };

export interface JwkSummary { kid: string | null; kty: string; alg: string | null; crv: string | null }

// ---------------------------------------------------------------- low-level functions

/** Runs a core operation; answers its `ok` value or throws ConnectError. */
export function call(op: string, input?: object | string): any;
/** The raw protocol: JSON text in, the core's JSON text (`{"ok":…}` or `{"error":…}`) out. */
export function callRaw(op: string, input: string): string;
/** The ABI version of the loaded module. */
export function abiVersion(): number;
export function version(): { abi: number; core: string };
export function providerPreset(issuer: string): ProviderMetadata | null;
export function discoveryRequest(issuer: string): HttpRequest;
export function parseDiscovery(issuer: string, response: HttpResponse): ProviderMetadata;
export function parseJwks(jwks: string): { keys: JwkSummary[] };
export function start(input: StartInput): StartOutput;
export function callback(input: CallbackInput): CallbackOutput;
/** After a failed callback: the Set-Cookie header deleting its login cookie, or null when the request did not carry it. */
export function clearCookie(input: Pick<CallbackInput, 'config' | 'query' | 'cookies'>): string | null;
export function finish(input: FinishInput): FinishOutput;
export function userinfo(input: UserinfoInput): Identity;
export function decideAccount(input: DecideAccountInput): AccountDecision;
/** `returnPath` when it is a same-site path (`/x`), else `fallback`. */
export function sanitizeReturnPath(returnPath: string, fallback?: string): string;
export function logoutUrl(config: Config, postLogoutRedirectUri?: string | null): string | null;
/** Resolves once the module is usable (at import it is; after a crash, once it was replaced). */
export function ready(): Promise<void>;
/** Parses a Cookie header into name → value. */
export function parseCookieHeader(header: string | null | undefined): Record<string, string>;

// ---------------------------------------------------------------- client

export interface ClientOptions {
  /** Default `https://login.infomaniak.com`. */
  issuer?: string;
  clientId: string;
  clientSecret?: string;
  /** The site's `…/openid-connect-authorize` URL, as registered at the provider. */
  redirectUri: string;
  /** A secret of the site, at least 32 bytes; never the client secret. */
  siteKey: string;
  /** Default `['openid', 'profile', 'email']`. */
  scopes?: string[];
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  /** Claims the site needs; missing from the ID token, they are asked from userinfo. */
  requiredClaims?: string[];
  /** Seconds, default 60. */
  clockTolerance?: number;
  allowHs256?: boolean;
  /** Fixed provider metadata (no discovery). */
  provider?: ProviderMetadata;
  /** `'auto'` (default): the built-in preset when there is one, else discovery; `true`: always discovery; `false`: never. */
  discovery?: 'auto' | boolean;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Per HTTP request, in ms; default 10000. */
  timeout?: number;
  /** Current time in ms; default `Date.now`. */
  clock?: () => number;
  /** How long discovery and JWKS are cached, ms; default 24 h. */
  cacheTtl?: number;
  /** Least time between two JWKS refetches forced by an unknown key id, ms; default 60000. */
  jwksRefreshInterval?: number;
}

/** What `client.callback()` accepts as the request. */
export type CallbackRequest =
  | string
  | URL
  | URLSearchParams
  | Record<string, string | string[] | undefined>
  | { url: string };

/** What `client.callback()` accepts as the cookies. */
export type RequestCookies =
  | string
  | Record<string, string | undefined>
  | Map<string, string>
  | { headers: { cookie?: string } | { get(name: string): string | null } };

export interface Client {
  /** Step 1: where to send the visitor, and the Set-Cookie header value for that response. */
  start(returnPath?: string): Promise<{ url: string; setCookie: string; state: string; cookie: LoginCookie }>;
  /**
   * Steps 2 and 3 at the redirect URI: the verified identity, where to send the visitor, and the
   * Set-Cookie header value that deletes the login cookie. Throws ConnectError.
   */
  callback(request: CallbackRequest, cookies?: RequestCookies): Promise<{ identity: Identity; returnPath: string; clearCookie: string }>;
  /** The provider's logout URL, or null. */
  logoutUrl(postLogoutRedirectUri?: string): Promise<string | null>;
  /** The provider metadata in use (preset, given or discovered; cached). */
  provider(): Promise<ProviderMetadata>;
  /** The core `config` object (with provider metadata) for the low-level functions. */
  config(): Promise<Config & { provider: ProviderMetadata }>;
}

export function createClient(options: ClientOptions): Client;

declare const api: {
  ABI_VERSION: typeof ABI_VERSION;
  ConnectError: typeof ConnectError;
  INFOMANIAK_ISSUER: typeof INFOMANIAK_ISSUER;
  call: typeof call;
  callRaw: typeof callRaw;
  abiVersion: typeof abiVersion;
  version: typeof version;
  providerPreset: typeof providerPreset;
  discoveryRequest: typeof discoveryRequest;
  parseDiscovery: typeof parseDiscovery;
  parseJwks: typeof parseJwks;
  start: typeof start;
  callback: typeof callback;
  finish: typeof finish;
  userinfo: typeof userinfo;
  decideAccount: typeof decideAccount;
  sanitizeReturnPath: typeof sanitizeReturnPath;
  logoutUrl: typeof logoutUrl;
  ready: typeof ready;
  createClient: typeof createClient;
};
export default api;
