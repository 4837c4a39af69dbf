<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Form;

use Drupal\Component\Utility\UrlHelper;
use Drupal\Core\Entity\EntityTypeManagerInterface;
use Drupal\Core\Form\ConfigFormBase;
use Drupal\Core\Form\FormStateInterface;
use Drupal\Core\Url;
use Drupal\infomaniak_connect\LoginFlowFactory;
use Drupal\infomaniak_connect\ModuleSettings;
use Symfony\Component\DependencyInjection\ContainerInterface;

/**
 * Configuration › People › Infomaniak Connect.
 *
 * The Client Secret is never rendered back. Values set in settings.php
 * ($config['infomaniak_connect.settings'][…]) win over this form: such
 * fields are shown disabled, with a note.
 */
final class SettingsForm extends ConfigFormBase {

  /**
   * The entity type manager (roles).
   */
  private EntityTypeManagerInterface $entityTypeManager;

  /**
   * The login flow factory (redirect URI, provider cache).
   */
  private LoginFlowFactory $flows;

  /**
   * {@inheritdoc}
   */
  public static function create(ContainerInterface $container) {
    $instance = parent::create($container);
    $instance->entityTypeManager = $container->get('entity_type.manager');
    $instance->flows = $container->get('infomaniak_connect.login_flow_factory');
    return $instance;
  }

  /**
   * {@inheritdoc}
   */
  public function getFormId() {
    return 'infomaniak_connect_settings';
  }

  /**
   * {@inheritdoc}
   */
  protected function getEditableConfigNames() {
    return [LoginFlowFactory::CONFIG];
  }

  /**
   * {@inheritdoc}
   */
  public function buildForm(array $form, FormStateInterface $form_state) {
    $stored = $this->config(LoginFlowFactory::CONFIG);
    $effective = $this->configFactory()->get(LoginFlowFactory::CONFIG);
    $overridden = fn (string $key): bool => $effective->hasOverrides($key);
    $overrideNote = $this->t('This value is set in settings.php and takes precedence over this form.');

    $form['redirect_uri'] = [
      '#type' => 'item',
      '#title' => $this->t('Redirect URI'),
      '#markup' => '<code>' . htmlspecialchars($this->flows->redirectUri(), ENT_QUOTES) . '</code>',
      '#description' => $this->t('In the Infomaniak Manager, create an OAuth2 application of type "Web Front-End" with exactly this URL, then paste its Client ID and Client Secret below.'),
    ];

    $form['client_id'] = [
      '#type' => 'textfield',
      '#title' => $this->t('Client ID'),
      '#default_value' => $overridden('client_id') ? $effective->get('client_id') : $stored->get('client_id'),
      '#maxlength' => 255,
      '#required' => !$overridden('client_id'),
      '#disabled' => $overridden('client_id'),
      '#description' => $overridden('client_id') ? $overrideNote : NULL,
      '#attributes' => ['autocomplete' => 'off'],
    ];

    $secretStored = (string) $stored->get('client_secret') !== '';
    if ($overridden('client_secret')) {
      $secretDescription = $this->t('The Client Secret is set in settings.php and takes precedence over this form.');
    }
    elseif ($secretStored) {
      $secretDescription = $this->t('A Client Secret is stored. Leave this field empty to keep it. It can also be set in settings.php: <code>$config[\'infomaniak_connect.settings\'][\'client_secret\'] = \'…\';</code>');
    }
    else {
      $secretDescription = $this->t('It can also be set in settings.php, which keeps it out of the database and configuration exports: <code>$config[\'infomaniak_connect.settings\'][\'client_secret\'] = \'…\';</code>');
    }
    $form['client_secret'] = [
      // A password element never renders its value back.
      '#type' => 'password',
      '#title' => $this->t('Client Secret'),
      '#maxlength' => 1024,
      '#required' => !$secretStored && !$overridden('client_secret'),
      '#disabled' => $overridden('client_secret'),
      '#description' => $secretDescription,
      '#attributes' => ['autocomplete' => 'new-password'],
    ];

    $form['button_label'] = [
      '#type' => 'textfield',
      '#title' => $this->t('Button label'),
      '#default_value' => $stored->get('button_label') ?: 'Log in with Infomaniak',
      '#maxlength' => 128,
      '#required' => TRUE,
    ];

    $form['accounts'] = [
      '#type' => 'fieldset',
      '#title' => $this->t('Accounts'),
    ];
    $form['accounts']['create_users'] = [
      '#type' => 'checkbox',
      '#title' => $this->t('Create an account for a new visitor'),
      '#default_value' => (bool) $stored->get('create_users'),
      '#description' => $this->t('When off, only visitors whose identity is already linked to an account (or linked by e-mail, below) can log in.'),
    ];
    $form['accounts']['new_user_role'] = [
      '#type' => 'select',
      '#title' => $this->t('Role of new accounts'),
      '#options' => ['' => $this->t('- Authenticated user only -')] + $this->grantableRoles(),
      '#default_value' => (string) $stored->get('new_user_role'),
      '#states' => ['visible' => [':input[name="create_users"]' => ['checked' => TRUE]]],
    ];
    $form['accounts']['link_by_email'] = [
      '#type' => 'checkbox',
      '#title' => $this->t('Link to an existing account with the same verified e-mail address'),
      '#default_value' => (bool) $stored->get('link_by_email'),
      '#description' => $this->t('Only when the provider says the address is verified. Off by default.'),
    ];
    $form['accounts']['link_administrators'] = [
      '#type' => 'checkbox',
      '#title' => $this->t('Allow such a link onto administrator accounts'),
      '#default_value' => (bool) $stored->get('link_administrators'),
      '#states' => ['visible' => [':input[name="link_by_email"]' => ['checked' => TRUE]]],
    ];

    $form['advanced'] = [
      '#type' => 'details',
      '#title' => $this->t('Advanced'),
      '#open' => $overridden('issuer') || ($stored->get('issuer') ?: ModuleSettings::DEFAULT_ISSUER) !== ModuleSettings::DEFAULT_ISSUER,
    ];
    $form['advanced']['issuer'] = [
      '#type' => 'url',
      '#title' => $this->t('Issuer'),
      '#default_value' => $overridden('issuer') ? $effective->get('issuer') : ($stored->get('issuer') ?: ModuleSettings::DEFAULT_ISSUER),
      '#disabled' => $overridden('issuer'),
      '#description' => $overridden('issuer') ? $overrideNote : $this->t('The OpenID Provider. Keep %default for Infomaniak.', ['%default' => ModuleSettings::DEFAULT_ISSUER]),
      '#maxlength' => 255,
    ];

    $form['status'] = [
      '#type' => 'item',
      '#markup' => $this->t('Whether this server can run the login is shown on the <a href=":url">Status report</a>.', [
        ':url' => Url::fromRoute('system.status')->toString(),
      ]),
    ];

    return parent::buildForm($form, $form_state);
  }

