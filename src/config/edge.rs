//! What faces the network in front of the GraphQL layer (README, "Logs", "Metrics", "Rate
//! limits", "CORS", "Reverse proxies"): each setting is read here, within bounds, so that a typo
//! stops the start rather than silently opening or closing the door.

use std::net::SocketAddr;

use ipnet::IpNet;
use sea_orm::Iterable;

use super::ConfigError;
use crate::domain::role::Role;

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// One human-readable line per event (colours only at a terminal).
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// A token bucket: `per_second` cells come back each second, at most `burst` are held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub per_second: u32,
    pub burst: u32,
}

/// The most requests a second a limit may name; above it a limit protects nothing.
pub const MAX_RATE: u32 = 100_000;

/// Settings of the network edge; [`EdgeConfig::default`] gives the documented defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeConfig {
    /// `CQS_LOG_FORMAT`: `text` (default) or `json`.
    pub log_format: LogFormat,
    /// `CQS_METRICS_BIND`: when set, `/metrics` is served on this address only, not on `CQS_BIND`.
    pub metrics_bind: Option<SocketAddr>,
    /// `CQS_RATE_LIMIT_ANONYMOUS` (+ `_BURST`): GraphQL operations a second per client address
    /// without credentials; `None` when set to 0.
    pub anonymous_rate: Option<RateLimit>,
    /// `CQS_RATE_LIMIT_AUTHENTICATED` (+ `_BURST`): GraphQL operations a second per user (login
    /// or API token); `None` when set to 0.
    pub authenticated_rate: Option<RateLimit>,
    /// `CQS_RATE_LIMIT_<ROLE>` (+ `_BURST`), e.g. `CQS_RATE_LIMIT_STAFF`: the roles whose users
    /// get their own limit instead of the authenticated one (`None` when set to 0: unlimited).
    pub role_rates: Vec<(Role, Option<RateLimit>)>,
    /// `CQS_TRUSTED_PROXIES`: the proxies whose `X-Forwarded-For` / `Forwarded` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// `CQS_CORS_ORIGINS`: the browser origins allowed to call the API; empty = same origin only.
    pub cors_origins: Vec<String>,
}

impl Default for EdgeConfig {
    fn default() -> Self {
        Self {
            log_format: LogFormat::Text,
            metrics_bind: None,
            anonymous_rate: Some(RateLimit {
                per_second: 20,
                burst: 100,
            }),
            authenticated_rate: Some(RateLimit {
                per_second: 100,
                burst: 500,
            }),
            role_rates: Vec::new(),
            trusted_proxies: Vec::new(),
            cors_origins: Vec::new(),
        }
    }
}

impl EdgeConfig {
    pub(super) fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let set = |name: &str| lookup(name).filter(|text| !text.trim().is_empty());
        let mut config = Self::default();
        if let Some(text) = set("CQS_LOG_FORMAT") {
            config.log_format = match text.trim().to_ascii_lowercase().as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => return Err(ConfigError::LogFormat(text)),
            };
        }
        if let Some(text) = set("CQS_METRICS_BIND") {
            config.metrics_bind = Some(
                text.trim()
                    .parse()
                    .map_err(|_| ConfigError::MetricsBind(text.clone()))?,
            );
        }
        config.anonymous_rate = rate(&set, "ANONYMOUS", config.anonymous_rate)?;
        config.authenticated_rate = rate(&set, "AUTHENTICATED", config.authenticated_rate)?;
        for role in Role::iter() {
            let who = role_name(role);
            let name = format!("CQS_RATE_LIMIT_{who}");
            if set(&name).is_some() || set(&format!("{name}_BURST")).is_some() {
                let own = rate(&set, &who, config.authenticated_rate)?;
                config.role_rates.push((role, own));
            }
        }
        if let Some(text) = set("CQS_TRUSTED_PROXIES") {
            config.trusted_proxies = list(&text)
                .map(parse_network)
                .collect::<Option<_>>()
                .ok_or(ConfigError::TrustedProxies(text.clone()))?;
        }
        if let Some(text) = set("CQS_CORS_ORIGINS") {
            config.cors_origins = list(&text)
                .map(|origin| is_origin(origin).then(|| origin.to_owned()))
                .collect::<Option<_>>()
                .ok_or(ConfigError::CorsOrigins(text.clone()))?;
        }
        Ok(config)
    }
}

/// `CQS_RATE_LIMIT_<WHO>` (0 = off) and `CQS_RATE_LIMIT_<WHO>_BURST` (5 seconds' worth when
/// not set).
fn rate(
    set: &impl Fn(&str) -> Option<String>,
    who: &str,
    default: Option<RateLimit>,
) -> Result<Option<RateLimit>, ConfigError> {
    let name = format!("CQS_RATE_LIMIT_{who}");
    let burst_name = format!("{name}_BURST");
    let number = |name: &str, text: String| -> Result<u32, ConfigError> {
        text.trim()
            .parse()
            .ok()
            .filter(|n| *n <= MAX_RATE)
            .ok_or(ConfigError::RateLimit(name.to_owned(), text))
    };
    let per_second = match set(&name) {
        Some(text) => number(&name, text)?,
        None => default.map_or(0, |rate| rate.per_second),
    };
    let burst = match set(&burst_name) {
        Some(text) => Some(number(&burst_name, text.clone())?)
            .filter(|burst| *burst > 0)
            .ok_or(ConfigError::RateLimit(burst_name, text))?,
        None if set(&name).is_none() => default.map_or(0, |rate| rate.burst),
        None => per_second.saturating_mul(5),
    };
    Ok((per_second > 0).then_some(RateLimit { per_second, burst }))
}

