//! `Event` and `EventParticipant`: the meetings a center holds and who takes part.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result};

use crate::domain::event as domain;
use crate::entity::{event, event_participant};
use crate::graphql::connection::PageArgs;
use crate::graphql::id::{NodeType, encode, parse_opt_arg};
use crate::graphql::loaders::{loaders, required};
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::types::center::Center;
use crate::graphql::types::organization::Organization;
use crate::graphql::types::partner::Partner;
use crate::graphql::viewer::viewer;
use crate::service::event::{EventFilter as ServiceFilter, EventList};

/// What kind of meeting an event is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::EventKind")]
pub enum EventKind {
    /// A meeting to inform associations and civil society, like that of 5 July 2003.
    InformationMeeting,
    /// A dinner followed by a debate, like that of 9 July 2003 with the city's industrialists.
    DinnerDebate,
    /// A working session on a theme.
    Workshop,
    /// A training session.
    Training,
    /// Any other kind of meeting.
    Other,
}

/// Whether a participant was invited, registered, came, or did not.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::Attendance")]
pub enum Attendance {
    /// Invited; not yet answered.
    Invited,
    /// Said they will come.
    Registered,
    /// Came; recorded once the event has started.
    Attended,
    /// Did not come; recorded once the event has started.
    Absent,
}

/// Which of an organization, a partner or a named guest a participant is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParticipantKind {
    /// An association or cooperative.
    Organization,
    /// A partner (an institution or a company) as such.
    Partner,
    /// A named person, with a role label, possibly representing a partner.
    Guest,
}

impl ParticipantKind {
    /// A participant with a guest's name is a guest (even one representing a partner), else an
    /// organization when it names one, else a partner; the planner reads the same two facts.
    pub fn of(has_guest_name: bool, has_organization: bool) -> Self {
        if has_guest_name {
            ParticipantKind::Guest
        } else if has_organization {
            ParticipantKind::Organization
        } else {
            ParticipantKind::Partner
        }
    }
}

/// A meeting a center holds.
pub struct Event(pub event::Model);

/// A meeting a center holds — an information meeting, a dinner-debate, a workshop — and who
/// takes part. Readable by anyone; guests' names only by the center's staff and admins.
#[Object]
impl Event {
    /// The event's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::Event, self.0.id)
    }

    /// The center that holds the event.
    async fn center(&self, ctx: &Context<'_>) -> Result<Center> {
        Ok(Center(
            required(&loaders(ctx)?.centers, self.0.center_id).await?,
        ))
    }

    /// The event's title, e.g. "Dîner-débat avec les industriels de Mohammédia".
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// What kind of meeting it is; `stats.eventsByKind` counts them.
    async fn kind(&self) -> EventKind {
        self.0.kind.into()
    }

    /// When the event starts, in UTC; ATTENDED and ABSENT are recorded only from then on.
    async fn starts_at(&self) -> DateTime {
        DateTime::from(self.0.starts_at)
    }

    /// When the event ends, in UTC, never before it starts; null when not recorded.
    async fn ends_at(&self) -> Option<DateTime> {
        self.0.ends_at.map(DateTime::from)
    }

    /// Where it takes place; null when not recorded.
    async fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
    }

    /// What the event is about; null when not recorded.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// Who was invited or took part, in the order they were added.
    async fn participants(&self, ctx: &Context<'_>) -> Result<Vec<EventParticipant>> {
        let rows = loaders(ctx)?.participants_of.load_one(self.0.id).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(EventParticipant)
            .collect())
    }

    /// When the event was recorded, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the event or its list of participants last changed, in UTC; what `updatedSince`
    /// compares with.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// Incremented on every change (participants included); pass it as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// One participant of one event.
pub struct EventParticipant(pub event_participant::Model);

/// Who takes part in an event: an organization, a partner, or a named guest with a role label
/// ("gouverneur", "directeur général") who may represent a partner; with their attendance.
#[Object]
impl EventParticipant {
    /// The participant's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::EventParticipant, self.0.id)
    }

    /// The event taken part in.
    async fn event(&self, ctx: &Context<'_>) -> Result<Event> {
        Ok(Event(
            required(&loaders(ctx)?.events, self.0.event_id).await?,
        ))
    }

    /// Whether the participant is an organization, a partner or a guest.
    async fn kind(&self) -> ParticipantKind {
        ParticipantKind::of(
            self.0.guest_name.is_some(),
            self.0.organization_id.is_some(),
        )
    }

    /// The association or cooperative taking part; null for a partner or a guest.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        let Some(id) = self.0.organization_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .organizations
            .load_one(id)
            .await?
            .map(Organization::from))
    }

    /// The partner taking part, or the partner a guest represents; null otherwise.
    async fn partner(&self, ctx: &Context<'_>) -> Result<Option<Partner>> {
        let Some(id) = self.0.partner_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.partners.load_one(id).await?.map(Partner))
    }

    /// A guest's name. A person's name is personal data: like `contact`, it is null for anyone
    /// but ADMIN and the STAFF of the event's center (the role label stays public).
    async fn guest_name(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        let Some(name) = self.0.guest_name.as_deref() else {
            return Ok(None);
        };
        let event = required(&loaders(ctx)?.events, self.0.event_id).await?;
        let allowed = viewer(ctx)
            .may_manage_center(event.center_id, "read guests")
            .is_ok();
        Ok(allowed.then_some(name))
    }

    /// A guest's role, e.g. "gouverneur", "directeur général"; public; null for an
    /// organization or a partner.
    async fn guest_role(&self) -> Option<&str> {
        self.0.guest_role.as_deref()
    }

    /// Invited, registered, attended or absent.
    async fn attendance(&self) -> Attendance {
        self.0.attendance.into()
    }

    /// When the participant was added, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the participant last changed, in UTC.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// Incremented on every change; pass it as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Which events to list; every criterion given must match.
#[derive(InputObject, Default, Clone)]
pub struct EventFilter {
    /// Events of this center.
    pub center_id: Option<ID>,
    /// Events of any of these kinds.
    pub kind: Option<Vec<EventKind>>,
    /// Events starting on or after this day (UTC).
    pub from: Option<Date>,
    /// Events starting on or before this day (UTC).
    pub to: Option<Date>,
    /// Only events changed at or after this instant, for incremental sync.
    pub updated_since: Option<DateTime>,
}

/// The service's list of events for these arguments.
pub fn event_list(page: PageArgs, filter: Option<EventFilter>) -> Result<EventList> {
    let filter = filter.unwrap_or_default();
    Ok(EventList {
        filter: ServiceFilter {
            center_id: parse_opt_arg(filter.center_id.as_ref(), NodeType::Center, "centerId")?,
            kinds: filter
                .kind
                .map(|kinds| kinds.into_iter().map(Into::into).collect()),
            from: filter.from.map(|day| day.argument("from")).transpose()?,
            to: filter.to.map(|day| day.argument("to")).transpose()?,
            updated_since: filter
                .updated_since
                .map(|at| at.argument("updatedSince"))
                .transpose()?,
        },
        page: page.request()?,
    })
}
