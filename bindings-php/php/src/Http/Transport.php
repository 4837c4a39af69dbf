<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Http;

use Infomaniak\Connect\ConnectException;

/**
 * Sends the HTTP requests the core builds. CMS adapters may plug their own client (e.g.
 * WordPress's wp_remote_request); the default is CurlTransport.
 *
 * Contract: TLS certificates are always verified; redirects are not followed; any HTTP status is
 * returned as a response (the core judges it); a network failure (DNS, connect, TLS, timeout,
 * oversized body) throws ConnectException with code "provider_unreachable". Nothing is logged
 * that could hold a secret (request bodies and Authorization headers carry them).
 */
interface Transport
{
    /** @throws ConnectException on a network failure */
    public function send(HttpRequest $request): HttpResponse;
}
