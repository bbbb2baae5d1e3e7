//! Login throttling: repeated attempts for one email, or from one address, are slowed down before
//! any password is checked. Limits are per instance (each API node counts its own attempts).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Five attempts at once for an email, then one more every 30 seconds.
const EMAIL_BURST: u32 = 5;
const EMAIL_PERIOD: Duration = Duration::from_secs(30);
/// Twenty attempts at once from an address, then one more every 3 seconds.
const ADDRESS_BURST: u32 = 20;
const ADDRESS_PERIOD: Duration = Duration::from_secs(3);

pub struct LoginThrottle {
    by_email: DefaultKeyedRateLimiter<String>,
    by_address: DefaultKeyedRateLimiter<IpAddr>,
}

fn quota(period: Duration, burst: u32) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            by_email: RateLimiter::keyed(quota(EMAIL_PERIOD, EMAIL_BURST)),
            by_address: RateLimiter::keyed(quota(ADDRESS_PERIOD, ADDRESS_BURST)),
        }
    }
}

impl LoginThrottle {
    /// Counts one attempt; `false` when the email or the address has used up its attempts.
    pub fn allow(&self, normalized_email: &str, address: Option<IpAddr>) -> bool {
        let email_ok = self
            .by_email
            .check_key(&normalized_email.to_owned())
            .is_ok();
        let address_ok = address.is_none_or(|ip| self.by_address.check_key(&ip).is_ok());
        email_ok && address_ok
    }
}

#[cfg(test)]
mod tests {
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
}
