<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect;

use Drupal\Component\Datetime\TimeInterface;
use Drupal\Core\Cache\CacheBackendInterface;
use Drupal\Core\Config\ConfigFactoryInterface;
use Drupal\Core\Language\LanguageInterface;
use Drupal\Core\Language\LanguageManagerInterface;
use Drupal\Core\PrivateKey;
use Drupal\Core\Routing\UrlGeneratorInterface;
use Drupal\Core\Site\Settings as SiteSettings;
use Drupal\infomaniak_connect\Cache\DrupalCache;
use Drupal\infomaniak_connect\Http\GuzzleTransport;
use GuzzleHttp\ClientInterface;
use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\LoginFlow;

/**
 * Builds the library's LoginFlow wired to Drupal.
 *
 * HTTP goes through "http_client" (Guzzle), provider metadata and keys are
 * cached in the "infomaniak_connect" cache bin, the clock is "datetime.time"
 * and the site key comes from the private key and the hash salt.
 */
final class LoginFlowFactory {

  public const CONFIG = 'infomaniak_connect.settings';

  public function __construct(
    private readonly CoreLoader $loader,
    private readonly ConfigFactoryInterface $configFactory,
    private readonly PrivateKey $privateKey,
    private readonly SiteSettings $siteSettings,
    private readonly ClientInterface $httpClient,
    private readonly CacheBackendInterface $cache,
    private readonly TimeInterface $time,
    private readonly UrlGeneratorInterface $urlGenerator,
    private readonly LanguageManagerInterface $languageManager,
  ) {
  }

  /**
   * The effective settings (settings.php overrides applied).
   */
  public function settings(): ModuleSettings {
    $data = $this->configFactory->get(self::CONFIG)->get();
    return ModuleSettings::fromConfig(is_array($data) ? $data : []);
  }

  /**
   * The absolute redirect URI to register in the Infomaniak Manager.
   *
   * Without language prefix, so it is the same URL for every language. The
   * URL's cacheability is collected rather than bubbled: this is called by
   * controllers that return a (cacheable) TrustedRedirectResponse, where
   * bubbled metadata would be "leaked metadata" (a LogicException).
   */
  public function redirectUri(): string {
    $options = ['absolute' => TRUE];
    $neutral = $this->languageManager->getLanguage(LanguageInterface::LANGCODE_NOT_APPLICABLE);
    if ($neutral !== NULL) {
      $options['language'] = $neutral;
    }
    return $this->urlGenerator->generateFromRoute('infomaniak_connect.authorize', [], $options, TRUE)->getGeneratedUrl();
  }

  /**
   * The site key (see SiteKeyDeriver).
   *
   * @throws \Infomaniak\Connect\ConnectException
   */
  public function siteKey(): string {
    return SiteKeyDeriver::derive((string) $this->privateKey->get(), (string) $this->siteSettings->getHashSalt());
  }

  /**
   * Whether logins can be attempted: the core loads and the settings are set.
   */
  public function ready(): bool {
    return $this->settings()->isComplete() && $this->loader->available();
  }

  /**
   * A login flow.
   *
   * @throws \Throwable
   *   CoreUnavailable or a missing library; ConnectException "config_invalid"
   *   when Client ID or Client Secret is missing.
   */
  public function create(): LoginFlow {
    $core = $this->loader->core();
    $settings = $this->settings();
    if (!$settings->isComplete()) {
      throw new ConnectException(
        'config_invalid',
        'Login with Infomaniak is not configured correctly on this site. Please contact the site administrator.',
        'missing setting(s): ' . implode(', ', $settings->missing()),
      );
    }
    return new LoginFlow(
      $core,
      $settings->toLibrarySettings($this->redirectUri()),
      $this->siteKey(),
      new GuzzleTransport($this->httpClient),
      new DrupalCache($this->cache, $this->time),
      new DrupalClock($this->time),
    );
  }

  /**
   * Empties the provider cache (after the issuer changed).
   */
  public function forgetProvider(): void {
    $this->cache->deleteAll();
  }

}
