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
impl<K: KindMarker> OrganizationObject<K> {
    pub async fn id(&self) -> ID {
        encode(NodeType::Organization, self.0.id)
    }

    pub async fn kind(&self) -> OrganizationKind {
        self.0.kind.into()
    }

    pub async fn name(&self) -> &str {
        &self.0.name
    }

    pub async fn acronym(&self) -> Option<&str> {
        self.0.acronym.as_deref()
    }

    /// The number under which the organization is registered; unique.
    pub async fn registration_number(&self) -> Option<&str> {
        self.0.registration_number.as_deref()
    }

    pub async fn founded_on(&self) -> Option<Date> {
        self.0.founded_on.map(Date::from)
    }

    pub async fn status(&self) -> OrganizationStatus {
        self.0.status.into()
    }

    pub async fn sectors(&self, ctx: &Context<'_>) -> Result<Vec<Sector>> {
        let sectors = loaders(ctx)?.sectors.load_one(self.0.id).await?;
        Ok(sectors
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn members_count(&self) -> Option<i32> {
        self.0.members_count
    }

    /// When the organization joined the associative network.
    pub async fn network_member_since(&self) -> Option<Date> {
        self.0.network_member_since.map(Date::from)
    }

    pub async fn center(&self, ctx: &Context<'_>) -> Result<Center> {
        Ok(Center(
            required(&loaders(ctx)?.centers, self.0.center_id).await?,
        ))
    }

    pub async fn zone(&self, ctx: &Context<'_>) -> Result<Option<Zone>> {
        let Some(zone_id) = self.0.zone_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.zones.load_one(zone_id).await?.map(Zone))
    }

    /// Personal data: null for callers not allowed to see it (admins, the center's staff and
    /// the organization's own accounts see it).
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
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ProjectFilter>,
        order_by: Option<ProjectOrder>,
    ) -> Result<ListConnection<Project>> {
        let list = project_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let loader = &loaders(ctx)?.project_pages;
        let page = child_page(loader, self.0.id, (ProjectParent::Carrier, list)).await?;
        Ok(connection(page, Project))
    }

    /// What a cooperative produces or sells; null for associations.
    pub async fn activity(&self) -> Option<&str> {
        self.0.activity.as_deref()
    }

    pub async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    pub async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

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
    field(name = "id", ty = "ID"),
    field(name = "kind", ty = "OrganizationKind"),
    field(name = "name", ty = "&str"),
    field(name = "acronym", ty = "Option<&str>"),
    field(name = "registration_number", ty = "Option<&str>"),
    field(name = "founded_on", ty = "Option<Date>"),
    field(name = "status", ty = "OrganizationStatus"),
    field(name = "sectors", ty = "Vec<Sector>"),
    field(name = "members_count", ty = "Option<i32>"),
    field(name = "network_member_since", ty = "Option<Date>"),
    field(name = "center", ty = "Center"),
    field(name = "zone", ty = "Option<Zone>"),
    field(name = "contact", ty = "Option<ContactInfo>"),
    field(
        name = "projects",
        ty = "ListConnection<Project>",
        arg(name = "first", ty = "Option<i32>"),
        arg(name = "after", ty = "Option<String>"),
        arg(name = "last", ty = "Option<i32>"),
        arg(name = "before", ty = "Option<String>"),
        arg(name = "filter", ty = "Option<ProjectFilter>"),
        arg(name = "order_by", ty = "Option<ProjectOrder>")
    ),
    field(name = "created_at", ty = "DateTime"),
    field(name = "updated_at", ty = "DateTime"),
    field(name = "version", ty = "i32")
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
