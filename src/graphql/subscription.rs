//! The `Subscription` root: committed changes of projects and commitments, and of the center's
//! own work (funding requests, accompaniment sessions, events, indicators, management
//! agreements), served on
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
use crate::graphql::types::change::{
    CommitmentChange, EventChange, FundingRequestChange, IndicatorChange,
    ManagementAgreementChange, ProjectChange, SupportSessionChange,
};
use crate::service::changes::{
    Changes, CommitmentChanges, EventChanges, FundingRequestChanges, Heard, IndicatorChanges,
    ManagementAgreementChanges, ProjectChanges, Reloaded, Row, SupportSessionChanges,
};
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

    /// Each committed change of a funding request: created, its amount changed, or moved in
    /// its workflow (sent, accepted, declined, withdrawn).
    async fn funding_request_changed<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "Only the requests for this project.")] project_id: Option<ID>,
        #[graphql(desc = "Only the requests to this partner.")] partner_id: Option<ID>,
    ) -> Result<impl Stream<Item = Result<FundingRequestChange>> + 'ctx> {
        let filter = FundingRequestChanges {
            project_id: parse_opt_arg(project_id.as_ref(), NodeType::Project, "projectId")?,
            partner_id: parse_opt_arg(partner_id.as_ref(), NodeType::Partner, "partnerId")?,
        };
        payloads(ctx, Entity::FundingRequest, move |event, row| match row {
            Row::FundingRequest(request) if filter.admits(request) => Some(FundingRequestChange {
                kind: event.kind.into(),
                funding_request: request.clone(),
                at: event.at,
            }),
            _ => None,
        })
    }

    /// Each committed change of an accompaniment session: recorded, corrected, or removed
    /// (REMOVED, with the session's id only).
    async fn support_session_changed<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "Only the sessions of this center.")] center_id: Option<ID>,
        #[graphql(desc = "Only the sessions with this association or cooperative.")]
        organization_id: Option<ID>,
    ) -> Result<impl Stream<Item = Result<SupportSessionChange>> + 'ctx> {
        let filter = SupportSessionChanges {
            center_id: parse_opt_arg(center_id.as_ref(), NodeType::Center, "centerId")?,
            organization_id: parse_opt_arg(
                organization_id.as_ref(),
                NodeType::Organization,
                "organizationId",
            )?,
        };
        let removed = move |event: &ChangeEvent| {
            filter
                .admits_removed(event.scope)
                .then(|| SupportSessionChange {
                    kind: event.kind.into(),
                    id: event.id,
                    support_session: None,
                    at: event.at,
                })
        };
        followed(
            ctx,
            Entity::SupportSession,
            removed,
            move |event, row| match row {
                Row::SupportSession(session) if filter.admits(session) => {
                    Some(SupportSessionChange {
                        kind: event.kind.into(),
                        id: session.id,
                        support_session: Some(session.clone()),
                        at: event.at,
                    })
                }
                _ => None,
            },
        )
    }

    /// Each committed change of an event: created, updated, or one of its participants added,
    /// changed (their attendance recorded) or removed, reported as UPDATED.
    async fn event_changed<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "Only the events of this center.")] center_id: Option<ID>,
        #[graphql(desc = "Only this event.")] event_id: Option<ID>,
    ) -> Result<impl Stream<Item = Result<EventChange>> + 'ctx> {
        let filter = EventChanges {
            center_id: parse_opt_arg(center_id.as_ref(), NodeType::Center, "centerId")?,
            event_id: parse_opt_arg(event_id.as_ref(), NodeType::Event, "eventId")?,
        };
        payloads(ctx, Entity::Event, move |change, row| match row {
            Row::Event(event) if filter.admits(event) => Some(EventChange {
                kind: change.kind.into(),
                event: event.clone(),
                at: change.at,
            }),
            _ => None,
        })
    }

    /// Each committed change of an indicator: created, updated, or a measurement recorded,
    /// corrected or removed, reported as UPDATED.
    async fn indicator_changed<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "Only the indicators of this center.")] center_id: Option<ID>,
        #[graphql(desc = "Only the indicators of this program.")] program_id: Option<ID>,
    ) -> Result<impl Stream<Item = Result<IndicatorChange>> + 'ctx> {
        let filter = IndicatorChanges {
            center_id: parse_opt_arg(center_id.as_ref(), NodeType::Center, "centerId")?,
            program_id: parse_opt_arg(program_id.as_ref(), NodeType::Program, "programId")?,
        };
        payloads(ctx, Entity::Indicator, move |event, row| match row {
            Row::Indicator(indicator) if filter.admits(indicator) => Some(IndicatorChange {
                kind: event.kind.into(),
                indicator: indicator.clone(),
                at: event.at,
            }),
            _ => None,
        })
    }

    /// Each committed change of a management agreement: created, updated, or moved in its
    /// workflow.
    async fn management_agreement_changed<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "Only the agreements of this center.")] center_id: Option<ID>,
    ) -> Result<impl Stream<Item = Result<ManagementAgreementChange>> + 'ctx> {
        let filter = ManagementAgreementChanges {
            center_id: parse_opt_arg(center_id.as_ref(), NodeType::Center, "centerId")?,
        };
        payloads(
            ctx,
            Entity::ManagementAgreement,
            move |event, row| match row {
                Row::ManagementAgreement(agreement) if filter.admits(agreement) => {
                    Some(ManagementAgreementChange {
                        kind: event.kind.into(),
                        management_agreement: agreement.clone(),
                        at: event.at,
                    })
                }
                _ => None,
            },
        )
    }
}

/// The payloads `payload` makes of the changes of `entity` it admits, in order. A change whose
/// row is gone is skipped; one that could not be read back is an error item (the subscription
/// goes on); falling behind is the last item. Removals are not reported (see [`followed`]).
fn payloads<T: Send + 'static>(
    ctx: &Context<'_>,
    entity: Entity,
    payload: impl Fn(&ChangeEvent, &Row) -> Option<T> + Send + 'static,
) -> Result<impl Stream<Item = Result<T>> + 'static> {
    followed(ctx, entity, |_| None, payload)
}

/// [`payloads`], with the payloads `removed` makes of the removals it admits.
fn followed<T: Send + 'static>(
    ctx: &Context<'_>,
    entity: Entity,
    removed: impl Fn(&ChangeEvent) -> Option<T> + Send + 'static,
    payload: impl Fn(&ChangeEvent, &Row) -> Option<T> + Send + 'static,
) -> Result<impl Stream<Item = Result<T>> + 'static> {
    let heard = ctx.data::<Changes>()?.follow(entity);
    Ok(heard.filter_map(move |heard| {
        future::ready(match heard {
            Heard::Change(change) => match &change.reloaded {
                Reloaded::Row(row) => payload(&change.event, row).map(Ok),
                Reloaded::Gone => None,
                Reloaded::Removed => removed(&change.event).map(Ok),
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
