<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Support;

use RuntimeException;

/** A server the tests start (the test OP, `php -S`) and stop; stderr goes to a log file. */
final class BackgroundProcess
{
    /** @var resource */
    private $process;
    /** @var resource */
    private $stdout;

    /**
     * @param list<string> $command
     * @param array<string, string>|null $env
     */
    public function __construct(array $command, private readonly string $logFile, ?array $env = null)
    {
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', $logFile, 'a']], $pipes, null, $env);
        if (!is_resource($process)) {
            throw new RuntimeException('cannot start ' . $command[0]);
        }
        $this->process = $process;
        $this->stdout = $pipes[1];
    }

    /** The first line the process prints on stdout, within $timeoutSeconds. */
    public function readLine(int $timeoutSeconds = 30): string
    {
        $deadline = microtime(true) + $timeoutSeconds;
        $line = '';
        stream_set_blocking($this->stdout, false);
        while (microtime(true) < $deadline) {
            $read = [$this->stdout];
            $write = null;
            $except = null;
            if (@stream_select($read, $write, $except, 0, 200000) > 0) {
                $chunk = fgets($this->stdout);
                if (is_string($chunk)) {
                    $line .= $chunk;
                    if (str_ends_with($line, "\n")) {
                        return trim($line);
                    }
                }
            }
            if (!proc_get_status($this->process)['running']) {
                break;
            }
        }
        throw new RuntimeException('no ready line; log: ' . @file_get_contents($this->logFile));
    }

    /** Waits until 127.0.0.1:$port accepts connections. */
    public function waitForPort(int $port, int $timeoutSeconds = 20): void
    {
        $deadline = microtime(true) + $timeoutSeconds;
        while (microtime(true) < $deadline) {
            $socket = @fsockopen('127.0.0.1', $port, $errno, $error, 0.2);
            if ($socket !== false) {
                fclose($socket);
                return;
            }
            if (!proc_get_status($this->process)['running']) {
                break;
            }
            usleep(100000);
        }
        throw new RuntimeException('port ' . $port . ' not open; log: ' . @file_get_contents($this->logFile));
    }

    /** The log so far. */
    public function log(): string
    {
        return (string) @file_get_contents($this->logFile);
    }

    /** Stops the process (SIGTERM, then SIGKILL). */
    public function stop(): void
    {
        if (!is_resource($this->process)) {
            return;
        }
        $status = proc_get_status($this->process);
        if ($status['running']) {
            proc_terminate($this->process, 15);
            $deadline = microtime(true) + 5;
            while (proc_get_status($this->process)['running'] && microtime(true) < $deadline) {
                usleep(50000);
            }
            if (proc_get_status($this->process)['running']) {
                proc_terminate($this->process, 9);
            }
        }
        fclose($this->stdout);
        proc_close($this->process);
    }
}
