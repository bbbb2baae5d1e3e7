//! `Organization`: the interface of associations and cooperatives, one table told apart by kind.

use std::marker::PhantomData;

use async_graphql::{Context, ID, Interface, Object, Result};

use crate::domain::organization::OrganizationKind as Kind;
use crate::entity::organization;
use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::{child_page, loaders, required};
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::types::center::Center;
use crate::graphql::types::contact::ContactInfo;
use crate::graphql::types::enums::{OrganizationKind, OrganizationStatus, Sector};
use crate::graphql::types::inputs::{ProjectFilter, ProjectOrder, project_list};
use crate::graphql::types::project::Project;
use crate::graphql::types::zone::Zone;
use crate::graphql::viewer::viewer;
use crate::service::project::ProjectParent;

/// Marks the GraphQL type an organization row is shown as.
pub trait KindMarker: Send + Sync + 'static {}
pub struct AssociationKind;
pub struct CooperativeKind;
impl KindMarker for AssociationKind {}
impl KindMarker for CooperativeKind {}

/// An association or a cooperative; both types have the same fields.
pub struct OrganizationObject<K>(pub organization::Model, PhantomData<K>);

/// An association carrying micro-projects.
pub type Association = OrganizationObject<AssociationKind>;
/// A cooperative carrying micro-projects; `activity` says what it produces.
pub type Cooperative = OrganizationObject<CooperativeKind>;

#[Object(
    concrete(name = "Association", params(AssociationKind)),
    concrete(name = "Cooperative", params(CooperativeKind))
)]
/// An association or a cooperative accompanied by a center: it carries micro-projects. Its public
/// fields are readable by anyone; `contact` only by those allowed.
impl<K: KindMarker> OrganizationObject<K> {
    /// The organization's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::Organization, self.0.id)
    }

    /// ASSOCIATION or COOPERATIVE, as the object's type says.
    pub async fn kind(&self) -> OrganizationKind {
        self.0.kind.into()
    }

    /// The registered name, e.g. "Association Amal".
    pub async fn name(&self) -> &str {
        &self.0.name
    }

    /// The short name the organization goes by; null when it has none.
    pub async fn acronym(&self) -> Option<&str> {
        self.0.acronym.as_deref()
    }

    /// The number under which the organization is registered; unique. Null when unknown.
    pub async fn registration_number(&self) -> Option<&str> {
        self.0.registration_number.as_deref()
    }

    /// The day the organization was founded; null when unknown.
    pub async fn founded_on(&self) -> Option<Date> {
        self.0.founded_on.map(Date::from)
    }

    /// Whether the organization is still active.
    pub async fn status(&self) -> OrganizationStatus {
        self.0.status.into()
    }

    /// The fields the organization works in; empty when none is recorded.
    pub async fn sectors(&self, ctx: &Context<'_>) -> Result<Vec<Sector>> {
        let sectors = loaders(ctx)?.sectors.load_one(self.0.id).await?;
        Ok(sectors
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// How many members the organization has; null when unknown.
    pub async fn members_count(&self) -> Option<i32> {
        self.0.members_count
    }

    /// When the organization joined the associative network; null when it is not a member.
    pub async fn network_member_since(&self) -> Option<Date> {
        self.0.network_member_since.map(Date::from)
    }

    /// The center that accompanies the organization.
    pub async fn center(&self, ctx: &Context<'_>) -> Result<Center> {
        Ok(Center(
            required(&loaders(ctx)?.centers, self.0.center_id).await?,
        ))
    }

    /// The neighbourhood the organization works in; null when not recorded.
    pub async fn zone(&self, ctx: &Context<'_>) -> Result<Option<Zone>> {
        let Some(zone_id) = self.0.zone_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.zones.load_one(zone_id).await?.map(Zone))
    }

    /// Personal data: null for callers not allowed to see it (admins, the center's staff and
    /// the organization's own accounts see it; anonymous callers never do).
    pub async fn contact(&self, ctx: &Context<'_>) -> Option<ContactInfo> {
        let row = &self.0;
        viewer(ctx)
            .can_read_organization_contact(row.id, row.center_id)
            .then(|| ContactInfo {
                email: row.contact_email.clone(),
                phone: row.contact_phone.clone(),
                address: row.contact_address.clone(),
                representative_name: row.contact_representative.clone(),
            })
    }

    /// The projects the organization carries.
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    pub async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "At most this many items from the start of the list (after `after` when given): 0 to 100; 20 when neither `first` nor `last` is given. Not together with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of an edge from an earlier page: this page starts right after it."
        )]
        after: Option<String>,
        #[graphql(
            desc = "At most this many items from the end of the list (before `before` when given): 0 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of an edge from an earlier page: this page ends right before it."
        )]
        before: Option<String>,
        #[graphql(desc = "Only the projects that match every criterion given.")] filter: Option<
            ProjectFilter,
        >,
        #[graphql(desc = "The order of the projects; by creation, oldest first, when not given.")]
        order_by: Option<ProjectOrder>,
    ) -> Result<ListConnection<Project>> {
        let list = project_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let loader = &loaders(ctx)?.project_pages;
        let page = child_page(loader, self.0.id, (ProjectParent::Carrier, list)).await?;
        Ok(connection(page, Project))
    }

    /// The accompaniment sessions the organization took part in.
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    pub async fn support_sessions(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "At most this many items from the start of the list (after `after` when given): 0 to 100; 20 when neither `first` nor `last` is given. Not together with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of an edge from an earlier page: this page starts right after it."
        )]
        after: Option<String>,
        #[graphql(
            desc = "At most this many items from the end of the list (before `before` when given): 0 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of an edge from an earlier page: this page ends right before it."
        )]
        before: Option<String>,
        #[graphql(desc = "Only the sessions that match every criterion given.")] filter: Option<
            crate::graphql::types::support_session::SupportSessionFilter,
        >,
        #[graphql(
            desc = "The order of the sessions; the most recently held first when not given."
        )]
        order_by: Option<crate::graphql::types::support_session::SupportSessionOrder>,
    ) -> Result<ListConnection<crate::graphql::types::support_session::SupportSession>> {
        use crate::graphql::types::support_session::{nested_sessions, session_list};
        let list = session_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        nested_sessions(
            ctx,
            crate::service::support_session::SessionParent::Organization,
            self.0.id,
            list,
        )
        .await
    }

    /// What a cooperative produces or sells; null for associations.
    pub async fn activity(&self) -> Option<&str> {
        self.0.activity.as_deref()
    }

    /// When the organization was recorded, in UTC.
    pub async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the organization last changed, in UTC; what the `updatedSince` filters compare with.
    pub async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// Incremented on every change; pass it as `expectedVersion` to update safely (a stale one is
    /// refused with VERSION_CONFLICT).
    pub async fn version(&self) -> i32 {
        self.0.version
    }
}

