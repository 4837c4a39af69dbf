<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Login;

use Infomaniak\ConnectTypo3\Frontend\ButtonMarkup;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use TYPO3\CMS\Core\Http\HtmlResponse;
use TYPO3\CMS\Core\Localization\LanguageService;
use TYPO3\CMS\Core\Localization\LanguageServiceFactory;
use TYPO3\CMS\Core\Site\Entity\SiteLanguage;

/**
 * Translated visitor messages (locallang.xlf) and the small page shown when a login fails.
 */
final class Messages
{
    public const XLF = 'LLL:EXT:infomaniak_connect/Resources/Private/Language/locallang.xlf:';

    public function __construct(private readonly LanguageServiceFactory $languageServiceFactory)
    {
    }

    public function languageService(ServerRequestInterface $request): LanguageService
    {
        $language = $request->getAttribute('language');
        if ($language instanceof SiteLanguage) {
            return $this->languageServiceFactory->createFromSiteLanguage($language);
        }
        $backendUser = $GLOBALS['BE_USER'] ?? null;
        if ($backendUser !== null && method_exists($this->languageServiceFactory, 'createFromUserPreferences')) {
            return $this->languageServiceFactory->createFromUserPreferences($backendUser);
        }
        return $this->languageServiceFactory->create('default');
    }

    public function translate(ServerRequestInterface $request, string $key): string
    {
        $text = $this->languageService($request)->sL(self::XLF . $key);
        return $text !== '' ? $text : $key;
    }

    /**
     * The failure page for $code: the translated visitor message, a link back, and the headers
     * that delete this login's cookies.
     *
     * @param list<string> $setCookies
     */
    public function failure(ServerRequestInterface $request, string $code, string $backHref, array $setCookies = []): ResponseInterface
    {
        $language = $request->getAttribute('language');
        $html = ButtonMarkup::errorPage(
            $this->translate($request, 'error.title'),
            $this->translate($request, ErrorMessages::key($code)),
            $backHref,
            $this->translate($request, 'error.back'),
            $language instanceof SiteLanguage ? $language->getLocale()->getLanguageCode() : 'en',
        );
        $status = $code === 'access_denied' ? 200 : ($code === 'core_unavailable' || $code === 'provider_unreachable' ? 503 : 400);
        $headers = ['Cache-Control' => 'no-store', 'X-Robots-Tag' => 'noindex'];
        if ($setCookies !== []) {
            $headers['Set-Cookie'] = array_values($setCookies);
        }
        return new HtmlResponse($html, $status, $headers);
    }
}
