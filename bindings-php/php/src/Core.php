<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

use FFI;
use JsonException;
use Throwable;

/**
 * The Rust core, loaded through PHP's FFI: runs the JSON operations of core/PROTOCOL.md
 * (start, callback, finish, userinfo, decide_account, …). LoginFlow drives it; call it directly
 * only for what LoginFlow does not cover.
 */
final class Core
{
    /** The protocol version this PHP library speaks; a library with another is refused. */
    public const ABI_VERSION = 1;

    /** @var array<string, self> loaded cores by origin, for this request */
    private static array $loaded = [];

    private function __construct(private readonly FFI $ffi, private readonly string $origin)
    {
    }

    /**
     * Loads the core. With FFI restricted to preloaded code (ffi.enable=preload) and preload.php
     * active, it uses the preloaded scope; else it loads the library found at $libraryPath, the
     * environment variable INFOMANIAK_CONNECT_LIB or the bundled lib/<os>-<arch>/ copy.
     *
     * @throws CoreUnavailable when FFI is missing, disabled or restricted, or the library cannot be
     *     found, loaded, or speaks another protocol version; never a fatal error
     */
    public static function load(?string $libraryPath = null): self
    {
        if (!extension_loaded('ffi') || !class_exists(FFI::class)) {
            throw CoreUnavailable::ffiMissing();
        }
        $setting = self::ffiSetting();
        if ($setting !== 'preload' && $setting !== '1') {
            throw CoreUnavailable::ffiRestricted($setting);
        }
        $ffi = self::preloadedScope();
        $origin = 'ffi-scope:' . Library::FFI_SCOPE;
        if ($ffi === null) {
            $origin = Library::path($libraryPath);
            if (isset(self::$loaded[$origin])) {
                return self::$loaded[$origin];
            }
            $ffi = self::open($origin, $setting);
        } elseif (isset(self::$loaded[$origin])) {
            return self::$loaded[$origin];
        }
        $version = (int) $ffi->ikc_abi_version();
        if ($version !== self::ABI_VERSION) {
            throw CoreUnavailable::abiMismatch($origin, $version);
        }
        return self::$loaded[$origin] = new self($ffi, $origin);
    }

    /**
     * Runs $op on $input and returns the operation's `ok` value (null only where the protocol
     * says so, e.g. provider_preset for an issuer without preset).
     *
     * Empty PHP arrays are sent as JSON objects at the top level; pass (object) [] for an empty
     * object deeper down.
     *
     * @param array<string, mixed> $input
     * @return array<mixed>|null
     * @throws ConnectException with the core's code, visitor message and detail
     */
    public function call(string $op, array $input): ?array
    {
        try {
            $json = $input === [] ? '{}' : json_encode(
                $input,
                JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
            );
        } catch (JsonException $e) {
            throw new ConnectException(
                ConnectException::INVALID_INPUT,
                ConnectException::MESSAGE_TRY_AGAIN,
                'input for "' . $op . '" cannot be encoded as JSON: ' . $e->getMessage()
            );
        }
        $answer = self::decode($this->callJson($op, $json));
        if (isset($answer['error']) && is_array($answer['error'])) {
            throw ConnectException::fromCoreError($answer['error']);
        }
        if (!array_key_exists('ok', $answer) || !(is_array($answer['ok']) || $answer['ok'] === null)) {
            throw new ConnectException(
                ConnectException::INTERNAL_ERROR,
                ConnectException::MESSAGE_TRY_AGAIN,
                'the core answered neither ok nor error'
            );
        }
        return $answer['ok'];
    }

    /**
     * Runs $op on the JSON text $inputJson and returns the core's JSON answer text unchanged
     * (`{"ok": …}` or `{"error": …}`). For the cross-language vectors and for debugging.
     */
    public function callJson(string $op, string $inputJson): string
    {
        if (str_contains($op, "\0") || str_contains($inputJson, "\0")) {
            throw new ConnectException(
                ConnectException::INVALID_INPUT,
                ConnectException::MESSAGE_TRY_AGAIN,
                'operation name or input holds a NUL byte'
            );
        }
        $pointer = $this->ffi->ikc_call($op, $inputJson);
        if ($pointer === null || FFI::isNull($pointer)) {
            throw new ConnectException(
                ConnectException::INTERNAL_ERROR,
                ConnectException::MESSAGE_TRY_AGAIN,
                'the core could not allocate its answer'
            );
        }
        try {
            return FFI::string($pointer);
        } finally {
            $this->ffi->ikc_free($pointer);
        }
    }

    /**
     * The core's version answer, e.g. ['abi' => 1, 'core' => '0.1.0'].
     *
     * @return array<string, mixed>
     */
    public function version(): array
    {
        return $this->call('version', []) ?? [];
    }

    /** Where the core came from: the library path, or "ffi-scope:INFOMANIAK_CONNECT" when preloaded. */
    public function origin(): string
    {
        return $this->origin;
    }

    /** ffi.enable normalised: "1", "preload" or the raw disabling value. */
    private static function ffiSetting(): string
    {
        $raw = ini_get('ffi.enable');
        $value = strtolower(trim(is_string($raw) ? $raw : ''));
        return match ($value) {
            '1', 'on', 'true', 'yes' => '1',
            'preload' => 'preload',
            '' => '0',
            default => $value,
        };
    }

    /** The FFI scope registered by preload.php, when active. */
    private static function preloadedScope(): ?FFI
    {
        try {
            return FFI::scope(Library::FFI_SCOPE);
        } catch (Throwable) {
            return null;
        }
    }

    private static function open(string $path, string $setting): FFI
    {
        if (!is_file($path)) {
            throw CoreUnavailable::libraryMissing($path);
        }
        try {
            return FFI::cdef(Library::C_DECLARATIONS, $path);
        } catch (Throwable $e) {
            if (str_contains($e->getMessage(), 'ffi.enable')) {
                throw CoreUnavailable::ffiRestricted($setting, $e);
            }
            throw CoreUnavailable::libraryUnloadable($path, $e);
        }
    }

    /** @return array<mixed> */
    private static function decode(string $answer): array
    {
        try {
            $decoded = json_decode($answer, true, 512, JSON_THROW_ON_ERROR);
        } catch (JsonException $e) {
            $decoded = null;
        }
        if (!is_array($decoded)) {
            throw new ConnectException(
                ConnectException::INTERNAL_ERROR,
                ConnectException::MESSAGE_TRY_AGAIN,
                'the core answered something that is not a JSON object'
            );
        }
        return $decoded;
    }
}
