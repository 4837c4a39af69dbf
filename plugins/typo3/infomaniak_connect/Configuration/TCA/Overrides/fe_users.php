<?php

declare(strict_types=1);

use TYPO3\CMS\Core\Utility\ExtensionManagementUtility;

defined('TYPO3') or die();

// The Infomaniak identity this user is linked to (issuer + subject).
ExtensionManagementUtility::addTCAcolumns('fe_users', [
    'tx_infomaniakconnect_issuer' => [
        'exclude' => true,
        'label' => 'LLL:EXT:infomaniak_connect/Resources/Private/Language/locallang.xlf:link.issuer',
        'description' => 'LLL:EXT:infomaniak_connect/Resources/Private/Language/locallang.xlf:link.description.fe',
        'config' => [
            'type' => 'input',
            'size' => 40,
            'max' => 255,
            'eval' => 'trim',
            'placeholder' => 'https://login.infomaniak.com',
            'readOnly' => true,
        ],
    ],
    'tx_infomaniakconnect_subject' => [
        'exclude' => true,
        'label' => 'LLL:EXT:infomaniak_connect/Resources/Private/Language/locallang.xlf:link.subject',
        'description' => 'LLL:EXT:infomaniak_connect/Resources/Private/Language/locallang.xlf:link.description.fe',
        'config' => [
            'type' => 'input',
            'size' => 40,
            'max' => 255,
            'eval' => 'trim',
            'readOnly' => true,
        ],
    ],
]);
ExtensionManagementUtility::addToAllTCAtypes(
    'fe_users',
    '--div--;LLL:EXT:infomaniak_connect/Resources/Private/Language/locallang.xlf:link.tab,tx_infomaniakconnect_issuer,tx_infomaniakconnect_subject'
);
