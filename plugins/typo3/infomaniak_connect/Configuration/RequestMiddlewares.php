<?php

declare(strict_types=1);

use Infomaniak\ConnectTypo3\Middleware\BackendLoginHandler;
use Infomaniak\ConnectTypo3\Middleware\FrontendLoginCompletion;
use Infomaniak\ConnectTypo3\Middleware\FrontendLoginHandler;

return [
    'frontend' => [
        // Start URL and redirect URI: needs the site, runs before frontend user authentication.
        'infomaniak-connect/login' => [
            'target' => FrontendLoginHandler::class,
            'after' => [
                'typo3/cms-frontend/site',
                'typo3/cms-core/request-token-middleware',
            ],
            'before' => [
                'typo3/cms-frontend/base-redirect-resolver',
                'typo3/cms-frontend/backend-user-authentication',
                'typo3/cms-frontend/authentication',
            ],
        ],
        // After authentication: redirect a verified, logged-in visitor back (before page resolving).
        'infomaniak-connect/login-completion' => [
            'target' => FrontendLoginCompletion::class,
            'after' => [
                'typo3/cms-frontend/authentication',
            ],
            'before' => [
                'typo3/cms-frontend/page-resolver',
            ],
        ],
    ],
    'backend' => [
        'infomaniak-connect/backend-login' => [
            'target' => BackendLoginHandler::class,
            'after' => [
                'typo3/cms-backend/backend-routing',
            ],
            'before' => [
                'typo3/cms-backend/authentication',
            ],
        ],
    ],
];
