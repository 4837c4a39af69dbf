<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Frontend;

use Infomaniak\ConnectTypo3\Connect\ConnectFactory;
use Infomaniak\ConnectTypo3\Login\Messages;
use Infomaniak\ConnectTypo3\Middleware\FrontendLoginHandler;
use Infomaniak\ConnectTypo3\Routing\Paths;
use Infomaniak\ConnectTypo3\Routing\ReturnPath;
use Psr\Http\Message\ServerRequestInterface;
use TYPO3\CMS\Frontend\ContentObject\ContentObjectRenderer;

/**
 * The button on a page: the content element "Log in with Infomaniak" (a USER object, see
 * ext_localconf.php) and felogin's form. Empty when the extension is not configured.
 */
final class LoginButton
{
    private ?ContentObjectRenderer $cObj = null;

    public function __construct(
        private readonly ConnectFactory $factory,
        private readonly Messages $messages,
    ) {
    }

    public function setContentObjectRenderer(ContentObjectRenderer $cObj): void
    {
        $this->cObj = $cObj;
    }

    /**
     * USER content object: tt_content.infomaniakconnect_button.
     *
     * @param array<mixed> $conf
     */
    public function render(string $content, array $conf, ServerRequestInterface $request): string
    {
        return $this->html($request, null);
    }

    /** The button's markup; it returns the visitor to $returnTo (or to the current page). */
    public function html(ServerRequestInterface $request, ?string $returnTo): string
    {
        $settings = $this->factory->settings();
        if (!$settings->isConfigured()) {
            return '';
        }
        $base = ConnectFactory::base($request);
        $origin = FrontendLoginHandler::origin($request);
        $current = $request->getUri()->getPath() . ($request->getUri()->getQuery() !== '' ? '?' . $request->getUri()->getQuery() : '');
        $returnPath = ReturnPath::from($returnTo ?? $current, $origin, $current);
        $label = $settings->buttonLabelOr($this->messages->translate($request, 'button.label'));
        return ButtonMarkup::render(Paths::startUrl($base, $returnPath), $label);
    }
}
