//! Per-caller rate limits on GraphQL operations (README, "Rate limits"): a user (by login or API
//! token) is counted by its id wherever it calls from, under its role's limit when one is set,
//! anyone else by its client address. Each operation of a request costs one cell, so a batch of
//! ten costs ten. Limits are per instance.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Weak};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::auth::viewer::Viewer;
use crate::config::RateLimit;
use crate::domain::role::Role;

/// How often keys whose buckets are full again are forgotten, so memory follows the callers of
/// the last moments rather than every address ever seen.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Who a request is counted against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Caller {
    User(i64, Role),
    Address(IpAddr),
}

impl Caller {
    /// A signed-in viewer by its user, wherever it calls from; anyone else by its address.
    pub fn of(viewer: &Viewer, client: IpAddr) -> Self {
        viewer.principal().map_or(Caller::Address(client), |user| {
            Caller::User(user.user_id, user.role)
        })
    }
}

pub struct RateLimits {
    anonymous: Option<DefaultKeyedRateLimiter<IpAddr>>,
    authenticated: Option<DefaultKeyedRateLimiter<i64>>,
    /// The roles with a limit of their own (`None`: unlimited), instead of `authenticated`.
    by_role: HashMap<Role, Option<DefaultKeyedRateLimiter<i64>>>,
}

fn limiter<K: Hash + Eq + Clone>(rate: Option<RateLimit>) -> Option<DefaultKeyedRateLimiter<K>> {
    let rate = rate?;
    let per_second = NonZeroU32::new(rate.per_second)?;
    let burst = NonZeroU32::new(rate.burst).unwrap_or(per_second);
    Some(RateLimiter::keyed(
        Quota::per_second(per_second).allow_burst(burst),
    ))
}

fn charge<K: Hash + Eq + Clone>(
    limiter: Option<&DefaultKeyedRateLimiter<K>>,
    key: &K,
    cells: u32,
) -> Result<(), Duration> {
    let Some(limiter) = limiter else {
        return Ok(());
    };
    let cells = NonZeroU32::new(cells).unwrap_or(NonZeroU32::MIN);
    match limiter.check_key_n(key, cells) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(not_until)) => Err(not_until.wait_time_from(DefaultClock::default().now())),
        // More cells than the burst holds: charge what it holds, so a large batch waits for a
        // full bucket instead of being refused forever.
        Err(insufficient) => {
            let most = NonZeroU32::new(insufficient.0).unwrap_or(NonZeroU32::MIN);
            match limiter.check_key_n(key, most) {
                Ok(Ok(())) => Ok(()),
                Ok(Err(not_until)) => Err(not_until.wait_time_from(DefaultClock::default().now())),
                Err(_) => Err(Duration::from_secs(1)),
            }
        }
    }
}

impl RateLimits {
    /// The limiters, and a task that prunes them for as long as they live.
    pub fn start(
        anonymous: Option<RateLimit>,
        authenticated: Option<RateLimit>,
        role_rates: &[(Role, Option<RateLimit>)],
    ) -> Arc<Self> {
        let limits = Arc::new(Self {
            anonymous: limiter(anonymous),
            authenticated: limiter(authenticated),
            by_role: role_rates
                .iter()
                .map(|(role, rate)| (*role, limiter(*rate)))
                .collect(),
        });
        let weak: Weak<Self> = Arc::downgrade(&limits);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(PRUNE_EVERY);
            every.tick().await;
            loop {
                every.tick().await;
                let Some(limits) = weak.upgrade() else {
                    return;
                };
                limits.prune();
            }
        });
        limits
    }

    /// Charges `operations` cells to `caller`; the wait before it may call again when refused.
    pub fn check(&self, caller: Caller, operations: usize) -> Result<(), Duration> {
        let cells = u32::try_from(operations).unwrap_or(u32::MAX);
        match caller {
            Caller::User(id, role) => {
                let limiter = match self.by_role.get(&role) {
                    Some(own) => own.as_ref(),
                    None => self.authenticated.as_ref(),
                };
                charge(limiter, &id, cells)
            }
            Caller::Address(address) => charge(self.anonymous.as_ref(), &address, cells),
        }
    }

    fn prune(&self) {
        if let Some(limiter) = &self.anonymous {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        let users = self.by_role.values().flatten();
        for limiter in self.authenticated.iter().chain(users) {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// Whole seconds to announce in `Retry-After`: never 0, which would invite a retry storm.
    pub fn retry_after_seconds(wait: Duration) -> u64 {
        wait.as_secs() + u64::from(wait.subsec_nanos() > 0 || wait.is_zero())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(per_second: u32, burst: u32) -> Option<RateLimit> {
        Some(RateLimit { per_second, burst })
    }

    #[tokio::test]
    async fn a_caller_is_refused_after_its_burst_and_others_are_not() {
        let limits = RateLimits::start(rate(1, 2), rate(1, 3), &[]);
        let address = Caller::Address("192.0.2.1".parse().unwrap());
        assert!(limits.check(address, 1).is_ok());
        assert!(limits.check(address, 1).is_ok());
        let wait = limits.check(address, 1).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(1));
        assert!(
            limits
                .check(Caller::Address("192.0.2.2".parse().unwrap()), 1)
                .is_ok()
        );
        assert!(
            limits.check(Caller::User(7, Role::Viewer), 3).is_ok(),
            "a batch of three"
        );
        assert!(limits.check(Caller::User(7, Role::Viewer), 1).is_err());
        assert!(limits.check(Caller::User(8, Role::Viewer), 1).is_ok());
    }

    #[tokio::test]
    async fn a_batch_larger_than_the_burst_waits_for_a_full_bucket() {
        let limits = RateLimits::start(rate(1, 2), None, &[]);
        let address = Caller::Address("192.0.2.1".parse().unwrap());
        assert!(limits.check(address, 10).is_ok());
        assert!(limits.check(address, 1).is_err());
        assert!(
            limits.check(Caller::User(1, Role::Viewer), 1_000).is_ok(),
            "no authenticated limit"
        );
    }

    #[tokio::test]
    async fn a_role_with_its_own_limit_is_held_to_it_and_other_roles_to_the_common_one() {
        let limits = RateLimits::start(
            None,
            rate(1, 2),
            &[(Role::Staff, rate(1, 5)), (Role::Admin, None)],
        );
        for _ in 0..5 {
            assert!(limits.check(Caller::User(1, Role::Staff), 1).is_ok());
        }
        assert!(limits.check(Caller::User(1, Role::Staff), 1).is_err());
        assert!(limits.check(Caller::User(2, Role::Partner), 2).is_ok());
        assert!(
            limits.check(Caller::User(2, Role::Partner), 1).is_err(),
            "a role without its own limit has the authenticated one"
        );
        assert!(
            limits.check(Caller::User(3, Role::Admin), 10_000).is_ok(),
            "a role set to 0 is not limited"
        );
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(RateLimits::retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(RateLimits::retry_after_seconds(Duration::ZERO), 1);
        assert_eq!(RateLimits::retry_after_seconds(Duration::from_secs(2)), 2);
        assert_eq!(
            RateLimits::retry_after_seconds(Duration::from_millis(2_100)),
            3
        );
    }
}
