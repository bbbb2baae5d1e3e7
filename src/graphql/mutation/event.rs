//! `Mutation.createEvent`, `updateEvent`, `addEventParticipant`, `updateEventParticipant` and
//! `removeEventParticipant`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::error::bad_input;
use crate::graphql::id::{NodeType, encode, parse_arg, parse_opt_arg};
use crate::graphql::mutation::{Dates, maybe, services};
use crate::graphql::scalars::DateTime;
use crate::graphql::types::event::{Attendance, Event, EventKind, EventParticipant};
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::event::participant::{
    Participant, ParticipantChanges, add_event_participant, update_event_participant,
};
use crate::service::event::removal::remove_event_participant;
use crate::service::event::write::{EventFields, create_event, update_event};

/// A new event of a center (ADMIN, or STAFF of that center).
#[derive(InputObject)]
pub struct CreateEventInput {
    /// The center holding the event.
    pub center_id: ID,
    /// The event's title.
    pub title: String,
    /// What kind of meeting it is.
    pub kind: EventKind,
    /// When it starts.
    pub starts_at: DateTime,
    /// When it ends; not before `startsAt`.
    pub ends_at: Option<DateTime>,
    /// Where it takes place.
    pub location: Option<String>,
    /// What it is about.
    pub description: Option<String>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Changes to an event. Only the fields given change; `null` clears an optional field.
#[derive(InputObject)]
pub struct UpdateEventInput {
    /// The event to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new title.
    pub title: Option<String>,
    /// A new kind.
    pub kind: Option<EventKind>,
    /// A new start; not in the future once attendance is recorded (EVENT_NOT_STARTED).
    pub starts_at: Option<DateTime>,
    /// A new end, not before the start; `null` clears it.
    pub ends_at: MaybeUndefined<DateTime>,
    /// A new location; `null` clears it.
    pub location: MaybeUndefined<String>,
    /// A new description; `null` clears it.
    pub description: MaybeUndefined<String>,
}

/// A named guest: a person with a role label, possibly representing a partner.
#[derive(InputObject)]
pub struct GuestInput {
    /// The guest's name; required.
    pub name: String,
    /// The guest's role, e.g. "gouverneur", "directeur général".
    pub role: Option<String>,
    /// The partner the guest represents.
    pub partner_id: Option<ID>,
}

/// A participant to add: exactly one of `organizationId`, `partnerId` and `guest`.
#[derive(InputObject)]
pub struct AddEventParticipantInput {
    /// The event.
    pub event_id: ID,
    /// An association or cooperative taking part.
    pub organization_id: Option<ID>,
    /// A partner taking part as such.
    pub partner_id: Option<ID>,
    /// A named guest.
    pub guest: Option<GuestInput>,
    /// INVITED when not given; ATTENDED or ABSENT only once the event has started.
    #[graphql(default_with = "Some(Attendance::Invited)")]
    pub attendance: Option<Attendance>,
    /// Repeating the add with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Changes to a participant: attendance, or a guest's role label.
#[derive(InputObject)]
pub struct UpdateEventParticipantInput {
    /// The participant.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// The new attendance; ATTENDED or ABSENT only once the event has started.
    pub attendance: Option<Attendance>,
    /// A guest's new role label; `null` clears it.
    pub guest_role: MaybeUndefined<String>,
}

/// The outcome of a write of an event: the event as written, or `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct EventPayload {
    /// The event as written; null when the write was refused.
    event: Option<Event>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// The outcome of a write of a participant: the participant as written, or `userErrors`.
#[derive(SimpleObject)]
pub struct EventParticipantPayload {
    /// The participant as written; null when the write was refused.
    participant: Option<EventParticipant>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// A participant entered by mistake, to take off the event's list.
#[derive(InputObject)]
pub struct RemoveEventParticipantInput {
    /// The participant to remove.
    pub id: ID,
    /// The participant's version the removal is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
}

/// The outcome of a removal of a participant: the event as it now stands and the id the
/// participant had, or `userErrors` and nothing removed.
#[derive(SimpleObject)]
pub struct RemoveEventParticipantPayload {
    /// The event, one version further, without the participant; null when refused.
    event: Option<Event>,
    /// The id the removed participant had; null when the removal was refused.
    removed_participant_id: Option<ID>,
    /// What the caller can fix, when the removal was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

fn event_payload(
    result: crate::error::Result<crate::entity::event::Model>,
) -> Result<EventPayload> {
    let (event, user_errors) = into_payload(result)?;
    Ok(EventPayload {
        event: event.map(Event),
        user_errors,
    })
}

fn participant_payload(
    result: crate::error::Result<crate::entity::event_participant::Model>,
) -> Result<EventParticipantPayload> {
    let (participant, user_errors) = into_payload(result)?;
    Ok(EventParticipantPayload {
        participant: participant.map(EventParticipant),
        user_errors,
    })
}

/// Exactly one of an organization, a partner and a guest.
fn participant_of(input: &AddEventParticipantInput) -> Result<Participant> {
    let organization = parse_opt_arg(
        input.organization_id.as_ref(),
        NodeType::Organization,
        "organizationId",
    )?;
    let partner = parse_opt_arg(input.partner_id.as_ref(), NodeType::Partner, "partnerId")?;
    match (organization, partner, &input.guest) {
        (Some(id), None, None) => Ok(Participant::Organization(id)),
        (None, Some(id), None) => Ok(Participant::Partner(id)),
        (None, None, Some(guest)) => Ok(Participant::Guest {
            name: guest.name.clone(),
            role: guest.role.clone(),
            partner_id: parse_opt_arg(
                guest.partner_id.as_ref(),
                NodeType::Partner,
                "guest.partnerId",
            )?,
        }),
        _ => Err(bad_input(
            "give exactly one of `organizationId`, `partnerId` and `guest`",
        )),
    }
}

#[derive(Default)]
pub struct EventMutation;

#[Object]
impl EventMutation {
    /// Creates an event of a center (ADMIN, or STAFF of the center).
    async fn create_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new event.")] input: CreateEventInput,
    ) -> Result<EventPayload> {
        let center_id = parse_arg(&input.center_id, NodeType::Center, "centerId")?;
        let mut dates = Dates::default();
        let fields = EventFields {
            title: Some(input.title),
            kind: Some(input.kind.into()),
            starts_at: dates.instant(Some(input.starts_at), "startsAt"),
            ends_at: Some(dates.instant(input.ends_at, "endsAt")),
            location: Some(input.location),
            description: Some(input.description),
        };
        let key = input.idempotency_key.as_deref();
        let create = create_event(services(ctx)?, viewer(ctx), center_id, fields, key);
        event_payload(dates.run(create).await)
    }

