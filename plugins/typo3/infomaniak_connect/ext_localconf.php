<?php

declare(strict_types=1);

use Infomaniak\ConnectTypo3\Authentication\InfomaniakAuthenticationService;
use Infomaniak\ConnectTypo3\Frontend\LoginButton;
use Infomaniak\ConnectTypo3\LoginProvider\InfomaniakLoginProvider;
use TYPO3\CMS\Core\Cache\Backend\FileBackend;
use TYPO3\CMS\Core\Cache\Frontend\VariableFrontend;
use TYPO3\CMS\Core\Utility\ExtensionManagementUtility;

defined('TYPO3') or die();

(static function (): void {
    // The authentication service: answers only logins this extension verified in the same
    // request (see InfomaniakAuthenticationService); priority above the core's (50).
    ExtensionManagementUtility::addService(
        'infomaniak_connect',
        'auth',
        InfomaniakAuthenticationService::class,
        [
            'title' => 'Log in with Infomaniak',
            'description' => 'Logs in the frontend or backend user that an OpenID Connect login with Infomaniak verified.',
            'subtype' => 'getUserFE,authUserFE,getUserBE,authUserBE',
            'available' => true,
            'priority' => 80,
            'quality' => 80,
            'os' => '',
            'exec' => '',
            'className' => InfomaniakAuthenticationService::class,
        ]
    );

    // Provider metadata and keys (public documents, 24 h; flushed with the system caches).
    $GLOBALS['TYPO3_CONF_VARS']['SYS']['caching']['cacheConfigurations']['infomaniak_connect'] ??= [
        'frontend' => VariableFrontend::class,
        'backend' => FileBackend::class,
        'groups' => ['system'],
    ];

    // The backend login screen's "Log in with Infomaniak".
    $GLOBALS['TYPO3_CONF_VARS']['EXTCONF']['backend']['loginProviders'][1767225600] = [
        'provider' => InfomaniakLoginProvider::class,
        'sorting' => 40,
        'iconIdentifier' => 'infomaniak-connect',
        'label' => 'LLL:EXT:infomaniak_connect/Resources/Private/Language/locallang.xlf:backend.provider',
    ];

    // The content element "Log in with Infomaniak" (CType infomaniakconnect_button).
    ExtensionManagementUtility::addTypoScript(
        'infomaniak_connect',
        'setup',
        'tt_content.infomaniakconnect_button = USER
tt_content.infomaniakconnect_button.userFunc = ' . LoginButton::class . '->render',
        'defaultContentRendering'
    );
})();
