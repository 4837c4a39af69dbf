<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\LoginProvider;

use Infomaniak\ConnectTypo3\Connect\ConnectFactory;
use Infomaniak\ConnectTypo3\Middleware\BackendLoginHandler;
use Psr\Http\Message\ServerRequestInterface;
use TYPO3\CMS\Backend\Controller\LoginController;
use TYPO3\CMS\Backend\LoginProvider\LoginProviderInterface;
use TYPO3\CMS\Backend\Routing\UriBuilder;
use TYPO3\CMS\Core\Page\PageRenderer;
use TYPO3\CMS\Core\Utility\GeneralUtility;
use TYPO3\CMS\Core\View\ViewInterface;
use TYPO3\CMS\Fluid\View\FluidViewAdapter;
use TYPO3\CMS\Fluid\View\StandaloneView;

/**
 * "Log in with Infomaniak" on the backend login screen (for backend users an administrator
 * linked). TYPO3 13 calls modifyView(), TYPO3 12 render().
 */
final class InfomaniakLoginProvider implements LoginProviderInterface
{
    private const TEMPLATES = 'EXT:infomaniak_connect/Resources/Private/Templates/';

    /** TYPO3 12. */
    public function render(StandaloneView $view, PageRenderer $pageRenderer, LoginController $loginController)
    {
        $view->setTemplateRootPaths([self::TEMPLATES]);
        $view->setTemplate('Login/InfomaniakLoginForm');
        $view->assignMultiple($this->variables());
    }

    /** TYPO3 13. */
    public function modifyView(ServerRequestInterface $request, ViewInterface $view): string
    {
        if ($view instanceof FluidViewAdapter) {
            $paths = $view->getRenderingContext()->getTemplatePaths();
            $paths->setTemplateRootPaths(array_merge($paths->getTemplateRootPaths(), [GeneralUtility::getFileAbsFileName(self::TEMPLATES)]));
        }
        $view->assignMultiple($this->variables());
        return 'Login/InfomaniakLoginForm';
    }

    /** @return array<string, mixed> */
    private function variables(): array
    {
        $factory = GeneralUtility::makeInstance(ConnectFactory::class);
        $settings = $factory->settings();
        $uriBuilder = GeneralUtility::makeInstance(UriBuilder::class);
        return [
            'infomaniakConnectAvailable' => $settings->isConfigured() && $settings->backendLogin,
            'infomaniakConnectStartUrl' => (string) $uriBuilder->buildUriFromRoute(BackendLoginHandler::ROUTE_LOGIN),
            'infomaniakConnectLabel' => $settings->buttonLabel,
        ];
    }
}
