//! What `/graphql/ws` holds its connections to (README, "Limits" and "Subscriptions"): how many
//! sockets an instance and one credential may keep open, how often the server pings, how long a
//! client may wait before it authenticates, and how often credentials are checked again.

use std::time::Duration;

use super::ConfigError;
use super::limits::{count, duration};

/// The bounds of the subscription endpoint; [`SubscriptionLimits::default`] gives the documented
/// defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubscriptionLimits {
    /// `CQS_WS_MAX_CONNECTIONS`: open sockets per instance; one more is closed with 1013 (Try
    /// Again Later), which clients retry, possibly on another instance.
    pub max_connections: usize,
    /// `CQS_WS_MAX_CONNECTIONS_PER_TOKEN`: open sockets per credential (one API token, or one
    /// account's login tokens) and, for anonymous sockets, per client address; one more is
    /// closed with 4403 (Forbidden).
    pub max_connections_per_token: usize,
    /// `CQS_WS_MAX_SUBSCRIPTIONS`: subscriptions running at once on one socket; one more is
    /// answered with a `TOO_MANY_SUBSCRIPTIONS` error (each costs a read per change it hears).
    pub max_subscriptions: usize,
    /// `CQS_WS_KEEPALIVE`: how often the server pings an idle socket, so that proxies keep it
    /// open and a dead peer is noticed.
    pub keepalive: Duration,
    /// `CQS_WS_INIT_TIMEOUT`: how long a socket may stay open without `connection_init`
    /// (closed with 4408 past it).
    pub init_timeout: Duration,
    /// `CQS_WS_AUTH_RECHECK`: how often a connection's credential is checked again, so that a
    /// revoked API token or a disabled account ends its subscriptions within this time (a login
    /// token's expiry ends them on the second).
    pub auth_recheck: Duration,
    /// `CQS_WS_REPLICA_WAIT`: with a read replica, how long a change waits for the replica to
    /// replay it before its row is read back from the primary instead (a subscriber hears it at
    /// most this late because of a lagging replica; a replica found behind is not waited for
    /// again until it has caught up).
    pub replica_wait: Duration,
}

impl Default for SubscriptionLimits {
    fn default() -> Self {
        Self {
            max_connections: 1_000,
            max_connections_per_token: 10,
            max_subscriptions: 50,
            keepalive: Duration::from_secs(15),
            init_timeout: Duration::from_secs(10),
            auth_recheck: Duration::from_secs(60),
            replica_wait: Duration::from_millis(200),
        }
    }
}

impl SubscriptionLimits {
    pub(super) fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut limits = Self::default();
        let count = |name, value: &mut usize| count(lookup, name, value);
        count("CQS_WS_MAX_CONNECTIONS", &mut limits.max_connections)?;
        count(
            "CQS_WS_MAX_CONNECTIONS_PER_TOKEN",
            &mut limits.max_connections_per_token,
        )?;
        count("CQS_WS_MAX_SUBSCRIPTIONS", &mut limits.max_subscriptions)?;
        let duration = |name, value: &mut Duration| duration(lookup, name, value);
        duration("CQS_WS_KEEPALIVE", &mut limits.keepalive)?;
        duration("CQS_WS_INIT_TIMEOUT", &mut limits.init_timeout)?;
        duration("CQS_WS_AUTH_RECHECK", &mut limits.auth_recheck)?;
        duration("CQS_WS_REPLICA_WAIT", &mut limits.replica_wait)?;
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscription_limits_default_to_the_documented_values_and_read_the_environment() {
        assert_eq!(
            SubscriptionLimits::from_lookup(&|_| None).unwrap(),
            SubscriptionLimits::default()
        );
        let limits = SubscriptionLimits::from_lookup(&|name| match name {
            "CQS_WS_MAX_CONNECTIONS" => Some("50".to_owned()),
            "CQS_WS_MAX_CONNECTIONS_PER_TOKEN" => Some("2".to_owned()),
            "CQS_WS_KEEPALIVE" => Some("30s".to_owned()),
            "CQS_WS_MAX_SUBSCRIPTIONS" => Some("5".to_owned()),
            "CQS_WS_AUTH_RECHECK" => Some("5m".to_owned()),
            "CQS_WS_REPLICA_WAIT" => Some("50ms".to_owned()),
            _ => None,
        })
        .unwrap();
        assert_eq!(limits.max_connections, 50);
        assert_eq!(limits.max_connections_per_token, 2);
        assert_eq!(limits.keepalive, Duration::from_secs(30));
        assert_eq!(limits.max_subscriptions, 5);
        assert_eq!(limits.auth_recheck, Duration::from_secs(300));
        assert_eq!(limits.init_timeout, Duration::from_secs(10));
        assert_eq!(limits.replica_wait, Duration::from_millis(50));
    }

    #[test]
    fn a_zero_or_unreadable_subscription_limit_stops_the_start() {
        for (name, text) in [
            ("CQS_WS_MAX_CONNECTIONS", "0"),
            ("CQS_WS_MAX_CONNECTIONS_PER_TOKEN", "many"),
            ("CQS_WS_KEEPALIVE", "0"),
            ("CQS_WS_MAX_SUBSCRIPTIONS", "-1"),
            ("CQS_WS_AUTH_RECHECK", "soon"),
            ("CQS_WS_REPLICA_WAIT", "0ms"),
        ] {
            let refused =
                SubscriptionLimits::from_lookup(&|asked| (asked == name).then(|| text.to_owned()));
            assert!(refused.is_err(), "{name}={text} is refused");
        }
    }
}
