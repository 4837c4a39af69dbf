<?php
/**
 * The library's clock.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

defined( 'ABSPATH' ) || exit;

/**
 * The current time, filterable (infomaniak_connect_now) so that expiry can be tested end to end.
 * Loaded only once the library is (it implements its interface).
 */
final class Clock implements \Infomaniak\Connect\Clock {

	/**
	 * Unix time in seconds.
	 *
	 * @return int
	 */
	public function now(): int {
		/**
		 * Filters the time the login flow uses (unix seconds).
		 *
		 * @param int $now The current time.
		 */
		return (int) apply_filters( 'infomaniak_connect_now', time() );
	}
}
