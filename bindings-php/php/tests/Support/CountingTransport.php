<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Support;

use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\Http\HttpResponse;
use Infomaniak\Connect\Http\Transport;

/** A Transport decorator that records "METHOD path" of each request. */
final class CountingTransport implements Transport
{
    /** @var list<string> */
    public array $calls = [];

    public function __construct(private readonly Transport $inner)
    {
    }

    public function send(HttpRequest $request): HttpResponse
    {
        $this->calls[] = $request->method . ' ' . (string) parse_url($request->url, PHP_URL_PATH);
        return $this->inner->send($request);
    }

    /** How many recorded calls were to $path. */
    public function count(string $path): int
    {
        return count(array_filter($this->calls, static fn (string $c): bool => str_ends_with($c, ' ' . $path)));
    }
}
