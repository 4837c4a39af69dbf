<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Report;

use Infomaniak\Connect\Core;
use Infomaniak\ConnectTypo3\Connect\ConnectFactory;
use Infomaniak\ConnectTypo3\Configuration\RedirectUris;
use TYPO3\CMS\Core\Localization\LanguageService;
use TYPO3\CMS\Core\Type\ContextualFeedbackSeverity;
use TYPO3\CMS\Reports\Status;
use TYPO3\CMS\Reports\StatusProviderInterface;

/**
 * Reports › Status › "Log in with Infomaniak": does the core load (else the exact php.ini
 * lines), is the app configured, and which redirect URI to register.
 */
final class CoreStatusProvider implements StatusProviderInterface
{
    private const XLF = 'LLL:EXT:infomaniak_connect/Resources/Private/Language/locallang.xlf:';

    public function __construct(
        private readonly ConnectFactory $factory,
        private readonly RedirectUris $redirectUris,
    ) {
    }

    public function getLabel(): string
    {
        return 'infomaniak_connect';
    }

    /** @return array<string, Status> */
    public function getStatus(): array
    {
        $check = CoreCheck::run(static fn (): Core => Core::load());
        $settings = $this->factory->settings();
        $uris = $this->redirectUris->all();
        return [
            'core' => new Status(
                $this->label('status.core'),
                $check->value,
                nl2br(htmlspecialchars($check->message)),
                $check->ok ? ContextualFeedbackSeverity::OK : ContextualFeedbackSeverity::ERROR,
            ),
            'configuration' => new Status(
                $this->label('status.configuration'),
                $this->label($settings->isConfigured() ? 'status.configured' : 'status.not_configured'),
                htmlspecialchars($this->label('status.redirect_uri')) . '<br>'
                    . implode('<br>', array_map(static fn (string $uri): string => '<code>' . htmlspecialchars($uri) . '</code>', $uris)),
                $settings->isConfigured() ? ContextualFeedbackSeverity::OK : ContextualFeedbackSeverity::WARNING,
            ),
        ];
    }

    private function label(string $key): string
    {
        $languageService = $GLOBALS['LANG'] ?? null;
        $text = $languageService instanceof LanguageService ? $languageService->sL(self::XLF . $key) : '';
        return $text !== '' ? $text : $key;
    }
}
