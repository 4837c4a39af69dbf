<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect;

use Drupal\Core\Config\ConfigFactoryInterface;
use Drupal\Core\Routing\RedirectDestinationInterface;
use Drupal\Core\Url;

/**
 * The "Log in with Infomaniak" button: a plain link to the start route.
 *
 * No JavaScript and no third-party request: a link, a few lines of CSS
 * (the "login-button" library). Because it is a link, a cached page never
 * carries a login state; the state is made when the link is followed.
 */
final class LoginButton {

  public function __construct(
    private readonly ConfigFactoryInterface $configFactory,
    private readonly RedirectDestinationInterface $redirectDestination,
  ) {
  }

  /**
   * The button's render array (empty, but cacheable, when not configured).
   *
   * @return array<string, mixed>
   *   A render array.
   */
  public function build(): array {
    $config = $this->configFactory->get(LoginFlowFactory::CONFIG);
    $settings = ModuleSettings::fromConfig(is_array($config->get()) ? $config->get() : []);
    $cache = [
      'tags' => $config->getCacheTags(),
      'contexts' => ['url.path', 'url.query_args', 'languages:language_interface'],
    ];
    if (!$settings->isComplete()) {
      return ['#cache' => $cache];
    }
    return [
      '#type' => 'container',
      '#attributes' => ['class' => ['infomaniak-connect']],
      'link' => [
        '#type' => 'link',
        '#title' => $settings->buttonLabel,
        '#url' => Url::fromRoute('infomaniak_connect.login', [], [
          'query' => ['destination' => $this->redirectDestination->get()],
        ]),
        '#attributes' => [
          'class' => ['infomaniak-connect__button', 'button'],
          'rel' => 'nofollow',
        ],
      ],
      '#attached' => ['library' => ['infomaniak_connect/login-button']],
      '#cache' => $cache,
    ];
  }

}
