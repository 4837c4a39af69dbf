<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Hook;

use Drupal\Core\Extension\Requirement\RequirementSeverity;
use Drupal\Core\Hook\Attribute\Hook;
use Drupal\infomaniak_connect\StatusReport;

/**
 * Status report lines on Drupal 11.2 and later.
 *
 * Earlier versions run infomaniak_connect_requirements() instead.
 */
final class RequirementsHooks {

  public function __construct(private readonly StatusReport $statusReport) {
  }

  /**
   * Implements hook_runtime_requirements().
   */
  #[Hook('runtime_requirements')]
  public function runtime(): array {
    $requirements = [];
    foreach ($this->statusReport->requirements() as $key => $requirement) {
      $requirement['severity'] = match ($requirement['severity']) {
        'error' => RequirementSeverity::Error,
        'warning' => RequirementSeverity::Warning,
        'info' => RequirementSeverity::Info,
        default => RequirementSeverity::OK,
      };
      $requirements[$key] = $requirement;
    }
    return $requirements;
  }

}
