<?php

declare(strict_types=1);

use TYPO3\CMS\Core\Utility\ExtensionManagementUtility;

defined('TYPO3') or die();

// Content element "Log in with Infomaniak": the button, rendered by LoginButton (ext_localconf.php).
ExtensionManagementUtility::addTcaSelectItem('tt_content', 'CType', [
    'label' => 'LLL:EXT:infomaniak_connect/Resources/Private/Language/locallang.xlf:content.button.title',
    'description' => 'LLL:EXT:infomaniak_connect/Resources/Private/Language/locallang.xlf:content.button.description',
    'value' => 'infomaniakconnect_button',
    'icon' => 'infomaniak-connect',
    'group' => 'special',
]);
$GLOBALS['TCA']['tt_content']['ctrl']['typeicon_classes']['infomaniakconnect_button'] = 'infomaniak-connect';
$GLOBALS['TCA']['tt_content']['types']['infomaniakconnect_button'] = [
    'showitem' => '--div--;LLL:EXT:core/Resources/Private/Language/Form/locallang_tabs.xlf:general,
            --palette--;;general,
            --palette--;;headers,
        --div--;LLL:EXT:core/Resources/Private/Language/Form/locallang_tabs.xlf:access,
            --palette--;;hidden,
            --palette--;;access',
];
