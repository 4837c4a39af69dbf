<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect;

use Infomaniak\Connect\Settings;

/**
 * The module's configuration (infomaniak_connect.settings) as plain values.
 *
 * Built from the config object's raw data, with settings.php overrides
 * already applied by Drupal's config factory. No Drupal class is used, so the
 * mapping to the library's Settings is unit-tested alone.
 */
final class ModuleSettings {

  /**
   * Infomaniak's issuer, the default provider.
   *
   * The library's Settings::INFOMANIAK_ISSUER, written out: this class is used
   * on every page with the login button (user login form, block), where the
   * library is not loaded, and must work when it cannot be (the status report
   * explains why). ModuleSettingsTest keeps the two equal.
   */
  public const DEFAULT_ISSUER = 'https://login.infomaniak.com';

  /**
   * The path of the redirect URI (a Drupal route, see routing.yml).
   */
  public const CALLBACK_PATH = '/openid-connect-authorize';

  /**
   * @param string $clientId
   *   The OAuth2 app's Client ID.
   * @param string $clientSecret
   *   The app's Client Secret.
   * @param string $issuer
   *   The OpenID Provider (Infomaniak unless changed under "Advanced").
   * @param string $buttonLabel
   *   The button text (translated by config translation).
   * @param bool $createUsers
   *   Create a Drupal user for an unknown identity.
   * @param string $newUserRole
   *   The role given to created users ('' = authenticated only).
   * @param bool $linkByEmail
   *   Link an unknown identity to the user with the same verified e-mail.
   * @param bool $linkAdministrators
   *   Allow such a link onto administrators too.
   */
  public function __construct(
    public readonly string $clientId = '',
    public readonly string $clientSecret = '',
    public readonly string $issuer = self::DEFAULT_ISSUER,
    public readonly string $buttonLabel = 'Log in with Infomaniak',
    public readonly bool $createUsers = TRUE,
    public readonly string $newUserRole = '',
    public readonly bool $linkByEmail = FALSE,
    public readonly bool $linkAdministrators = FALSE,
  ) {
  }

  /**
   * From the config object's data (missing or mistyped keys get defaults).
   *
   * @param array<string, mixed> $data
   *   The result of $config->get() (with overrides).
   */
  public static function fromConfig(array $data): self {
    $string = static fn (string $key, string $default = ''): string
      => is_scalar($data[$key] ?? NULL) ? trim((string) $data[$key]) : $default;
    $bool = static fn (string $key, bool $default): bool
      => array_key_exists($key, $data) && $data[$key] !== NULL ? (bool) $data[$key] : $default;

    $issuer = rtrim($string('issuer'), '/');
    return new self(
      clientId: $string('client_id'),
      clientSecret: $string('client_secret'),
      issuer: $issuer === '' ? self::DEFAULT_ISSUER : $issuer,
      buttonLabel: $string('button_label') === '' ? 'Log in with Infomaniak' : $string('button_label'),
      createUsers: $bool('create_users', TRUE),
      newUserRole: $string('new_user_role'),
      linkByEmail: $bool('link_by_email', FALSE),
      linkAdministrators: $bool('link_administrators', FALSE),
    );
  }

  /**
   * Whether a login can be attempted (Client ID and Client Secret are set).
   */
  public function isComplete(): bool {
    return $this->missing() === [];
  }

  /**
   * The names of the settings still missing: "client_id", "client_secret".
   *
   * @return list<string>
   */
  public function missing(): array {
    $missing = [];
    if ($this->clientId === '') {
      $missing[] = 'client_id';
    }
    if ($this->clientSecret === '') {
      $missing[] = 'client_secret';
    }
    return $missing;
  }

  /**
   * The library's settings, for the site's redirect URI.
   */
  public function toLibrarySettings(string $redirectUri): Settings {
    return new Settings(
      clientId: $this->clientId,
      clientSecret: $this->clientSecret,
      redirectUri: $redirectUri,
      issuer: $this->issuer,
      requiredClaims: ['email'],
      createUsers: $this->createUsers,
      linkByEmail: $this->linkByEmail,
      linkAdministrators: $this->linkAdministrators,
    );
  }

}
