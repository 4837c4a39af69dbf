<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

use RuntimeException;
use Throwable;

/**
 * A login failure: the core's stable error code, a short message a visitor may read, and a detail
 * for the admin log. None of the three ever holds a secret or a token.
 *
 * getMessage() is "code: detail", for logs. Show visitors visitorMessage() (or a translation keyed
 * by errorCode()), never getMessage().
 */
class ConnectException extends RuntimeException
{
    /** Host-side code: the HTTP transport could not reach the provider (network, TLS, timeout, size). */
    public const PROVIDER_UNREACHABLE = 'provider_unreachable';
    /** Host-side code: FFI or the shared library is not usable (see CoreUnavailable). */
    public const CORE_UNAVAILABLE = 'core_unavailable';
    /** The core's code for unusable input (also used by the PHP side for such input). */
    public const INVALID_INPUT = 'invalid_input';
    /** The core's code for a failure that is nobody's input's fault. */
    public const INTERNAL_ERROR = 'internal_error';

    /** The visitor message of "the provider cannot be reached", as the core words it. */
    public const MESSAGE_PROVIDER_UNAVAILABLE = 'The login provider cannot be reached right now. Please try again later.';
    /** The visitor message of a failure to retry, as the core words it. */
    public const MESSAGE_TRY_AGAIN = 'The login could not be completed. Please try again.';

    public function __construct(
        private readonly string $errorCode,
        private readonly string $visitorMessage,
        private readonly string $detail,
        ?Throwable $previous = null,
    ) {
        parent::__construct($errorCode . ': ' . $detail, 0, $previous);
    }

    /**
     * The failure the core answered, from its `{"code", "message", "detail"}` error object.
     *
     * @param array<mixed> $error
     */
    public static function fromCoreError(array $error): self
    {
        $text = static fn (string $key, string $default): string
            => isset($error[$key]) && is_string($error[$key]) ? $error[$key] : $default;

        return new self(
            $text('code', self::INTERNAL_ERROR),
            $text('message', self::MESSAGE_TRY_AGAIN),
            $text('detail', 'the core answered an error without detail'),
        );
    }

    /** The stable code (e.g. "state_expired", "access_denied"): branch and translate on it. */
    public function errorCode(): string
    {
        return $this->errorCode;
    }

    /** A short English sentence for the visitor. */
    public function visitorMessage(): string
    {
        return $this->visitorMessage;
    }

    /** What happened, for the admin log. */
    public function detail(): string
    {
        return $this->detail;
    }
}
