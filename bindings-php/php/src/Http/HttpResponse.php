<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Http;

/** What came back: the status and the body text. The core judges both. */
final class HttpResponse
{
    public function __construct(
        public readonly int $status,
        public readonly string $body,
    ) {
    }

    /** True for a 2xx status. */
    public function isSuccess(): bool
    {
        return $this->status >= 200 && $this->status < 300;
    }

    /**
     * The response as the core reads it: {"status", "body"}.
     *
     * @return array{status: int, body: string}
     */
    public function toCore(): array
    {
        return ['status' => $this->status, 'body' => $this->body];
    }
}
