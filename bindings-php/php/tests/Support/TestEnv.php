<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Support;

use Infomaniak\Connect\Core;
use RuntimeException;

/** Paths and processes the tests share. */
final class TestEnv
{
    /** The repository root. */
    public static function repoRoot(): string
    {
        return dirname(__DIR__, 4);
    }

    /** The PHP library's directory (bindings-php/php). */
    public static function libraryRoot(): string
    {
        return dirname(__DIR__, 2);
    }

    /** The core, from $INFOMANIAK_CONNECT_LIB or the bundled copy `make build-php` puts in lib/. */
    public static function core(): Core
    {
        return Core::load();
    }

    /**
     * Runs a command and returns [exit code, stdout, stderr].
     *
     * @param list<string> $command
     * @param array<string, string>|null $env
     * @return array{0: int, 1: string, 2: string}
     */
    public static function run(array $command, ?array $env = null, int $timeoutSeconds = 60): array
    {
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        if (!is_resource($process)) {
            throw new RuntimeException('cannot start ' . $command[0]);
        }
        stream_set_blocking($pipes[1], false);
        stream_set_blocking($pipes[2], false);
        $out = '';
        $err = '';
        $deadline = microtime(true) + $timeoutSeconds;
        while (true) {
            $read = [$pipes[1], $pipes[2]];
            $write = null;
            $except = null;
            if (@stream_select($read, $write, $except, 0, 200000) > 0) {
                $out .= (string) stream_get_contents($pipes[1]);
                $err .= (string) stream_get_contents($pipes[2]);
            }
            $status = proc_get_status($process);
            if (!$status['running']) {
                $out .= (string) stream_get_contents($pipes[1]);
                $err .= (string) stream_get_contents($pipes[2]);
                fclose($pipes[1]);
                fclose($pipes[2]);
                proc_close($process);
                return [$status['exitcode'], $out, $err];
            }
            if (microtime(true) > $deadline) {
                proc_terminate($process, 9);
                proc_close($process);
                throw new RuntimeException(implode(' ', $command) . ' timed out; stderr: ' . $err);
            }
        }
    }

    /** A free TCP port on 127.0.0.1. */
    public static function freePort(): int
    {
        $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
        if ($server === false) {
            throw new RuntimeException('no free port: ' . $error);
        }
        $name = (string) stream_socket_get_name($server, false);
        fclose($server);
        return (int) substr($name, strrpos($name, ':') + 1);
    }
}
