<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Connect;

use Infomaniak\Connect\Core;
use Infomaniak\Connect\LoginFlow;
use Infomaniak\Connect\Settings;
use Infomaniak\Connect\SiteKey;
use Infomaniak\ConnectTypo3\Configuration\ExtensionSettings;
use Infomaniak\ConnectTypo3\Routing\Paths;
use Psr\Http\Message\ServerRequestInterface;
use TYPO3\CMS\Core\Cache\CacheManager;
use TYPO3\CMS\Core\Configuration\ExtensionConfiguration;
use TYPO3\CMS\Core\Http\NormalizedParams;
use TYPO3\CMS\Core\Http\RequestFactory;
use TYPO3\CMS\Core\Site\Entity\Site;

/**
 * Builds the library's LoginFlow from TYPO3's pieces: the extension configuration, the
 * encryptionKey (site key), RequestFactory (transport) and the "infomaniak_connect" cache.
 */
final class ConnectFactory
{
    public const EXTENSION_KEY = 'infomaniak_connect';
    public const CACHE = 'infomaniak_connect';

    public function __construct(
        private readonly ExtensionConfiguration $extensionConfiguration,
        private readonly RequestFactory $requestFactory,
        private readonly CacheManager $cacheManager,
    ) {
    }

    public function settings(): ExtensionSettings
    {
        try {
            $configuration = $this->extensionConfiguration->get(self::EXTENSION_KEY);
        } catch (\Throwable) {
            $configuration = [];
        }
        $encryptionKey = $GLOBALS['TYPO3_CONF_VARS']['SYS']['encryptionKey'] ?? '';
        return ExtensionSettings::fromArray(
            is_array($configuration) ? $configuration : [],
            getenv('INFOMANIAK_CONNECT_CLIENT_SECRET'),
            is_string($encryptionKey) ? $encryptionKey : '',
        );
    }

    /** @throws \Infomaniak\Connect\ConnectException (CoreUnavailable, site_key_invalid) */
    public function flow(Settings $settings): LoginFlow
    {
        $encryptionKey = $GLOBALS['TYPO3_CONF_VARS']['SYS']['encryptionKey'] ?? '';
        return new LoginFlow(
            Core::load(),
            $settings,
            SiteKey::derive(is_string($encryptionKey) ? $encryptionKey : ''),
            new Typo3Transport($this->requestFactory),
            new Typo3Cache($this->cacheManager->getCache(self::CACHE)),
        );
    }

    /**
     * The redirect URI for this request: the site's base (frontend) or the installation's URL
     * (backend, no site) + openid-connect-authorize.
     */
    public static function redirectUri(ServerRequestInterface $request): string
    {
        $params = $request->getAttribute('normalizedParams');
        $origin = $params instanceof NormalizedParams ? $params->getRequestHost() : '';
        $site = $request->getAttribute('site');
        if ($site instanceof Site) {
            return Paths::redirectUri((string) $site->getBase(), $origin);
        }
        $base = $params instanceof NormalizedParams ? $params->getSiteUrl() : '/';
        return Paths::redirectUri($base, $origin);
    }

    /** The site's base as the start URL and matching need it. */
    public static function base(ServerRequestInterface $request): string
    {
        $site = $request->getAttribute('site');
        if ($site instanceof Site) {
            return (string) $site->getBase();
        }
        $params = $request->getAttribute('normalizedParams');
        return $params instanceof NormalizedParams ? $params->getSitePath() : '/';
    }
}
