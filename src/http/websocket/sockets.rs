//! The instance's open sockets: how many there are in all and per credential (so that one client
//! cannot take them all), and the signal that closes them when the server stops.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use crate::auth::viewer::Principal;
use crate::config::SubscriptionLimits;
use crate::http::metrics;

/// What the per-credential limit counts: one API token, one account's login tokens (a user
/// signing in again gets a new token, not a new allowance), or, for anonymous sockets, one
/// client address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CredentialKey {
    ApiToken(i64),
    Account(i64),
    Address(IpAddr),
}

impl CredentialKey {
    pub fn of(principal: Option<&Principal>, client: IpAddr) -> Self {
        match principal {
            Some(Principal {
                api_token_id: Some(token),
                ..
            }) => Self::ApiToken(*token),
            Some(principal) => Self::Account(principal.user_id),
            None => Self::Address(client),
        }
    }
}

/// The registry of one instance's sockets.
pub struct Sockets {
    pub limits: SubscriptionLimits,
    open: Arc<Semaphore>,
    per_credential: Mutex<HashMap<CredentialKey, usize>>,
    stopping: watch::Sender<bool>,
}

/// A socket's place in the instance's count, given back when the socket closes.
pub struct Admitted(#[expect(dead_code, reason = "held for its Drop")] OwnedSemaphorePermit);

impl Drop for Admitted {
    fn drop(&mut self) {
        metrics::socket_closed();
    }
}

/// A socket's place in its credential's count, given back when the socket closes.
pub struct CredentialSlot {
    sockets: Arc<Sockets>,
    key: CredentialKey,
}

impl Drop for CredentialSlot {
    fn drop(&mut self) {
        let mut counts = self
            .sockets
            .per_credential
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.key);
            }
        }
    }
}

impl Sockets {
    pub fn new(limits: SubscriptionLimits) -> Arc<Self> {
        Arc::new(Self {
            limits,
            open: Arc::new(Semaphore::new(limits.max_connections)),
            per_credential: Mutex::new(HashMap::new()),
            stopping: watch::channel(false).0,
        })
    }

    /// A place for one more socket, unless the instance holds `CQS_WS_MAX_CONNECTIONS`.
    pub fn admit(&self) -> Option<Admitted> {
        let permit = Arc::clone(&self.open).try_acquire_owned().ok()?;
        metrics::socket_opened();
        Some(Admitted(permit))
    }

    /// A place for one more socket of this credential, unless it holds
    /// `CQS_WS_MAX_CONNECTIONS_PER_TOKEN`.
    pub fn admit_credential(self: &Arc<Self>, key: CredentialKey) -> Option<CredentialSlot> {
        let mut counts = self
            .per_credential
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let count = counts.entry(key).or_insert(0);
        if *count >= self.limits.max_connections_per_token {
            return None;
        }
        *count += 1;
        Some(CredentialSlot {
            sockets: Arc::clone(self),
            key,
        })
    }

    /// Changes to `true` when the server stops: every socket then closes with 1001.
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stopping.subscribe()
    }

    /// Tells every socket to close with 1001, and every socket opened from now on.
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// Tells every socket to close, then waits until they have (at most `within`), so that
    /// their close frames are sent before the process exits.
    pub async fn close_all(&self, within: Duration) {
        self.stop();
        let everyone = u32::try_from(self.limits.max_connections).unwrap_or(u32::MAX);
        let _ = tokio::time::timeout(within, self.open.acquire_many(everyone)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(total: usize, per_token: usize) -> SubscriptionLimits {
        SubscriptionLimits {
            max_connections: total,
            max_connections_per_token: per_token,
            ..SubscriptionLimits::default()
        }
    }

    #[test]
    fn the_instance_limit_is_given_back_when_a_socket_closes() {
        let sockets = Sockets::new(limits(1, 5));
        let first = sockets.admit();
        assert!(first.is_some());
        assert!(sockets.admit().is_none(), "the second socket is refused");
        drop(first);
        assert!(sockets.admit().is_some());
    }

    #[test]
    fn each_credential_has_its_own_allowance() {
        let sockets = Sockets::new(limits(10, 1));
        let token = sockets.admit_credential(CredentialKey::ApiToken(1));
        assert!(token.is_some());
        assert!(
            sockets
                .admit_credential(CredentialKey::ApiToken(1))
                .is_none()
        );
        assert!(
            sockets
                .admit_credential(CredentialKey::Account(1))
                .is_some()
        );
        drop(token);
        assert!(
            sockets
                .admit_credential(CredentialKey::ApiToken(1))
                .is_some()
        );
    }
}
