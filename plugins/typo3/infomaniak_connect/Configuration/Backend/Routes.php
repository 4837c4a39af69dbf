<?php

declare(strict_types=1);

use Infomaniak\ConnectTypo3\Controller\BackendLoginController;

// Public: reached before a backend session exists. BackendLoginHandler (a middleware) answers them.
return [
    'infomaniak_connect_login' => [
        'path' => '/infomaniak-connect/login',
        'access' => 'public',
        'target' => BackendLoginController::class . '::loginAction',
    ],
    'infomaniak_connect_authorize' => [
        'path' => '/infomaniak-connect/authorize',
        'access' => 'public',
        'target' => BackendLoginController::class . '::authorizeAction',
    ],
];