/// An association or a cooperative accompanied by a center.
#[expect(
    clippy::duplicated_attributes,
    reason = "async-graphql's interface attribute repeats `ty` once per field"
)]
#[derive(Interface)]
#[graphql(
    field(
        name = "id",
        ty = "ID",
        desc = "The organization's global id: opaque, stable, accepted by `node(id:)`."
    ),
    field(
        name = "kind",
        ty = "OrganizationKind",
        desc = "ASSOCIATION or COOPERATIVE, as the object's type says."
    ),
    field(
        name = "name",
        ty = "&str",
        desc = "The registered name, e.g. \"Association Amal\"."
    ),
    field(
        name = "acronym",
        ty = "Option<&str>",
        desc = "The short name the organization goes by; null when it has none."
    ),
    field(
        name = "registration_number",
        ty = "Option<&str>",
        desc = "The number under which the organization is registered; unique. Null when unknown."
    ),
    field(
        name = "founded_on",
        ty = "Option<Date>",
        desc = "The day the organization was founded; null when unknown."
    ),
    field(
        name = "status",
        ty = "OrganizationStatus",
        desc = "Whether the organization is still active."
    ),
    field(
        name = "sectors",
        ty = "Vec<Sector>",
        desc = "The fields the organization works in; empty when none is recorded."
    ),
    field(
        name = "members_count",
        ty = "Option<i32>",
        desc = "How many members the organization has; null when unknown."
    ),
    field(
        name = "network_member_since",
        ty = "Option<Date>",
        desc = "When the organization joined the associative network; null when it is not a member."
    ),
    field(
        name = "center",
        ty = "Center",
        desc = "The center that accompanies the organization."
    ),
    field(
        name = "zone",
        ty = "Option<Zone>",
        desc = "The neighbourhood the organization works in; null when not recorded."
    ),
    field(
        name = "contact",
        ty = "Option<ContactInfo>",
        desc = "Personal data: null for callers not allowed to see it (admins, the center's staff and the organization's own accounts see it; anonymous callers never do)."
    ),
    field(
        name = "projects",
        ty = "ListConnection<Project>",
        desc = "The projects the organization carries.",
        arg(
            name = "first",
            ty = "Option<i32>",
            desc = "At most this many items from the start of the list (after `after` when given): 0 to 100; 20 when neither `first` nor `last` is given. Not together with `last`."
        ),
        arg(
            name = "after",
            ty = "Option<String>",
            desc = "The `cursor` of an edge from an earlier page: this page starts right after it."
        ),
        arg(
            name = "last",
            ty = "Option<i32>",
            desc = "At most this many items from the end of the list (before `before` when given): 0 to 100. Not together with `first`."
        ),
        arg(
            name = "before",
            ty = "Option<String>",
            desc = "The `cursor` of an edge from an earlier page: this page ends right before it."
        ),
        arg(
            name = "filter",
            ty = "Option<ProjectFilter>",
            desc = "Only the projects that match every criterion given."
        ),
        arg(
            name = "order_by",
            ty = "Option<ProjectOrder>",
            desc = "The order of the projects; by creation, oldest first, when not given."
        )
    ),
    field(
        name = "support_sessions",
        ty = "ListConnection<crate::graphql::types::support_session::SupportSession>",
        desc = "The accompaniment sessions the organization took part in.",
        arg(
            name = "first",
            ty = "Option<i32>",
            desc = "At most this many items from the start of the list (after `after` when given): 0 to 100; 20 when neither `first` nor `last` is given. Not together with `last`."
        ),
        arg(
            name = "after",
            ty = "Option<String>",
            desc = "The `cursor` of an edge from an earlier page: this page starts right after it."
        ),
        arg(
            name = "last",
            ty = "Option<i32>",
            desc = "At most this many items from the end of the list (before `before` when given): 0 to 100. Not together with `first`."
        ),
        arg(
            name = "before",
            ty = "Option<String>",
            desc = "The `cursor` of an edge from an earlier page: this page ends right before it."
        ),
        arg(
            name = "filter",
            ty = "Option<crate::graphql::types::support_session::SupportSessionFilter>",
            desc = "Only the sessions that match every criterion given."
        ),
        arg(
            name = "order_by",
            ty = "Option<crate::graphql::types::support_session::SupportSessionOrder>",
            desc = "The order of the sessions; the most recently held first when not given."
        )
    ),
    field(
        name = "created_at",
        ty = "DateTime",
        desc = "When the organization was recorded, in UTC."
    ),
    field(
        name = "updated_at",
        ty = "DateTime",
        desc = "When the organization last changed, in UTC; what the `updatedSince` filters compare with."
    ),
    field(
        name = "version",
        ty = "i32",
        desc = "Incremented on every change; pass it as `expectedVersion` to update safely (a stale one is refused with VERSION_CONFLICT)."
    )
)]
pub enum Organization {
    Association(Association),
    Cooperative(Cooperative),
}

