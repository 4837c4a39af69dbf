<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Report;

use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Core;
use Throwable;

/**
 * Whether the core loads on this PHP, and what to change when it does not (the library's
 * CoreUnavailable detail holds the exact php.ini lines). Shown by the Reports status provider.
 */
final class CoreCheck
{
    public function __construct(
        public readonly bool $ok,
        public readonly string $value,
        public readonly string $message,
    ) {
    }

    /**
     * @param callable(): Core $load normally Core::load(...)
     */
    public static function run(callable $load): self
    {
        try {
            $core = $load();
            $version = $core->version();
            return new self(
                true,
                'core ' . (string) ($version['core'] ?? '?') . ', ABI ' . (string) ($version['abi'] ?? '?'),
                'Loaded from ' . $core->origin() . '.',
            );
        } catch (ConnectException $e) {
            return new self(false, $e->errorCode(), $e->detail());
        } catch (Throwable $e) {
            return new self(false, 'error', get_class($e) . ': ' . $e->getMessage());
        }
    }
}
