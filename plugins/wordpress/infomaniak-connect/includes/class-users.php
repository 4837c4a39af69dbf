<?php
/**
 * WordPress users: the link to an identity, and the execution of the core's decision.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

defined( 'ABSPATH' ) || exit;

/**
 * The core decides (log in, link, create); WordPress executes with its own APIs.
 * A linked identity is kept in the user meta infomaniak_connect_issuer + infomaniak_connect_subject.
 */
final class Users {

	/** User meta: the issuer of the linked identity. */
	const META_ISSUER = 'infomaniak_connect_issuer';

	/** User meta: the subject (sub) of the linked identity. */
	const META_SUBJECT = 'infomaniak_connect_subject';

	/** Seconds a login waits for the account lock before giving up with a retryable error. */
	const LOCK_WAIT = 20;

	/**
	 * Whether a user administers the site (or the network).
	 *
	 * @param \WP_User $user A user.
	 * @return bool
	 */
	public static function is_admin( \WP_User $user ) {
		return user_can( $user, 'manage_options' ) || is_super_admin( $user->ID );
	}

	/**
	 * The user linked to (issuer, subject), if any.
	 *
	 * @param string $issuer  Issuer.
	 * @param string $subject Subject.
	 * @return \WP_User|null
	 */
	public static function linked_user( $issuer, $subject ) {
		if ( '' === $issuer || '' === $subject ) {
			return null;
		}
		$users = get_users(
			array(
				'number'      => 1,
				'count_total' => false,
				'meta_query'  => array( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- one indexed look-up per login.
					'relation' => 'AND',
					array(
						'key'   => self::META_SUBJECT,
						'value' => $subject,
					),
					array(
						'key'   => self::META_ISSUER,
						'value' => $issuer,
					),
				),
			)
		);
		return $users ? $users[0] : null;
	}

	/**
	 * Executes the core's decision.
	 *
	 * @param array $decision {action: login|link|create, user_id | username, email, display_name}.
	 * @param array $identity The verified identity (issuer, subject, email, name…).
	 * @return \WP_User|\WP_Error
	 */
	public static function execute( array $decision, array $identity ) {
		$issuer  = (string) ( $identity['issuer'] ?? '' );
		$subject = (string) ( $identity['subject'] ?? '' );
		if ( '' === $issuer || '' === $subject ) {
			return new \WP_Error( 'user_failed', 'The identity has no issuer or subject.' );
		}
		switch ( $decision['action'] ?? '' ) {
			case 'login':
				$user = get_user_by( 'id', (int) ( $decision['user_id'] ?? 0 ) );
				$link = $user ? self::linked_user( $issuer, $subject ) : null;
				if ( ! $user || ! $link || $link->ID !== $user->ID ) {
					return new \WP_Error( 'user_failed', 'The linked user does not exist.' );
				}
				return $user;

			case 'link':
			case 'create':
				return self::locked(
					function () use ( $decision, $identity, $issuer, $subject ) {
						// Another request may have linked this identity since the decision: that
						// user is the identity's account now, as the core decides for a linked one.
						$linked = self::linked_user( $issuer, $subject );
						return $linked ? $linked : self::link_or_create( $decision, $identity, $issuer, $subject );
					}
				);
		}
		return new \WP_Error( 'user_failed', 'Unknown account decision.' );
	}

	/**
	 * Executes a link or create decision (under the account lock).
	 *
	 * @param array  $decision The decision.
	 * @param array  $identity The identity.
	 * @param string $issuer   Issuer.
	 * @param string $subject  Subject.
	 * @return \WP_User|\WP_Error
	 */
	private static function link_or_create( array $decision, array $identity, $issuer, $subject ) {
		switch ( $decision['action'] ) {
			case 'link':
				$user = get_user_by( 'id', (int) ( $decision['user_id'] ?? 0 ) );
				if ( ! $user ) {
					return new \WP_Error( 'user_failed', 'The user to link does not exist.' );
				}
				// The core already applied the policy; refuse again here, whatever it said.
				if ( ! Options::get( 'link_by_email' ) || ( self::is_admin( $user ) && ! Options::get( 'link_administrators' ) ) ) {
					return new \WP_Error( 'account_not_allowed', 'Linking onto this user is not allowed by the settings.' );
				}
				self::link( $user->ID, $issuer, $subject );
				return $user;

			case 'create':
				if ( ! Options::get( 'create_users' ) ) {
					return new \WP_Error( 'account_not_allowed', 'Creating users is off.' );
				}
				return self::create( $decision, $identity, $issuer, $subject );
		}
		return new \WP_Error( 'user_failed', 'Unknown account decision.' );
	}

