//! `SupportSession`: one accompaniment session of a center with an organization, its kind, its
//! filter and order, and the nested lists of sessions under an organization, a project or a
//! center (batched by parent).

use async_graphql::{Context, Enum, ID, InputObject, Object, Result};

use crate::domain::support_session::SupportKind as DomainKind;
use crate::entity::support_session;
use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::id::{NodeType, encode, parse_opt_arg};
use crate::graphql::loaders::{child_page, loaders, required};
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::types::center::Center;
use crate::graphql::types::enums::OrderDirection;
use crate::graphql::types::inputs::updated_since;
use crate::graphql::types::organization::Organization;
use crate::graphql::types::partner::Partner;
use crate::graphql::types::project::Project;
use crate::graphql::types::user::User;
use crate::graphql::viewer::viewer;
use crate::service::support_session::{
    SessionFilter, SessionList, SessionOrder, SessionOrderField, SessionParent,
};

/// What the center worked on with the organization in a session.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::support_session::SupportKind")]
pub enum SupportKind {
    /// A first meeting: what the center offers, what the organization needs.
    Orientation,
    /// Setting up (*montage*) a project: its objectives, budget and dossier.
    ProjectSetup,
    /// Looking for financing: partners to approach, dossiers to send.
    FundingSearch,
    /// Training: management, accounting, leadership… capacity building.
    Training,
    /// Technical advice on the project's activity.
    TechnicalAdvice,
    /// Legal matters: statutes, registration, general assemblies.
    Legal,
    /// Anything else.
    Other,
}

/// One accompaniment session.
pub struct SupportSession(pub support_session::Model);

/// A session in which a center accompanies an association or a cooperative (the setup of a
/// project, the search for funding, a training…), led by a staff member of the center, a
/// facilitating partner, or both. Readable by anyone except `notes`, which only ADMIN and the
/// STAFF of the session's center read.
#[Object]
impl SupportSession {
    /// The session's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::SupportSession, self.0.id)
    }

    /// The center that held the session: the organization's.
    async fn center(&self, ctx: &Context<'_>) -> Result<Center> {
        Ok(Center(
            required(&loaders(ctx)?.centers, self.0.center_id).await?,
        ))
    }

    /// The organization accompanied.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Organization> {
        let row = required(&loaders(ctx)?.organizations, self.0.organization_id).await?;
        Ok(Organization::from(row))
    }

    /// The organization's project the session was about; null for work on the organization
    /// itself.
    async fn project(&self, ctx: &Context<'_>) -> Result<Option<Project>> {
        let Some(id) = self.0.project_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.projects.load_one(id).await?.map(Project))
    }

    /// What the session worked on.
    async fn kind(&self) -> SupportKind {
        self.0.kind.into()
    }

    /// The day the session was held.
    async fn held_on(&self) -> Date {
        Date::from(self.0.held_on)
    }

    /// How long the session lasted, in minutes (1 to 720).
    async fn duration_minutes(&self) -> i32 {
        self.0.duration_minutes
    }

    /// The staff member of the center who led the session; null when a partner led it alone, or
    /// when the caller may not read that account (users are read by ADMIN, the STAFF of their
    /// center, and themselves).
    async fn staff(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(id) = self.0.staff_id else {
            return Ok(None);
        };
        let user = loaders(ctx)?.users.load_one(id).await?;
        Ok(user
            .filter(|user| viewer(ctx).can_read_user(user))
            .map(User))
    }

    /// The partner who facilitated the session (such as the associative network); null when the
    /// center's staff led it alone.
    async fn facilitating_partner(&self, ctx: &Context<'_>) -> Result<Option<Partner>> {
        let Some(id) = self.0.facilitating_partner_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.partners.load_one(id).await?.map(Partner))
    }

    /// How many people took part (at least one).
    async fn participants_count(&self) -> i32 {
        self.0.participants_count
    }

    /// What came out of the session, in words; null when not recorded.
    async fn outcome(&self) -> Option<&str> {
        self.0.outcome.as_deref()
    }

    /// The staff's private notes on the session; null for anyone but ADMIN and the STAFF of the
    /// session's center (as `contact` is for personal data).
    async fn notes(&self, ctx: &Context<'_>) -> Option<&str> {
        if viewer(ctx).can_read_session_notes(self.0.center_id) {
            self.0.notes.as_deref()
        } else {
            None
        }
    }

    /// When the session was logged, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the session last changed, in UTC; what the `updatedSince` filters compare with.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// Incremented on every change; pass it as `expectedVersion` to update safely (a stale one is
    /// refused with VERSION_CONFLICT).
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Which sessions to list; every criterion given must match.
#[derive(InputObject, Default, Clone)]
pub struct SupportSessionFilter {
    /// Sessions of this center.
    pub center_id: Option<ID>,
    /// Sessions with this organization.
    pub organization_id: Option<ID>,
    /// Sessions about this project.
    pub project_id: Option<ID>,
    /// Sessions this partner facilitated.
    pub facilitating_partner_id: Option<ID>,
    /// Sessions of any of these kinds.
    pub kind: Option<Vec<SupportKind>>,
    /// Held on or after this day.
    pub from: Option<Date>,
    /// Held on or before this day.
    pub to: Option<Date>,
    /// Only sessions changed at or after this instant, for incremental sync.
    pub updated_since: Option<DateTime>,
}

