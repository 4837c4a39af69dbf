<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Login;

/**
 * Which translation (locallang.xlf key) tells a visitor about a failure, from its stable code.
 * Codes with their own sentence map to "error.<code>", the others to the sentence of their group.
 */
final class ErrorMessages
{
    /** The extension's own codes (besides the core's and the library's). */
    public const NOT_CONFIGURED = 'not_configured';
    public const LOGIN_REFUSED = 'login_refused';
    public const BACKEND_NOT_LINKED = 'backend_not_linked';

    /** Codes with a sentence of their own. */
    private const OWN = [
        'access_denied', 'state_missing', 'login_cookie_missing', 'state_invalid', 'state_expired',
        'issuer_mismatch', 'provider_interaction_required', 'provider_rejected', 'token_invalid_grant',
        'id_token_expired', 'account_not_allowed', 'core_unavailable',
        self::LOGIN_REFUSED, self::BACKEND_NOT_LINKED,
    ];

    /** Codes meaning "this site is not set up right". */
    private const NOT_CONFIGURED_CODES = [
        self::NOT_CONFIGURED, 'config_invalid', 'provider_metadata_missing', 'site_key_invalid',
        'discovery_invalid', 'discovery_issuer_mismatch', 'token_client_rejected',
    ];

    /** Codes meaning "the provider cannot be reached". */
    private const UNAVAILABLE_CODES = [
        'provider_unreachable', 'discovery_unavailable', 'provider_unavailable', 'token_http_error',
        'userinfo_http_error',
    ];

    private function __construct()
    {
    }

    /** The locallang.xlf key of the visitor message for $code. */
    public static function key(string $code): string
    {
        if (in_array($code, self::OWN, true)) {
            return 'error.' . $code;
        }
        if (in_array($code, self::NOT_CONFIGURED_CODES, true)) {
            return 'error.not_configured';
        }
        if (in_array($code, self::UNAVAILABLE_CODES, true)) {
            return 'error.provider_unavailable';
        }
        if (str_starts_with($code, 'id_token_') || str_starts_with($code, 'jwks_') || str_starts_with($code, 'userinfo_')) {
            return 'error.not_verified';
        }
        return 'error.try_again';
    }

    /** Every key key() may answer: the XLF files must hold them all. */
    public static function allKeys(): array
    {
        $keys = array_map(static fn (string $code): string => 'error.' . $code, self::OWN);
        return array_merge($keys, ['error.not_configured', 'error.provider_unavailable', 'error.not_verified', 'error.try_again']);
    }
}