impl From<organization::Model> for Organization {
    fn from(row: organization::Model) -> Self {
        match row.kind {
            Kind::Association => Self::Association(OrganizationObject(row, PhantomData)),
            Kind::Cooperative => Self::Cooperative(OrganizationObject(row, PhantomData)),
        }
    }
}

impl<K> OrganizationObject<K> {
    pub fn new(row: organization::Model) -> Self {
        Self(row, PhantomData)
    }
}

/// Declares `interface Organization implements Node`, as the contract has it: async-graphql has
/// no attribute for an interface implementing another, so this registration-only type adds it.
/// No field returns it; it is only passed to `register_output_type`.
pub struct OrganizationImplementsNode;

impl async_graphql::OutputType for OrganizationImplementsNode {
    fn type_name() -> std::borrow::Cow<'static, str> {
        <Organization as async_graphql::OutputType>::type_name()
    }

    fn create_type_info(registry: &mut async_graphql::registry::Registry) -> String {
        let name = <Organization as async_graphql::OutputType>::create_type_info(registry);
        registry.add_implements(&Self::type_name(), "Node");
        name
    }

    async fn resolve(
        &self,
        _ctx: &async_graphql::ContextSelectionSet<'_>,
        _field: &async_graphql::Positioned<async_graphql::parser::types::Field>,
    ) -> async_graphql::ServerResult<async_graphql::Value> {
        Ok(async_graphql::Value::Null)
    }
}
