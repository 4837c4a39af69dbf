<?php
/**
 * The library's HTTP transport on the WordPress HTTP API.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\Http\HttpResponse;
use Infomaniak\Connect\Http\Transport;

defined( 'ABSPATH' ) || exit;

/**
 * Sends the core's requests with wp_remote_request(): certificates verified, no redirects followed,
 * short timeouts, bounded size; honours WP_HTTP_BLOCK_EXTERNAL and the site's proxy settings.
 * Loaded only once the library is (it implements its interface).
 */
final class Http_Transport implements Transport {

	/** Largest accepted response body (discovery, JWKS, tokens are a few KB). */
	const MAX_BYTES = 1048576;

	/**
	 * Sends one request.
	 *
	 * @param HttpRequest $request The request.
	 * @return HttpResponse
	 * @throws ConnectException Code provider_unreachable on a network failure.
	 */
	public function send( HttpRequest $request ): HttpResponse {
		$args = array(
			'method'              => $request->method,
			'headers'             => $request->headers,
			'timeout'             => 10,
			'redirection'         => 0,
			'sslverify'           => true,
			'limit_response_size' => self::MAX_BYTES,
			'user-agent'          => 'InfomaniakConnect-WordPress/' . INFOMANIAK_CONNECT_VERSION . '; ' . home_url( '/' ),
		);
		if ( null !== $request->body ) {
			$args['body'] = $request->body;
		}
		/**
		 * Filters the arguments of wp_remote_request() for requests to the provider.
		 *
		 * @param array  $args The arguments.
		 * @param string $url  The URL, without query.
		 */
		$args     = apply_filters( 'infomaniak_connect_http_args', $args, $request->loggableUrl() );
		$response = wp_remote_request( $request->url, $args );
		if ( is_wp_error( $response ) ) {
			throw new ConnectException(
				ConnectException::PROVIDER_UNREACHABLE,
				ConnectException::MESSAGE_PROVIDER_UNAVAILABLE,
				$request->method . ' ' . $request->loggableUrl() . ': ' . $response->get_error_message()
			);
		}
		return new HttpResponse( (int) wp_remote_retrieve_response_code( $response ), (string) wp_remote_retrieve_body( $response ) );
	}
}
