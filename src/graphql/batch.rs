//! Batching without timers: the first resolver to ask for a key leads a batch, lets every sibling
//! resolver that runs in the same pass add its keys, then loads them all in one call.
//!
//! async-graphql's own `DataLoader` waits a fixed delay on a spawned task; on a busy machine the
//! task can fire while sibling resolvers are still registering keys, splitting one batch in two,
//! and at low load the delay is pure latency at every nesting level. Here the leader yields to the
//! executor until no new key arrives — sibling resolvers live in the same task, so one or two
//! yields gather them all — and the batch runs at once, deterministically.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use async_graphql::dataloader::Loader;
use futures::FutureExt;
use futures::future::Shared;
use tokio::sync::oneshot;

type Outcome<K, V> = Arc<Result<HashMap<K, V>, async_graphql::Error>>;

/// How many times a leader yields while its batch still grows, at most.
const MAX_GATHER_ROUNDS: usize = 16;

struct OpenBatch<K, V> {
    keys: Vec<K>,
    outcome: Shared<oneshot::Receiver<Outcome<K, V>>>,
}

/// Loads values by key through `T`, batching the keys asked for together.
pub struct BatchLoader<K, T: Loader<K>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
{
    loader: T,
    open: Mutex<Option<OpenBatch<K, T::Value>>>,
}

impl<K, T> BatchLoader<K, T>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    T: Loader<K, Error = async_graphql::Error>,
{
    pub fn new(loader: T) -> Self {
        Self {
            loader,
            open: Mutex::new(None),
        }
    }

    /// The value of `key`, or `None` when the loader found nothing for it.
    pub async fn load_one(&self, key: K) -> async_graphql::Result<Option<T::Value>> {
        let (outcome, leader) = self.join(key.clone());
        let outcome = match leader {
            Some(sender) => self.lead(sender).await,
            None => outcome
                .await
                .map_err(|_| async_graphql::Error::new("a batch was abandoned"))?,
        };
        match outcome.as_ref() {
            Ok(values) => Ok(values.get(&key).cloned()),
            Err(err) => Err(err.clone()),
        }
    }

    /// Adds `key` to the open batch, or opens one and returns the sender that makes this call
    /// its leader.
    #[expect(
        clippy::type_complexity,
        reason = "the shared outcome and the optional leader's sender belong together"
    )]
    fn join(
        &self,
        key: K,
    ) -> (
        Shared<oneshot::Receiver<Outcome<K, T::Value>>>,
        Option<oneshot::Sender<Outcome<K, T::Value>>>,
    ) {
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(batch) = open.as_mut() {
            batch.keys.push(key);
            return (batch.outcome.clone(), None);
        }
        let (sender, receiver) = oneshot::channel();
        let outcome = receiver.shared();
        *open = Some(OpenBatch {
            keys: vec![key],
            outcome: outcome.clone(),
        });
        (outcome, Some(sender))
    }

    async fn lead(&self, sender: oneshot::Sender<Outcome<K, T::Value>>) -> Outcome<K, T::Value> {
        let mut seen = 0;
        for _ in 0..MAX_GATHER_ROUNDS {
            let count = self.open_keys();
            if count == seen {
                break;
            }
            seen = count;
            tokio::task::yield_now().await;
        }
        let keys = {
            let mut open = self
                .open
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            open.take().map(|batch| batch.keys).unwrap_or_default()
        };
        let mut unique = Vec::with_capacity(keys.len());
        let mut known = std::collections::HashSet::with_capacity(keys.len());
        for key in keys {
            if known.insert(key.clone()) {
                unique.push(key);
            }
        }
        let outcome = Arc::new(self.loader.load(&unique).await);
        let _ = sender.send(Arc::clone(&outcome));
        outcome
    }

    fn open_keys(&self) -> usize {
        let open = self
            .open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        open.as_ref().map_or(0, |batch| batch.keys.len())
    }
}
