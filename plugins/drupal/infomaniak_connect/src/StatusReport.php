<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect;

use Drupal\Core\StringTranslation\StringTranslationTrait;
use Drupal\Core\Url;
use Infomaniak\Connect\CoreUnavailable;

/**
 * The module's lines on the Status report (Reports › Status report).
 *
 * Severity is given as "ok", "warning" or "error": the hook implementations
 * map it to the constants or enum of the running Drupal version.
 */
final class StatusReport {

  use StringTranslationTrait;

  public function __construct(
    private readonly CoreLoader $loader,
    private readonly LoginFlowFactory $flows,
  ) {
  }

  /**
   * The requirement entries.
   *
   * @return array<string, array{title: mixed, value: mixed, description?: mixed, severity: string}>
   */
  public function requirements(): array {
    $requirements = [];

    $error = $this->loader->error();
    if ($error === NULL) {
      $requirements['infomaniak_connect_core'] = [
        'title' => $this->t('Infomaniak Connect core library'),
        'value' => $this->t('Loaded (version @version)', ['@version' => $this->loader->version()]),
        'severity' => 'ok',
      ];
    }
    else {
      $detail = $error instanceof CoreUnavailable ? $error->detail() : $error->getMessage();
      $requirements['infomaniak_connect_core'] = [
        'title' => $this->t('Infomaniak Connect core library'),
        'value' => $this->t('Not available: "Log in with Infomaniak" cannot work on this server'),
        'description' => [
          '#type' => 'inline_template',
          '#template' => '<p>{{ intro }}</p><pre>{{ detail }}</pre>',
          '#context' => [
            'intro' => $this->t('The rest of the site is not affected. To fix it:'),
            'detail' => $detail,
          ],
        ],
        'severity' => 'error',
      ];
    }

    $settings = $this->flows->settings();
    $formUrl = Url::fromRoute('infomaniak_connect.settings')->toString();
    if ($settings->isComplete()) {
      $requirements['infomaniak_connect_settings'] = [
        'title' => $this->t('Infomaniak Connect settings'),
        'value' => $this->t('Configured'),
        'description' => $this->t('Redirect URI registered in the Infomaniak Manager must be: @uri', ['@uri' => $this->flows->redirectUri()]),
        'severity' => 'ok',
      ];
    }
    else {
      $requirements['infomaniak_connect_settings'] = [
        'title' => $this->t('Infomaniak Connect settings'),
        'value' => $this->t('Not configured'),
        'description' => $this->t('Enter the Client ID and Client Secret on the <a href=":url">Infomaniak Connect settings page</a>. The login button stays hidden until then.', [':url' => $formUrl]),
        'severity' => 'warning',
      ];
    }
    return $requirements;
  }

}
