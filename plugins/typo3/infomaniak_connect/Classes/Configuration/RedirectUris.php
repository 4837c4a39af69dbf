<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Configuration;

use Infomaniak\ConnectTypo3\Routing\Paths;
use TYPO3\CMS\Core\Site\SiteFinder;
use TYPO3\CMS\Core\Utility\GeneralUtility;

/**
 * The redirect URIs to register in the Infomaniak Manager: one per site (its base +
 * /openid-connect-authorize). Shown in Extension Configuration and in Reports.
 */
final class RedirectUris
{
    public function __construct(private readonly SiteFinder $siteFinder)
    {
    }

    /** @return list<string> */
    public function all(): array
    {
        $origin = rtrim((string) GeneralUtility::getIndpEnv('TYPO3_REQUEST_HOST'), '/');
        $uris = [];
        foreach ($this->siteFinder->getAllSites() as $site) {
            $uris[] = Paths::redirectUri((string) $site->getBase(), $origin);
        }
        if ($uris === []) {
            $uris[] = Paths::redirectUri((string) GeneralUtility::getIndpEnv('TYPO3_SITE_URL'), $origin);
        }
        return array_values(array_unique($uris));
    }

    /**
     * ext_conf_template.txt field "redirectUri" (type=user): the URIs as read-only text.
     *
     * @param array<mixed> $params
     */
    public function renderField(array $params = []): string
    {
        $items = '';
        foreach ($this->all() as $uri) {
            $items .= '<li><code>' . htmlspecialchars($uri) . '</code></li>';
        }
        return '<ul class="list-unstyled">' . $items . '</ul>';
    }
}
