//! RP-initiated logout: the provider's end-session URL, when it has one.

use crate::config::Config;
use crate::error::Result;

/// The URL that ends the provider session, or `None` when the provider has no end-session endpoint.
pub fn logout_url(
    config: &Config,
    post_logout_redirect_uri: Option<&str>,
) -> Result<Option<String>> {
    let provider = config.resolve()?;
    let Some(endpoint) = provider.end_session_endpoint else {
        return Ok(None);
    };
    let Ok(mut url) = url::Url::parse(&endpoint) else {
        return Ok(None);
    };
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("client_id", &config.client_id);
        if let Some(target) = post_logout_redirect_uri.filter(|t| is_web_url(t)) {
            query.append_pair("post_logout_redirect_uri", target);
        }
    }
    Ok(Some(url.into()))
}

/// The provider only accepts absolute URLs it has registered; anything else is left out.
fn is_web_url(target: &str) -> bool {
    url::Url::parse(target).is_ok_and(|u| matches!(u.scheme(), "https" | "http"))
}