	/**
	 * Runs $work holding this site's account lock (a MySQL/MariaDB named lock), so that two
	 * simultaneous first logins of one identity never create two users, and two new users never
	 * get the same username or e-mail address. Databases without named locks run $work unlocked.
	 *
	 * @param callable $work Returns a user or an error.
	 * @return \WP_User|\WP_Error
	 */
	private static function locked( callable $work ) {
		global $wpdb;
		// Named locks are server-wide: the name holds this site's database and table prefix.
		$name       = 'infomaniak_connect_accounts_' . md5( DB_NAME . '|' . $wpdb->prefix );
		$suppressed = $wpdb->suppress_errors( true );
		$got        = $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, %d)', $name, self::LOCK_WAIT ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a named lock, not data.
		$wpdb->suppress_errors( $suppressed );
		if ( '0' === $got ) {
			return new \WP_Error( 'account_busy', 'The account lock was busy for ' . self::LOCK_WAIT . ' s.' );
		}
		try {
			return $work();
		} finally {
			if ( '1' === $got ) {
				$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $name ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a named lock, not data.
			}
		}
	}

	/**
	 * Links a user to an identity (one identity per user; the last link wins).
	 *
	 * @param int    $user_id User ID.
	 * @param string $issuer  Issuer.
	 * @param string $subject Subject.
	 */
	public static function link( $user_id, $issuer, $subject ) {
		update_user_meta( $user_id, self::META_ISSUER, $issuer );
		update_user_meta( $user_id, self::META_SUBJECT, $subject );
		/**
		 * Fires when a user is linked to an identity of the provider.
		 *
		 * @param int    $user_id User ID.
		 * @param string $issuer  Issuer.
		 * @param string $subject Subject.
		 */
		do_action( 'infomaniak_connect_user_linked', $user_id, $issuer, $subject );
	}

	/**
	 * Removes a user's link.
	 *
	 * @param int $user_id User ID.
	 */
	public static function unlink( $user_id ) {
		delete_user_meta( $user_id, self::META_ISSUER );
		delete_user_meta( $user_id, self::META_SUBJECT );
	}

	/**
	 * Creates a user with a unique username and the configured role, and links it.
	 *
	 * @param array  $decision The decision (username, email, display_name).
	 * @param array  $identity The identity.
	 * @param string $issuer   Issuer.
	 * @param string $subject  Subject.
	 * @return \WP_User|\WP_Error
	 */
	private static function create( array $decision, array $identity, $issuer, $subject ) {
		$email = sanitize_email( (string) ( $decision['email'] ?? '' ) );
		// E-mail addresses are unique in WordPress. When this one already belongs to an account that
		// must not be linked, the new account gets none rather than touching the existing one.
		if ( '' === $email || ! is_email( $email ) || email_exists( $email ) ) {
			$email = '';
		}
		$display = sanitize_text_field( (string) ( $decision['display_name'] ?? '' ) );
		$login   = self::unique_username( (string) ( $decision['username'] ?? '' ), $email );

		$userdata = array(
			'user_login'   => $login,
			'user_email'   => $email,
			'user_pass'    => wp_generate_password( 32, true, true ),
			'display_name' => '' !== $display ? $display : $login,
			'nickname'     => '' !== $display ? $display : $login,
			'first_name'   => sanitize_text_field( (string) ( $identity['given_name'] ?? '' ) ),
			'last_name'    => sanitize_text_field( (string) ( $identity['family_name'] ?? '' ) ),
			'role'         => Options::default_role(),
		);
		/**
		 * Filters the data of a user created by a login with Infomaniak.
		 *
		 * @param array $userdata Arguments of wp_insert_user().
		 * @param array $identity The verified identity.
		 */
		$userdata = apply_filters( 'infomaniak_connect_new_user_data', $userdata, $identity );
		$user_id  = wp_insert_user( $userdata );
		if ( is_wp_error( $user_id ) ) {
			return new \WP_Error( 'user_failed', 'wp_insert_user: ' . $user_id->get_error_code() );
		}
		self::link( $user_id, $issuer, $subject );
		/**
		 * Fires after a login with Infomaniak created a user.
		 *
		 * @param int   $user_id  The new user's ID.
		 * @param array $identity The verified identity.
		 */
		do_action( 'infomaniak_connect_user_created', $user_id, $identity );
		return get_user_by( 'id', $user_id );
	}

	/**
	 * A username that does not exist yet, from the suggested one (or the e-mail's local part).
	 *
	 * @param string $suggested The core's suggestion.
	 * @param string $email     The e-mail address, possibly empty.
	 * @return string
	 */
	private static function unique_username( $suggested, $email ) {
		$base = sanitize_user( $suggested, true );
		if ( '' === $base && '' !== $email ) {
			$base = sanitize_user( strstr( $email, '@', true ), true );
		}
		$base = substr( trim( $base ), 0, 50 );
		if ( '' === $base ) {
			$base = 'user';
		}
		$login = $base;
		for ( $i = 2; username_exists( $login ) || ! validate_username( $login ); $i++ ) {
			$login = $base . $i;
			if ( $i > 1000 ) {
				$login = $base . '-' . wp_generate_password( 6, false );
				break;
			}
		}
		return $login;
	}
}
