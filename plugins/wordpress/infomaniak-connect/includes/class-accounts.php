<?php
/**
 * The look-ups the core needs, answered from WordPress users.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

use Infomaniak\Connect\Accounts\AccountDirectory;
use Infomaniak\Connect\Accounts\KnownUser;

defined( 'ABSPATH' ) || exit;

/**
 * The library's account directory. Loaded only once the library is (it implements its interface).
 */
final class Accounts implements AccountDirectory {

	/**
	 * The user linked to (issuer, subject), if any.
	 *
	 * @param string $issuer  Issuer.
	 * @param string $subject Subject.
	 * @return KnownUser|null
	 */
	public function findLinked( string $issuer, string $subject ): ?KnownUser { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName -- the library's interface.
		$user = Users::linked_user( $issuer, $subject );
		return $user ? self::known( $user ) : null;
	}

	/**
	 * The user with this e-mail address, if any.
	 *
	 * @param string $email E-mail address.
	 * @return KnownUser|null
	 */
	public function findByEmail( string $email ): ?KnownUser { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName -- the library's interface.
		$user = '' === $email ? false : get_user_by( 'email', $email );
		return $user ? self::known( $user ) : null;
	}

	/**
	 * A WordPress user as the library sees it.
	 *
	 * @param \WP_User $user A user.
	 * @return KnownUser
	 */
	private static function known( \WP_User $user ) {
		return new KnownUser( (string) $user->ID, Users::is_admin( $user ) );
	}
}