    /// Updates an event (ADMIN, or STAFF of its center).
    async fn update_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event to change, and the changes.")] input: UpdateEventInput,
    ) -> Result<EventPayload> {
        let id = parse_arg(&input.id, NodeType::Event, "id")?;
        let mut dates = Dates::default();
        let fields = EventFields {
            title: input.title,
            kind: input.kind.map(Into::into),
            starts_at: dates.instant(input.starts_at, "startsAt"),
            ends_at: maybe(input.ends_at).map(|end| dates.instant(end, "endsAt")),
            location: maybe(input.location),
            description: maybe(input.description),
        };
        let update = update_event(
            services(ctx)?,
            viewer(ctx),
            id,
            input.expected_version,
            fields,
        );
        event_payload(dates.run(update).await)
    }

    /// Adds an organization, a partner or a named guest to an event's participants (ADMIN, or
    /// STAFF of the event's center); each appears once (DUPLICATE).
    async fn add_event_participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event and who takes part.")] input: AddEventParticipantInput,
    ) -> Result<EventParticipantPayload> {
        let event_id = parse_arg(&input.event_id, NodeType::Event, "eventId")?;
        let who = participant_of(&input)?;
        let attendance = input.attendance.unwrap_or(Attendance::Invited).into();
        let key = input.idempotency_key.as_deref();
        let add =
            add_event_participant(services(ctx)?, viewer(ctx), event_id, who, attendance, key);
        participant_payload(add.await)
    }

    /// Records a participant's attendance or a guest's role label (ADMIN, or STAFF of the
    /// event's center).
    async fn update_event_participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The participant, and the changes.")] input: UpdateEventParticipantInput,
    ) -> Result<EventParticipantPayload> {
        let id = parse_arg(&input.id, NodeType::EventParticipant, "id")?;
        let changes = ParticipantChanges {
            attendance: input.attendance.map(Into::into),
            guest_role: maybe(input.guest_role),
        };
        let update = update_event_participant(
            services(ctx)?,
            viewer(ctx),
            id,
            input.expected_version,
            changes,
        );
        participant_payload(update.await)
    }

    /// Takes a participant entered by mistake off an event's list (ADMIN, or STAFF of the
    /// event's center).
    async fn remove_event_participant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The participant to remove.")] input: RemoveEventParticipantInput,
    ) -> Result<RemoveEventParticipantPayload> {
        let id = parse_arg(&input.id, NodeType::EventParticipant, "id")?;
        let removal =
            remove_event_participant(services(ctx)?, viewer(ctx), id, input.expected_version);
        let (removed, user_errors) = into_payload(removal.await)?;
        let (event, participant) = removed.unzip();
        Ok(RemoveEventParticipantPayload {
            event: event.map(Event),
            removed_participant_id: participant
                .map(|participant| encode(NodeType::EventParticipant, participant.id)),
            user_errors,
        })
    }
}
