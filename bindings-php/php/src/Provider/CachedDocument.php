<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Provider;

/** A document from the DocumentCache: its body and whether it is still fresh. */
final class CachedDocument
{
    public function __construct(public readonly string $body, public readonly bool $fresh)
    {
    }
}