  /**
   * {@inheritdoc}
   */
  public function validateForm(array &$form, FormStateInterface $form_state) {
    parent::validateForm($form, $form_state);
    $issuer = rtrim(trim((string) $form_state->getValue('issuer')), '/');
    if ($issuer !== '' && !self::acceptableIssuer($issuer)) {
      $form_state->setErrorByName('issuer', $this->t('The issuer must be an https:// URL (http:// is accepted only for 127.0.0.1 and localhost, for tests).'));
    }
    $role = (string) $form_state->getValue('new_user_role');
    if ($role !== '' && !array_key_exists($role, $this->grantableRoles())) {
      $form_state->setErrorByName('new_user_role', $this->t('That role cannot be given to new accounts.'));
    }
  }

  /**
   * {@inheritdoc}
   */
  public function submitForm(array &$form, FormStateInterface $form_state) {
    $config = $this->config(LoginFlowFactory::CONFIG);
    $oldIssuer = (string) $config->get('issuer');
    $issuer = rtrim(trim((string) $form_state->getValue('issuer')), '/') ?: ModuleSettings::DEFAULT_ISSUER;

    $config
      ->set('client_id', trim((string) $form_state->getValue('client_id')))
      ->set('button_label', trim((string) $form_state->getValue('button_label')))
      ->set('create_users', (bool) $form_state->getValue('create_users'))
      ->set('new_user_role', (string) $form_state->getValue('new_user_role'))
      ->set('link_by_email', (bool) $form_state->getValue('link_by_email'))
      ->set('link_administrators', (bool) $form_state->getValue('link_administrators'))
      ->set('issuer', $issuer);
    $secret = trim((string) $form_state->getValue('client_secret'));
    if ($secret !== '') {
      $config->set('client_secret', $secret);
    }
    $config->save();

    if ($oldIssuer !== $issuer) {
      $this->flows->forgetProvider();
    }
    parent::submitForm($form, $form_state);
  }

  /**
   * Whether $issuer is https, or http on the loopback interface.
   */
  public static function acceptableIssuer(string $issuer): bool {
    if (!UrlHelper::isValid($issuer, TRUE)) {
      return FALSE;
    }
    $scheme = strtolower((string) parse_url($issuer, PHP_URL_SCHEME));
    $host = strtolower((string) parse_url($issuer, PHP_URL_HOST));
    return $scheme === 'https' || ($scheme === 'http' && in_array($host, ['127.0.0.1', 'localhost', '[::1]'], TRUE));
  }

  /**
   * Roles that may be given to new accounts: not the built-in ones, never an
   * administrator role.
   *
   * @return array<string, string>
   */
  private function grantableRoles(): array {
    $options = [];
    foreach ($this->entityTypeManager->getStorage('user_role')->loadMultiple() as $id => $role) {
      if (in_array($id, ['anonymous', 'authenticated'], TRUE) || (method_exists($role, 'isAdmin') && $role->isAdmin())) {
        continue;
      }
      $options[(string) $id] = (string) $role->label();
    }
    return $options;
  }

}
