<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect;

use Drupal\Core\Extension\ModuleExtensionList;
use Drupal\Core\Site\Settings;

/**
 * Builds the CoreLoader from the module's location and settings.php.
 */
final class CoreLoaderFactory {

  /**
   * The service factory of "infomaniak_connect.core_loader".
   */
  public static function create(ModuleExtensionList $modules, Settings $settings): CoreLoader {
    $libraryDir = $settings->get('infomaniak_connect_library_dir');
    $nativeLibrary = $settings->get('infomaniak_connect_native_library');
    return new CoreLoader(
      DRUPAL_ROOT . '/' . $modules->getPath('infomaniak_connect'),
      is_string($libraryDir) && $libraryDir !== '' ? $libraryDir : NULL,
      is_string($nativeLibrary) && $nativeLibrary !== '' ? $nativeLibrary : NULL,
    );
  }

}