impl SupportSessionFilter {
    fn into_service(self) -> Result<SessionFilter> {
        let id =
            |value: Option<ID>, node_type, name| parse_opt_arg(value.as_ref(), node_type, name);
        Ok(SessionFilter {
            center_id: id(self.center_id, NodeType::Center, "centerId")?,
            organization_id: id(
                self.organization_id,
                NodeType::Organization,
                "organizationId",
            )?,
            project_id: id(self.project_id, NodeType::Project, "projectId")?,
            facilitating_partner_id: id(
                self.facilitating_partner_id,
                NodeType::Partner,
                "facilitatingPartnerId",
            )?,
            kinds: self
                .kind
                .map(|kinds| kinds.into_iter().map(DomainKind::from).collect()),
            from: self.from.map(|day| day.argument("from")).transpose()?,
            to: self.to.map(|day| day.argument("to")).transpose()?,
            updated_since: updated_since(self.updated_since)?,
        })
    }
}

/// What a list of sessions can be ordered by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SupportSessionOrderField {
    /// The day the session was held.
    HeldOn,
    /// When the session was logged.
    CreatedAt,
    /// With `updatedSince`, the order for incremental sync.
    UpdatedAt,
}

/// The order of a list of sessions; the most recently held first when not given.
#[derive(InputObject, Clone, Copy)]
pub struct SupportSessionOrder {
    /// What to order by.
    pub field: SupportSessionOrderField,
    /// Ascending or descending.
    pub direction: OrderDirection,
}

impl From<Option<SupportSessionOrder>> for SessionOrder {
    fn from(order: Option<SupportSessionOrder>) -> Self {
        let Some(order) = order else {
            return Self::default();
        };
        Self {
            field: match order.field {
                SupportSessionOrderField::HeldOn => SessionOrderField::HeldOn,
                SupportSessionOrderField::CreatedAt => SessionOrderField::CreatedAt,
                SupportSessionOrderField::UpdatedAt => SessionOrderField::UpdatedAt,
            },
            descending: order.direction == OrderDirection::Desc,
        }
    }
}

/// Arguments of a list of sessions.
pub fn session_list(
    page: PageArgs,
    filter: Option<SupportSessionFilter>,
    order: Option<SupportSessionOrder>,
) -> Result<SessionList> {
    Ok(SessionList {
        filter: filter.unwrap_or_default().into_service()?,
        order: order.into(),
        page: page.request()?,
    })
}

/// The page of sessions of one parent, batched with its siblings' by the loader.
pub async fn nested_sessions(
    ctx: &Context<'_>,
    parent: SessionParent,
    id: i64,
    list: SessionList,
) -> Result<ListConnection<SupportSession>> {
    let loader = &loaders(ctx)?.session_pages;
    let page = child_page(loader, id, (parent, list)).await?;
    Ok(connection(page, SupportSession))
}
