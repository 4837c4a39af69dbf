<?php

$EM_CONF[$_EXTKEY] = [
    'title' => 'Infomaniak Connect',
    'description' => 'Log in with Infomaniak (OpenID Connect): frontend users, linked backend users, felogin button and content element.',
    'category' => 'services',
    'author' => 'Infomaniak Connect',
    'state' => 'beta',
    'version' => '0.1.0',
    'constraints' => [
        'depends' => [
            'php' => '8.1.0-8.4.99',
            'typo3' => '12.4.0-13.4.99',
        ],
        'conflicts' => [],
        'suggests' => [
            'felogin' => '',
            'reports' => '',
        ],
    ],
    'autoload' => [
        'psr-4' => [
            'Infomaniak\\ConnectTypo3\\' => 'Classes/',
            'Infomaniak\\Connect\\' => 'Resources/Private/Library/src/',
        ],
    ],
];
