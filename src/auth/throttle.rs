//! Login throttling: repeated attempts for one email, or from one address, are slowed down before
//! any password is checked. Limits are per instance (each API node counts its own attempts).
//!
//! Every attempt makes a key, so the keyed maps would grow with every email an attacker invents:
//! every [`PRUNE_EVERY`] attempts the keys whose state is back to fresh are dropped, which bounds
//! the maps by the attempts of the last period rather than of the process's life.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

/// Five attempts at once for an email, then one more every 30 seconds.
const EMAIL_BURST: u32 = 5;
const EMAIL_PERIOD: Duration = Duration::from_secs(30);
/// Twenty attempts at once from an address, then one more every 3 seconds.
const ADDRESS_BURST: u32 = 20;
const ADDRESS_PERIOD: Duration = Duration::from_secs(3);
/// How many attempts pass between two prunings of the keyed maps.
pub const PRUNE_EVERY: u64 = 1024;

type Keyed<K, C> =
    RateLimiter<K, DefaultKeyedStateStore<K>, C, NoOpMiddleware<<C as Clock>::Instant>>;

pub struct LoginThrottle<C: Clock = DefaultClock> {
    by_email: Keyed<String, C>,
    by_address: Keyed<IpAddr, C>,
    attempts: AtomicU64,
}

fn quota(period: Duration, burst: u32) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::with_clock(DefaultClock::default())
    }
}

impl<C: Clock + Clone> LoginThrottle<C> {
    /// A throttle reading time from `clock` (the tests move a fake clock).
    pub fn with_clock(clock: C) -> Self {
        Self {
            by_email: RateLimiter::new(
                quota(EMAIL_PERIOD, EMAIL_BURST),
                DefaultKeyedStateStore::default(),
                clock.clone(),
            ),
            by_address: RateLimiter::new(
                quota(ADDRESS_PERIOD, ADDRESS_BURST),
                DefaultKeyedStateStore::default(),
                clock,
            ),
            attempts: AtomicU64::new(0),
        }
    }

    /// Counts one attempt; `false` when the email or the address has used up its attempts.
    /// The caller bounds the email's length before (it becomes a key of the map).
    pub fn allow(&self, normalized_email: &str, address: Option<IpAddr>) -> bool {
        if self.attempts.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.prune();
        }
        let email_ok = self
            .by_email
            .check_key(&normalized_email.to_owned())
            .is_ok();
        let address_ok = address.is_none_or(|ip| self.by_address.check_key(&ip).is_ok());
        email_ok && address_ok
    }

    /// Drops the keys that have not been throttled recently, and gives their memory back.
    pub fn prune(&self) {
        self.by_email.retain_recent();
        self.by_email.shrink_to_fit();
        self.by_address.retain_recent();
        self.by_address.shrink_to_fit();
    }

    /// How many emails and addresses the throttle holds state for.
    pub fn keys(&self) -> (usize, usize) {
        (self.by_email.len(), self.by_address.len())
    }
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;

    use super::*;

    #[test]
    fn an_email_is_throttled_after_its_burst_and_others_are_not() {
        let throttle = LoginThrottle::default();
        for _ in 0..EMAIL_BURST {
            assert!(throttle.allow("staff@cqs.ma", None));
        }
        assert!(!throttle.allow("staff@cqs.ma", None));
        assert!(throttle.allow("other@cqs.ma", None));
    }

    #[test]
    fn an_address_is_throttled_across_emails() {
        let throttle = LoginThrottle::default();
        let address: IpAddr = "192.0.2.7".parse().unwrap();
        for n in 0..ADDRESS_BURST {
            assert!(throttle.allow(&format!("user{n}@cqs.ma"), Some(address)));
        }
        assert!(!throttle.allow("fresh@cqs.ma", Some(address)));
    }

    #[test]
    fn pruning_drops_the_keys_whose_period_has_passed_and_keeps_the_throttled() {
        let clock = FakeRelativeClock::default();
        let throttle = LoginThrottle::with_clock(clock.clone());
        let address: IpAddr = "192.0.2.9".parse().unwrap();
        for n in 0..10 {
            throttle.allow(&format!("sprayed{n}@cqs.ma"), Some(address));
        }
        clock.advance(EMAIL_PERIOD * EMAIL_BURST);
        for _ in 0..=EMAIL_BURST {
            throttle.allow("target@cqs.ma", None);
        }
        assert_eq!(throttle.keys(), (11, 1));
        throttle.prune();
        assert_eq!(
            throttle.keys(),
            (1, 0),
            "only the email still held back stays"
        );
        assert!(
            !throttle.allow("target@cqs.ma", None),
            "and it is still held back"
        );
    }

    #[test]
    fn every_thousand_attempts_prune_the_maps_by_themselves() {
        let clock = FakeRelativeClock::default();
        let throttle = LoginThrottle::with_clock(clock.clone());
        for n in 0..PRUNE_EVERY - 1 {
            throttle.allow(&format!("user{n}@cqs.ma"), None);
        }
        assert_eq!(throttle.keys().0, (PRUNE_EVERY - 1) as usize);
        clock.advance(EMAIL_PERIOD * EMAIL_BURST);
        throttle.allow("one-more@cqs.ma", None);
        assert_eq!(
            throttle.keys().0,
            1,
            "the stale keys went before the new one came"
        );
    }
}