/// `ADMIN`, `STAFF`…: the role as it is stored and as GraphQL spells it.
fn role_name(role: Role) -> String {
    use sea_orm::ActiveEnum;
    role.to_value()
}

fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// `10.0.0.0/8`, `2001:db8::/32`, or one address (`192.0.2.1`, a /32 or /128).
fn parse_network(text: &str) -> Option<IpNet> {
    text.parse()
        .ok()
        .or_else(|| text.parse::<std::net::IpAddr>().ok().map(IpNet::from))
}

/// `https://host` or `http://host:port`, as a browser writes its `Origin`: no path, no wildcard.
fn is_origin(text: &str) -> bool {
    let Some(host) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<EdgeConfig, ConfigError> {
        EdgeConfig::from_lookup(&|name| {
            pairs
                .iter()
                .find(|(asked, _)| *asked == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn the_edge_defaults_to_the_documented_values() {
        let config = read(&[]).unwrap();
        assert_eq!(config, EdgeConfig::default());
        assert_eq!(config.log_format, LogFormat::Text);
        assert_eq!(config.anonymous_rate.unwrap().per_second, 20);
        assert_eq!(config.anonymous_rate.unwrap().burst, 100);
        assert!(config.cors_origins.is_empty() && config.trusted_proxies.is_empty());
        assert_eq!(config.metrics_bind, None);
    }

    #[test]
    fn a_role_gets_its_own_rate_limit_only_when_one_is_set() {
        let config = read(&[
            ("CQS_RATE_LIMIT_AUTHENTICATED", "50"),
            ("CQS_RATE_LIMIT_STAFF", "300"),
            ("CQS_RATE_LIMIT_ADMIN", "0"),
            ("CQS_RATE_LIMIT_PARTNER_BURST", "900"),
        ])
        .unwrap();
        let own = |role| {
            config
                .role_rates
                .iter()
                .find(|(which, _)| *which == role)
                .map(|(_, rate)| *rate)
        };
        assert_eq!(
            own(Role::Staff),
            Some(Some(RateLimit {
                per_second: 300,
                burst: 1_500
            }))
        );
        assert_eq!(own(Role::Admin), Some(None), "0 means unlimited");
        assert_eq!(
            own(Role::Partner),
            Some(Some(RateLimit {
                per_second: 50,
                burst: 900
            })),
            "a burst alone keeps the authenticated rate"
        );
        assert_eq!(
            own(Role::Viewer),
            None,
            "no setting: the authenticated limit"
        );
        assert!(read(&[("CQS_RATE_LIMIT_VIEWER", "lots")]).is_err());
    }

    #[test]
    fn edge_settings_are_read_from_the_environment() {
        let config = read(&[
            ("CQS_LOG_FORMAT", "JSON"),
            ("CQS_METRICS_BIND", "127.0.0.1:9090"),
            ("CQS_RATE_LIMIT_ANONYMOUS", "0"),
            ("CQS_RATE_LIMIT_AUTHENTICATED", "7"),
            ("CQS_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1,2001:db8::/32"),
            (
                "CQS_CORS_ORIGINS",
                "https://app.cqs.ma, http://localhost:5173",
            ),
        ])
        .unwrap();
        assert_eq!(config.log_format, LogFormat::Json);
        assert_eq!(config.metrics_bind, Some("127.0.0.1:9090".parse().unwrap()));
        assert_eq!(config.anonymous_rate, None, "0 turns the limit off");
        assert_eq!(
            config.authenticated_rate,
            Some(RateLimit {
                per_second: 7,
                burst: 35
            }),
            "the burst defaults to five seconds' worth"
        );
        assert_eq!(config.trusted_proxies.len(), 3);
        assert!(
            config.trusted_proxies[1].contains(&"192.0.2.1".parse::<std::net::IpAddr>().unwrap())
        );
        assert_eq!(
            config.cors_origins,
            ["https://app.cqs.ma", "http://localhost:5173"]
        );
        let burst = read(&[("CQS_RATE_LIMIT_ANONYMOUS_BURST", "3")]).unwrap();
        assert_eq!(burst.anonymous_rate.unwrap().burst, 3);
        assert_eq!(burst.anonymous_rate.unwrap().per_second, 20);
    }

    #[test]
    fn bad_edge_settings_are_refused() {
        for (name, text) in [
            ("CQS_LOG_FORMAT", "yaml"),
            ("CQS_METRICS_BIND", "9090"),
            ("CQS_RATE_LIMIT_ANONYMOUS", "-1"),
            ("CQS_RATE_LIMIT_ANONYMOUS", "100001"),
            ("CQS_RATE_LIMIT_AUTHENTICATED", "fast"),
            ("CQS_RATE_LIMIT_ANONYMOUS_BURST", "0"),
            ("CQS_TRUSTED_PROXIES", "10.0.0.0/33"),
            ("CQS_TRUSTED_PROXIES", "proxy.internal"),
            ("CQS_CORS_ORIGINS", "*"),
            ("CQS_CORS_ORIGINS", "https://app.cqs.ma/path"),
            ("CQS_CORS_ORIGINS", "app.cqs.ma"),
        ] {
            assert!(read(&[(name, text)]).is_err(), "{name}={text} is refused");
        }
    }
}
