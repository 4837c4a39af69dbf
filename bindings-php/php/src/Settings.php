<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

/**
 * The site's login settings: what the admin pasted from the Infomaniak Manager, and the account
 * policy. Immutable; the core checks the values (issuer and redirect URI https, …).
 */
final class Settings
{
    /** Infomaniak's issuer: the core knows its endpoints, no discovery needed. */
    public const INFOMANIAK_ISSUER = 'https://login.infomaniak.com';

    /**
     * @param string $clientId the OAuth2 app's Client ID
     * @param string $clientSecret the app's Client Secret (needed for the token request)
     * @param string $redirectUri the site's absolute URL of /openid-connect-authorize
     * @param string $issuer the OpenID Provider; other issuers are found by discovery
     * @param list<string> $scopes the scopes to request (openid is always added)
     * @param string $tokenAuthMethod "client_secret_basic" or "client_secret_post"
     * @param bool $allowHs256 accept HS256 ID tokens signed with the client secret
     * @param list<string> $requiredClaims claims the site needs; userinfo is asked when the ID token lacks one
     * @param bool $createUsers create a CMS user for an unknown identity
     * @param bool $linkByEmail link an unknown identity to the user with the same verified e-mail
     * @param bool $linkAdministrators allow that link onto administrators too
     * @param int $clockTolerance seconds of clock skew tolerated in ID token times
     */
    public function __construct(
        public readonly string $clientId,
        public readonly string $clientSecret,
        public readonly string $redirectUri,
        public readonly string $issuer = self::INFOMANIAK_ISSUER,
        public readonly array $scopes = ['openid', 'profile', 'email'],
        public readonly string $tokenAuthMethod = 'client_secret_basic',
        public readonly bool $allowHs256 = false,
        public readonly array $requiredClaims = [],
        public readonly bool $createUsers = true,
        public readonly bool $linkByEmail = false,
        public readonly bool $linkAdministrators = false,
        public readonly int $clockTolerance = 60,
    ) {
    }

    /**
     * The core's `config` object, with the provider metadata (null where an operation needs none).
     *
     * @param array<string, mixed>|null $provider
     * @return array<string, mixed>
     */
    public function toConfig(?array $provider): array
    {
        return [
            'issuer' => $this->issuer,
            'client_id' => $this->clientId,
            'client_secret' => $this->clientSecret,
            'redirect_uri' => $this->redirectUri,
            'scopes' => array_values($this->scopes),
            'token_endpoint_auth_method' => $this->tokenAuthMethod,
            'provider' => $provider,
            'allow_hs256' => $this->allowHs256,
            'clock_tolerance' => $this->clockTolerance,
            'required_claims' => array_values($this->requiredClaims),
        ];
    }

    /**
     * The core's account `policy` object.
     *
     * @return array{create_users: bool, link_by_email: bool, link_administrators: bool}
     */
    public function toPolicy(): array
    {
        return [
            'create_users' => $this->createUsers,
            'link_by_email' => $this->linkByEmail,
            'link_administrators' => $this->linkAdministrators,
        ];
    }
}
