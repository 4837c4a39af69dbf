<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\EventListener;

use Infomaniak\ConnectTypo3\Frontend\LoginButton;
use TYPO3\CMS\FrontendLogin\Event\ModifyLoginFormViewEvent;

/**
 * Gives felogin's login form the variable {infomaniakConnectButton}: the button's HTML, to place
 * with {infomaniakConnectButton -> f:format.raw()} in the site's own copy of felogin's
 * Login.html (plugin.tx_felogin_login.view.templateRootPaths), e.g. below the submit button.
 */
final class AddButtonToLoginForm
{
    public function __construct(private readonly LoginButton $button)
    {
    }

    public function __invoke(ModifyLoginFormViewEvent $event): void
    {
        $request = $event->getRequest();
        $redirect = $request->getQueryParams()['redirect_url'] ?? null;
        $event->getView()->assign('infomaniakConnectButton', $this->button->html($request, is_string($redirect) ? $redirect : null));
    }
}
