<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Provider;

use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Core;
use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\Http\Transport;

/**
 * The provider's metadata (endpoints, algorithms): the core's preset for Infomaniak, else the
 * discovery document, cached 24 h; when a refetch fails, the cached copy keeps working.
 */
final class MetadataSource
{
    public function __construct(
        private readonly Core $core,
        private readonly Transport $transport,
        private readonly DocumentCache $documents,
    ) {
    }

    /**
     * The metadata of $issuer, as the core's `provider` object.
     *
     * @return array<string, mixed>
     * @throws ConnectException when there is no preset, no usable cached copy and discovery fails
     */
    public function resolve(string $issuer): array
    {
        $preset = $this->core->call('provider_preset', ['issuer' => $issuer]);
        if ($preset !== null) {
            return $preset;
        }
        $key = DocumentCache::key('discovery', $issuer);
        $cached = $this->documents->read($key);
        $cachedProvider = $cached === null ? null : self::decode($cached->body);
        if ($cached !== null && $cached->fresh && $cachedProvider !== null) {
            return $cachedProvider;
        }
        try {
            $provider = $this->discover($issuer);
        } catch (ConnectException $e) {
            if ($cachedProvider !== null) {
                return $cachedProvider;
            }
            throw $e;
        }
        $this->documents->write($key, (string) json_encode($provider, JSON_UNESCAPED_SLASHES));
        return $provider;
    }

    /** @return array<string, mixed> */
    private function discover(string $issuer): array
    {
        $request = HttpRequest::fromCore($this->core->call('discovery_request', ['issuer' => $issuer]) ?? []);
        $response = $this->transport->send($request);
        return $this->core->call('parse_discovery', [
            'issuer' => $issuer,
            'response' => $response->toCore(),
        ]) ?? [];
    }

    /** @return array<string, mixed>|null */
    private static function decode(string $json): ?array
    {
        $provider = json_decode($json, true);
        return is_array($provider) && isset($provider['issuer']) ? $provider : null;
    }
}
