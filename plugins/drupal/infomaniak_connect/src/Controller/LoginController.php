<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Controller;

use Drupal\Core\Controller\ControllerBase;
use Drupal\Core\Routing\TrustedRedirectResponse;
use Drupal\Core\Url;
use Drupal\infomaniak_connect\Account\AccountExecutor;
use Drupal\infomaniak_connect\Account\AccountRefused;
use Drupal\infomaniak_connect\Account\DatabaseLinkStore;
use Drupal\infomaniak_connect\Account\Directory;
use Drupal\infomaniak_connect\Account\DrupalUserGateway;
use Drupal\infomaniak_connect\LoginFlowFactory;
use Drupal\infomaniak_connect\ReturnPath;
use Drupal\infomaniak_connect\VisitorMessages;
use Drupal\user\UserInterface;
use Infomaniak\Connect\CallbackFailed;
use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\CoreUnavailable;
use Psr\Log\LoggerInterface;
use Symfony\Component\DependencyInjection\ContainerInterface;
use Symfony\Component\HttpFoundation\Cookie;
use Symfony\Component\HttpFoundation\RedirectResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;

/**
 * The two requests of a login: start, and the callback at the redirect URI.
 *
 * The core does the protocol; this controller does the Drupal part: the
 * account (entity API), the session (user_login_finalize()), messages and the
 * log. Both routes are uncached (routing.yml "no_cache") and never follow a
 * "destination" query parameter to another site.
 */
final class LoginController extends ControllerBase {

  public function __construct(
    private readonly LoginFlowFactory $flows,
    private readonly DrupalUserGateway $users,
    private readonly DatabaseLinkStore $links,
    private readonly VisitorMessages $messages,
    private readonly LoggerInterface $logger,
  ) {
  }

  /**
   * {@inheritdoc}
   */
  public static function create(ContainerInterface $container): static {
    return new static(
      $container->get('infomaniak_connect.login_flow_factory'),
      $container->get('infomaniak_connect.user_gateway'),
      $container->get('infomaniak_connect.link_store'),
      $container->get('infomaniak_connect.visitor_messages'),
      $container->get('logger.channel.infomaniak_connect'),
    );
  }

  /**
   * Start: sets the login cookie and sends the visitor to the provider.
   */
  public function start(Request $request): Response {
    $query = $request->query->all();
    $returnPath = ReturnPath::fromDestination($query['destination'] ?? NULL, $request->getBasePath() . '/');
    // Drupal's redirect subscriber would replace the provider's URL with the
    // destination: it is carried in the signed cookie instead.
    $request->query->remove('destination');

    try {
      $start = $this->flows->create()->start($returnPath);
    }
    catch (\Throwable $e) {
      return $this->fail($e, $request);
    }

    // The provider's URL, built by the core from the configured issuer.
    $response = new TrustedRedirectResponse($start->authorizationUrl, 302);
    $response->getCacheableMetadata()->setCacheMaxAge(0);
    $attributes = $start->cookieAttributes;
    $response->headers->setCookie(Cookie::create(
      $start->cookieName,
      $start->cookieValue,
      time() + $attributes['max_age'],
      $attributes['path'],
      NULL,
      $attributes['secure'],
      $attributes['http_only'],
      TRUE,
      strtolower($attributes['same_site']),
    ));
    $response->headers->set('Cache-Control', 'no-store, private');
    return $response;
  }

  /**
   * The callback at /openid-connect-authorize.
   */
  public function authorize(Request $request): Response {
    $request->query->remove('destination');
    // The raw query: the core reads it (first value of each name wins).
    $query = (string) $request->server->get('QUERY_STRING', '');
    $cookies = [];
    foreach ($request->cookies->all() as $name => $value) {
      if (is_string($name) && str_starts_with($name, 'ikc_login_') && is_string($value)) {
        $cookies[$name] = $value;
      }
    }

    try {
      $result = $this->flows->create()->callback($query, $cookies, new Directory($this->users, $this->links));
    }
    catch (\Throwable $e) {
      return $this->fail($e, $request, $e instanceof CallbackFailed ? $e->clearCookieHeader() : NULL);
    }

    $role = $this->flows->settings()->newUserRole;
    $executor = new AccountExecutor($this->users, $this->links, $role === '' ? NULL : $role);
    try {
      $outcome = $executor->execute($result->decision, $result->identity);
    }
    catch (AccountRefused $e) {
      return $this->fail($e, $request, $result->clearCookieHeader);
    }

    $account = $this->entityTypeManager()->getStorage('user')->load($outcome->userId);
    if (!$account instanceof UserInterface || $account->isBlocked()) {
      return $this->fail(new AccountRefused(AccountRefused::MISSING, 'user ' . $outcome->userId . ' cannot be loaded'), $request, $result->clearCookieHeader);
    }

    if ($this->currentUser()->isAuthenticated()) {
      if ((string) $this->currentUser()->id() !== (string) $account->id()) {
        // Logged in as someone else in the meantime (another tab): never
        // switch accounts silently.
        return $this->fail(new AccountRefused(AccountRefused::OTHER_SESSION, 'the visitor is already logged in as user ' . $this->currentUser()->id()), $request, $result->clearCookieHeader);
      }
    }
    else {
      user_login_finalize($account);
    }

    $context = ['%name' => $account->getAccountName(), '@uid' => $account->id(), '@issuer' => $result->issuer()];
    switch ($outcome->action) {
      case 'create':
        $this->logger->notice('New user %name (@uid) created from a login with @issuer.', $context);
        $this->messenger()->addStatus($this->t('Welcome! Your account on this site was created with your Infomaniak identity.'));
        break;

      case 'link':
        $this->logger->notice('User %name (@uid) linked to an identity of @issuer by verified e-mail.', $context);
        $this->messenger()->addStatus($this->t('Your Infomaniak identity is now linked to your account on this site.'));
        break;

      default:
        $this->logger->info('User %name (@uid) logged in with @issuer.', $context);
    }

    $response = new RedirectResponse($request->getSchemeAndHttpHost() . $result->returnPath);
    $response->headers->set('Set-Cookie', $result->clearCookieHeader, FALSE);
    $response->headers->set('Cache-Control', 'no-store, private');
    return $response;
  }

  /**
   * Logs a failure, shows its message, and goes back to the login page.
   */
  private function fail(\Throwable $e, Request $request, ?string $clearCookie = NULL): Response {
    [$code, $detail] = match (TRUE) {
      $e instanceof ConnectException => [$e->errorCode(), $e->detail()],
      $e instanceof AccountRefused => [$e->code(), $e->detail()],
      default => ['core_unavailable', get_class($e) . ': ' . $e->getMessage()],
    };
    $level = match (TRUE) {
      $e instanceof CoreUnavailable, $code === 'core_unavailable', $code === 'config_invalid' => 'error',
      $code === 'access_denied' => 'info',
      default => 'warning',
    };
    $this->logger->log($level, 'Login with Infomaniak failed: @code (@detail)', [
      '@code' => $code,
      '@detail' => preg_replace('/[\x00-\x08\x0B-\x1F\x7F]/', ' ', $detail),
    ]);
    $this->messenger()->addError($this->messages->forCode($code));

    $target = $this->currentUser()->isAuthenticated() ? Url::fromRoute('<front>') : Url::fromRoute('user.login');
    $response = new RedirectResponse($target->setAbsolute()->toString(TRUE)->getGeneratedUrl());
    if ($clearCookie !== NULL && $clearCookie !== '') {
      $response->headers->set('Set-Cookie', $clearCookie, FALSE);
    }
    $response->headers->set('Cache-Control', 'no-store, private');
    return $response;
  }

}
