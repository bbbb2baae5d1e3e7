//! The `Subscription` root: committed changes of projects and commitments, served on
//! `/graphql/ws`. Each event is read again through the request's loaders, so a payload says what
//! a query by the same caller would say, and a row no longer there is skipped.

use async_graphql::{
    Context, Error, ErrorExtensions, ID, Result, Subscription as SubscriptionRoot,
};
use futures::{Stream, StreamExt, future};

use crate::graphql::id::{NodeType, parse_opt_arg};
use crate::graphql::loaders::loaders;
use crate::graphql::types::change::{CommitmentChange, ProjectChange};
use crate::service::changes::{CommitmentChanges, Heard, ProjectChanges, follow};
use crate::service::events::Entity;
use crate::service::write::Services;

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
        let loaders = loaders(ctx)?;
        let heard = follow(&ctx.data::<Services>()?.events, Entity::Project);
        Ok(heard
            .then(move |heard| async move {
                let event = match heard {
                    Heard::Change(event) if filter.may_admit(event.id) => event,
                    Heard::Change(_) => return None,
                    Heard::Lagged(missed) => return Some(Err(fell_behind(missed))),
                };
                match loaders.projects.load_one(event.id).await {
                    Ok(Some(project)) if filter.admits(&project) => Some(Ok(ProjectChange {
                        kind: event.kind.into(),
                        project,
                        at: event.at,
                    })),
                    Ok(_) => None,
                    Err(err) => Some(Err(err)),
                }
            })
            .filter_map(future::ready))
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
        let loaders = loaders(ctx)?;
        let heard = follow(&ctx.data::<Services>()?.events, Entity::Commitment);
        Ok(heard
            .then(move |heard| async move {
                let event = match heard {
                    Heard::Change(event) => event,
                    Heard::Lagged(missed) => return Some(Err(fell_behind(missed))),
                };
                match loaders.commitments.load_one(event.id).await {
                    Ok(Some(commitment)) if filter.admits(&commitment) => {
                        Some(Ok(CommitmentChange {
                            kind: event.kind.into(),
                            commitment,
                            at: event.at,
                        }))
                    }
                    Ok(_) => None,
                    Err(err) => Some(Err(err)),
                }
            })
            .filter_map(future::ready))
    }
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
