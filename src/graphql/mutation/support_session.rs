//! `Mutation.createSupportSession`, `updateSupportSession` and `removeSupportSession`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, encode, parse_arg};
use crate::graphql::mutation::{Dates, maybe, maybe_id, services};
use crate::graphql::scalars::Date;
use crate::graphql::types::support_session::{SupportKind, SupportSession};
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::support_session::write::{
    SessionInput, create_session, remove_session, update_session,
};

/// A new accompaniment session.
#[derive(InputObject)]
pub struct CreateSupportSessionInput {
    /// The organization accompanied; the session belongs to its center.
    pub organization_id: ID,
    /// The organization's project the session was about, if any: one it carries (INVALID otherwise).
    pub project_id: Option<ID>,
    /// What the session worked on.
    pub kind: SupportKind,
    /// The day the session was held.
    pub held_on: Date,
    /// How long it lasted, in minutes: 1 to 720.
    pub duration_minutes: i32,
    /// The STAFF account of the center who led it; this or `facilitatingPartnerId` (or both) is required.
    pub staff_id: Option<ID>,
    /// The partner who facilitated it; a partner's accounts log only their own partner's sessions.
    pub facilitating_partner_id: Option<ID>,
    /// How many people took part: 1 to 1,000; 1 when not given.
    pub participants_count: Option<i32>,
    /// What came out of the session.
    pub outcome: Option<String>,
    /// Private notes, read only by ADMIN and the STAFF of the center.
    pub notes: Option<String>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Only the fields given change; `null` clears an optional field.
#[derive(InputObject)]
pub struct UpdateSupportSessionInput {
    /// The session to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// Another project of the organization; `null` detaches the session from any project.
    pub project_id: MaybeUndefined<ID>,
    /// A new kind.
    pub kind: Option<SupportKind>,
    /// A new day.
    pub held_on: Option<Date>,
    /// A new length, in minutes.
    pub duration_minutes: Option<i32>,
    /// Another staff member; `null` clears it (a facilitating partner must remain).
    pub staff_id: MaybeUndefined<ID>,
    /// Another facilitating partner; `null` clears it (a staff member must remain).
    pub facilitating_partner_id: MaybeUndefined<ID>,
    /// A new count of participants.
    pub participants_count: Option<i32>,
    /// A new outcome; `null` clears it.
    pub outcome: MaybeUndefined<String>,
    /// New private notes; `null` clears them.
    pub notes: MaybeUndefined<String>,
}

/// The outcome of a write of a session: the session as written, or `userErrors` and nothing
/// written.
#[derive(SimpleObject)]
pub struct SupportSessionPayload {
    /// The session as written; null when the write was refused.
    support_session: Option<SupportSession>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// A session recorded by mistake, to remove.
#[derive(InputObject)]
pub struct RemoveSupportSessionInput {
    /// The session to remove.
    pub id: ID,
    /// The version the removal is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
}

/// The outcome of a removal of a session: its id, or `userErrors` and nothing removed.
#[derive(SimpleObject)]
pub struct RemoveSupportSessionPayload {
    /// The id the removed session had; null when the removal was refused.
    removed_support_session_id: Option<ID>,
    /// What the caller can fix, when the removal was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

fn payload(
    result: crate::error::Result<crate::entity::support_session::Model>,
) -> Result<SupportSessionPayload> {
    let (session, user_errors) = into_payload(result)?;
    Ok(SupportSessionPayload {
        support_session: session.map(SupportSession),
        user_errors,
    })
}

fn optional_id(id: Option<ID>, node_type: NodeType, argument: &str) -> Result<Option<Option<i64>>> {
    Ok(Some(
        id.map(|id| parse_arg(&id, node_type, argument))
            .transpose()?,
    ))
}

#[derive(Default)]
pub struct SupportSessionMutation;

#[Object]
impl SupportSessionMutation {
    /// Logs an accompaniment session (ADMIN, STAFF of the organization's center, or the
    /// facilitating partner's own accounts).
    async fn create_support_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new session.")] input: CreateSupportSessionInput,
    ) -> Result<SupportSessionPayload> {
        let organization = parse_arg(
            &input.organization_id,
            NodeType::Organization,
            "organizationId",
        )?;
        let mut dates = Dates::default();
        let fields = SessionInput {
            project_id: optional_id(input.project_id, NodeType::Project, "projectId")?,
            kind: Some(input.kind.into()),
            held_on: dates.date(Some(input.held_on), "heldOn"),
            duration_minutes: Some(input.duration_minutes),
            staff_id: optional_id(input.staff_id, NodeType::User, "staffId")?,
            facilitating_partner_id: optional_id(
                input.facilitating_partner_id,
                NodeType::Partner,
                "facilitatingPartnerId",
            )?,
            participants_count: input.participants_count,
            outcome: Some(input.outcome),
            notes: Some(input.notes),
        };
        let key = input.idempotency_key.as_deref();
        let create = create_session(services(ctx)?, viewer(ctx), organization, fields, key);
        payload(dates.run(create).await)
    }

    /// Corrects an accompaniment session (ADMIN, STAFF of its center, or its facilitating
    /// partner's own accounts).
    async fn update_support_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session to change, and the changes.")]
        input: UpdateSupportSessionInput,
    ) -> Result<SupportSessionPayload> {
        let id = parse_arg(&input.id, NodeType::SupportSession, "id")?;
        let mut dates = Dates::default();
        let fields = SessionInput {
            project_id: maybe_id(input.project_id, NodeType::Project, "projectId")?,
            kind: input.kind.map(Into::into),
            held_on: dates.date(input.held_on, "heldOn"),
            duration_minutes: input.duration_minutes,
            staff_id: maybe_id(input.staff_id, NodeType::User, "staffId")?,
            facilitating_partner_id: maybe_id(
                input.facilitating_partner_id,
                NodeType::Partner,
                "facilitatingPartnerId",
            )?,
            participants_count: input.participants_count,
            outcome: maybe(input.outcome),
            notes: maybe(input.notes),
        };
        let update = update_session(
            services(ctx)?,
            viewer(ctx),
            id,
            input.expected_version,
            fields,
        );
        payload(dates.run(update).await)
    }

    /// Removes a session recorded by mistake — twice, or never held (whoever may correct it).
    /// The center's figures and computed indicators no longer count it; `supportSessionChanged`
    /// reports it as REMOVED.
    async fn remove_support_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session to remove.")] input: RemoveSupportSessionInput,
    ) -> Result<RemoveSupportSessionPayload> {
        let id = parse_arg(&input.id, NodeType::SupportSession, "id")?;
        let removal = remove_session(services(ctx)?, viewer(ctx), id, input.expected_version);
        let (removed, user_errors) = into_payload(removal.await)?;
        Ok(RemoveSupportSessionPayload {
            removed_support_session_id: removed
                .map(|session| encode(NodeType::SupportSession, session.id)),
            user_errors,
        })
    }
}
