<?php

declare(strict_types=1);

use TYPO3\CMS\Core\Imaging\IconProvider\SvgIconProvider;

return [
    'infomaniak-connect' => [
        'provider' => SvgIconProvider::class,
        'source' => 'EXT:infomaniak_connect/Resources/Public/Icons/Extension.svg',
    ],
];
