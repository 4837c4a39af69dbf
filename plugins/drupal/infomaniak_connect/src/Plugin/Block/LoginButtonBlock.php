<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Plugin\Block;

use Drupal\Core\Access\AccessResult;
use Drupal\Core\Block\Attribute\Block;
use Drupal\Core\Block\BlockBase;
use Drupal\Core\Plugin\ContainerFactoryPluginInterface;
use Drupal\Core\Session\AccountInterface;
use Drupal\Core\StringTranslation\TranslatableMarkup;
use Drupal\infomaniak_connect\LoginButton;
use Symfony\Component\DependencyInjection\ContainerInterface;

/**
 * Provides the "Log in with Infomaniak" button as a block.
 *
 * Both the attribute (Drupal 10.3 and later) and the annotation (Drupal 10.0
 * to 10.2) declare the plugin.
 *
 * @Block(
 *   id = "infomaniak_connect_login_button",
 *   admin_label = @Translation("Log in with Infomaniak"),
 *   category = @Translation("Forms")
 * )
 */
#[Block(
  id: 'infomaniak_connect_login_button',
  admin_label: new TranslatableMarkup('Log in with Infomaniak'),
  category: new TranslatableMarkup('Forms'),
)]
final class LoginButtonBlock extends BlockBase implements ContainerFactoryPluginInterface {

  /**
   * @param array<string, mixed> $configuration
   *   The plugin configuration.
   * @param string $plugin_id
   *   The plugin ID.
   * @param mixed $plugin_definition
   *   The plugin definition.
   * @param \Drupal\infomaniak_connect\LoginButton $button
   *   The button builder.
   */
  public function __construct(array $configuration, $plugin_id, $plugin_definition, private readonly LoginButton $button) {
    parent::__construct($configuration, $plugin_id, $plugin_definition);
  }

  /**
   * {@inheritdoc}
   */
  public static function create(ContainerInterface $container, array $configuration, $plugin_id, $plugin_definition): static {
    return new static($configuration, $plugin_id, $plugin_definition, $container->get('infomaniak_connect.login_button'));
  }

  /**
   * {@inheritdoc}
   */
  protected function blockAccess(AccountInterface $account) {
    return AccessResult::allowedIf($account->isAnonymous())->addCacheContexts(['user.roles:anonymous']);
  }

  /**
   * {@inheritdoc}
   */
  public function build() {
    return $this->button->build();
  }

}
