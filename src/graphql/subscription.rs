//! The `Subscription` root: committed changes of projects and commitments, served on
//! `/graphql/ws`. Each change comes with its row read back once for the whole instance
//! ([`Changes`]); the payload is resolved like a query's, through the socket's loaders and the
//! caller's rights, so it says what a query by the same caller would say. A row no longer there
//! is skipped.

use async_graphql::{
    Context, Error, ErrorExtensions, ID, Result, Subscription as SubscriptionRoot,
};
use futures::{Stream, StreamExt, future};

use crate::graphql::error::SERVICE_UNAVAILABLE;
use crate::graphql::id::{NodeType, parse_opt_arg};
use crate::graphql::types::change::{CommitmentChange, ProjectChange};
use crate::service::changes::{Changes, CommitmentChanges, Heard, ProjectChanges, Reloaded, Row};
use crate::service::events::{ChangeEvent, Entity};

/// The `Subscription` root (its description is the impl's, which the schema reads).
#[derive(Default)]
pub struct Subscription;

/// The entry points for following changes as they are committed, over `/graphql/ws`
/// (`graphql-transport-ws`, or the legacy `graphql-ws`). A write that is refused or rolled back
/// is never reported. A subscriber too slow to keep up is told so by an error, and its
/// subscription ends: subscribe again, and catch up with a query.
#[SubscriptionRoot]
impl Subscription {
    /// Each committed change of a project: created, updated, or moved in its workflow.
    async fn project_changed<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "Only the projects accompanied by this center.")] center_id: Option<ID>,
        #[graphql(desc = "Only this project.")] project_id: Option<ID>,
    ) -> Result<impl Stream<Item = Result<ProjectChange>> + 'ctx> {
        let filter = ProjectChanges {
            center_id: parse_opt_arg(center_id.as_ref(), NodeType::Center, "centerId")?,
            project_id: parse_opt_arg(project_id.as_ref(), NodeType::Project, "projectId")?,
        };
        payloads(ctx, Entity::Project, move |event, row| match row {
            Row::Project(project) if filter.admits(project) => Some(ProjectChange {
                kind: event.kind.into(),
                project: project.clone(),
                at: event.at,
            }),
            _ => None,
        })
    }

    /// Each committed change of a commitment: created, updated (a disbursement recorded
    /// included), or moved in its workflow.
    async fn commitment_changed<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "Only the commitments of this partner.")] partner_id: Option<ID>,
        #[graphql(desc = "Only the commitments to this project.")] project_id: Option<ID>,
    ) -> Result<impl Stream<Item = Result<CommitmentChange>> + 'ctx> {
        let filter = CommitmentChanges {
            partner_id: parse_opt_arg(partner_id.as_ref(), NodeType::Partner, "partnerId")?,
            project_id: parse_opt_arg(project_id.as_ref(), NodeType::Project, "projectId")?,
        };
        payloads(ctx, Entity::Commitment, move |event, row| match row {
            Row::Commitment(commitment) if filter.admits(commitment) => Some(CommitmentChange {
                kind: event.kind.into(),
                commitment: commitment.clone(),
                at: event.at,
            }),
            _ => None,
        })
    }
}

/// The payloads `payload` makes of the changes of `entity` it admits, in order. A change whose
/// row is gone is skipped; one that could not be read back is an error item (the subscription
/// goes on); falling behind is the last item.
fn payloads<T: Send + 'static>(
    ctx: &Context<'_>,
    entity: Entity,
    payload: impl Fn(&ChangeEvent, &Row) -> Option<T> + Send + 'static,
) -> Result<impl Stream<Item = Result<T>> + 'static> {
    let heard = ctx.data::<Changes>()?.follow(entity);
    Ok(heard.filter_map(move |heard| {
        future::ready(match heard {
            Heard::Change(change) => match &change.reloaded {
                Reloaded::Row(row) => payload(&change.event, row).map(Ok),
                Reloaded::Gone => None,
                Reloaded::Failed => Some(Err(Error::new(
                    "a committed change could not be read back from the database: catch up \
                     with a query",
                )
                .extend_with(|_, extensions| extensions.set("code", SERVICE_UNAVAILABLE)))),
            },
            Heard::Lagged(missed) => Some(Err(fell_behind(missed))),
        })
    }))
}

/// The code of the last error of a subscription that could not keep up.
pub const SLOW_SUBSCRIBER: &str = "SLOW_SUBSCRIBER";

/// The last item of a subscription that could not keep up.
fn fell_behind(missed: u64) -> Error {
    Error::new(format!(
        "this subscriber fell behind and missed {missed} changes: the subscription ends; \
         subscribe again and catch up with a query"
    ))
    .extend_with(|_, extensions| extensions.set("code", SLOW_SUBSCRIBER))
}
