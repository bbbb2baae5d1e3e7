//! What a subscriber hears: the committed changes of one kind of entity, read from the
//! [`EventBus`] through [`follow`] alone, and the filters a subscription narrows them with.
//!
//! The bus is the only source: whatever feeds it (in-process writes today, another instance's
//! writes relayed through PostgreSQL later) reaches subscribers without a change here.

use futures::Stream;
use futures::stream;
use tokio::sync::broadcast::error::RecvError;

use crate::entity::{commitment, project};
use crate::service::events::{ChangeEvent, Entity, EventBus};

/// One thing a subscriber hears.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heard {
    /// A committed change of the entity followed.
    Change(ChangeEvent),
    /// The subscriber fell this many events behind the bus's bounded buffer and missed them: it
    /// is told, and the stream ends there, so that a slow reader never holds writers back nor
    /// goes on with a silent gap.
    Lagged(u64),
}

/// The changes of `entity` from now on. The stream ends after a [`Heard::Lagged`], or when the
/// bus is gone.
pub fn follow(bus: &EventBus, entity: Entity) -> impl Stream<Item = Heard> + Send + 'static {
    stream::unfold(Some(bus.subscribe()), move |receiver| async move {
        let mut receiver = receiver?;
        loop {
            match receiver.recv().await {
                Ok(event) if event.entity == entity => {
                    return Some((Heard::Change(event), Some(receiver)));
                }
                Ok(_) => continue,
                Err(RecvError::Lagged(missed)) => return Some((Heard::Lagged(missed), None)),
                Err(RecvError::Closed) => return None,
            }
        }
    })
}

/// The arguments of `projectChanged`: only the changes of this center's projects, or of this
/// project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProjectChanges {
    pub center_id: Option<i64>,
    pub project_id: Option<i64>,
}

impl ProjectChanges {
    /// Whether the project with this id may match, before it is loaded.
    pub fn may_admit(&self, id: i64) -> bool {
        self.project_id.is_none_or(|wanted| wanted == id)
    }

    /// Whether the project, as loaded after the change, matches every argument given.
    pub fn admits(&self, project: &project::Model) -> bool {
        self.may_admit(project.id)
            && self
                .center_id
                .is_none_or(|wanted| wanted == project.center_id)
    }
}

/// The arguments of `commitmentChanged`: only the changes of this partner's commitments, or of
/// the commitments to this project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommitmentChanges {
    pub partner_id: Option<i64>,
    pub project_id: Option<i64>,
}

impl CommitmentChanges {
    /// Whether the commitment, as loaded after the change, matches every argument given.
    pub fn admits(&self, commitment: &commitment::Model) -> bool {
        self.partner_id
            .is_none_or(|wanted| wanted == commitment.partner_id)
            && self
                .project_id
                .is_none_or(|wanted| commitment.project_id == Some(wanted))
    }
}

#[cfg(test)]
mod tests {
    use futures::StreamExt;

    use super::*;
    use crate::service::events::ChangeKind;

    #[tokio::test]
    async fn a_follower_hears_only_its_entity_in_order() {
        let bus = EventBus::default();
        let heard = follow(&bus, Entity::Project);
        bus.publish(ChangeKind::Created, Entity::Project, 1);
        bus.publish(ChangeKind::Created, Entity::Commitment, 2);
        bus.publish(ChangeKind::StatusChanged, Entity::Project, 1);
        drop(bus);
        let heard: Vec<(ChangeKind, i64)> = heard
            .map(|heard| match heard {
                Heard::Change(event) => (event.kind, event.id),
                Heard::Lagged(_) => panic!("nothing was missed"),
            })
            .collect()
            .await;
        assert_eq!(
            heard,
            [(ChangeKind::Created, 1), (ChangeKind::StatusChanged, 1)]
        );
    }

    #[tokio::test]
    async fn a_follower_that_falls_behind_is_told_how_much_it_missed_and_ends() {
        let bus = EventBus::default();
        let heard = follow(&bus, Entity::Project);
        for id in 0..2_000 {
            bus.publish(ChangeKind::Updated, Entity::Project, id);
        }
        let heard: Vec<Heard> = heard.take(3).collect().await;
        assert!(
            matches!(heard.as_slice(), [Heard::Lagged(missed)] if *missed > 0),
            "told once, then the stream ends: {heard:?}"
        );
    }
}
