//! `Mutation.createAssociation`, `createCooperative` and `updateOrganization`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::domain::organization::OrganizationKind;
use crate::graphql::id::{NodeType, parse_arg, parse_opt_arg};
use crate::graphql::mutation::{Dates, maybe, maybe_id, services};
use crate::graphql::scalars::Date;
use crate::graphql::types::contact::ContactInput;
use crate::graphql::types::enums::{OrganizationStatus, Sector};
use crate::graphql::types::organization::Organization;
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::organization::write::{
    NewOrganization, OrganizationInput, create_organization, update_organization,
};

/// A new association, accompanied by a center.
#[derive(InputObject)]
pub struct CreateAssociationInput {
    /// The center that accompanies the organization; STAFF may only name their own.
    pub center_id: ID,
    /// The registered name: 1 to 200 characters.
    pub name: String,
    /// The short name the organization goes by.
    pub acronym: Option<String>,
    /// Unique among organizations.
    pub registration_number: Option<String>,
    /// The day the organization was founded.
    pub founded_on: Option<Date>,
    /// The fields the organization works in; none when not given.
    pub sectors: Option<Vec<Sector>>,
    /// From 0 to 10,000,000.
    pub members_count: Option<i32>,
    /// When it joined the associative network.
    pub network_member_since: Option<Date>,
    /// A zone of the same center.
    pub zone_id: Option<ID>,
    /// How to reach the organization; personal data, shown only to those allowed.
    pub contact: Option<ContactInput>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// A new cooperative, accompanied by a center.
#[derive(InputObject)]
pub struct CreateCooperativeInput {
    /// The center that accompanies the organization; STAFF may only name their own.
    pub center_id: ID,
    /// The registered name: 1 to 200 characters.
    pub name: String,
    /// The short name the organization goes by.
    pub acronym: Option<String>,
    /// Unique among organizations.
    pub registration_number: Option<String>,
    /// The day the organization was founded.
    pub founded_on: Option<Date>,
    /// The fields the organization works in; none when not given.
    pub sectors: Option<Vec<Sector>>,
    /// From 0 to 10,000,000.
    pub members_count: Option<i32>,
    /// When it joined the associative network.
    pub network_member_since: Option<Date>,
    /// A zone of the same center.
    pub zone_id: Option<ID>,
    /// How to reach the organization; personal data, shown only to those allowed.
    pub contact: Option<ContactInput>,
    /// What the cooperative produces or sells.
    pub activity: Option<String>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Only the fields given change; `null` clears an optional field; `sectors` replaces the set.
#[derive(InputObject)]
pub struct UpdateOrganizationInput {
    /// The association or cooperative to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new registered name.
    pub name: Option<String>,
    /// A new short name; `null` clears it.
    pub acronym: MaybeUndefined<String>,
    /// A new registration number, unique among organizations; `null` clears it.
    pub registration_number: MaybeUndefined<String>,
    /// A new founding day; `null` clears it.
    pub founded_on: MaybeUndefined<Date>,
    /// A new status.
    pub status: Option<OrganizationStatus>,
    /// The new set of sectors, replacing the old one; `[]` clears it.
    pub sectors: Option<Vec<Sector>>,
    /// From 0 to 10,000,000.
    pub members_count: MaybeUndefined<i32>,
    /// When it joined the associative network; `null` clears it.
    pub network_member_since: MaybeUndefined<Date>,
    /// A zone of the organization's center; `null` clears it.
    pub zone_id: MaybeUndefined<ID>,
    /// Changes to the contact: only its fields given change.
    pub contact: Option<ContactInput>,
    /// Cooperatives only.
    pub activity: MaybeUndefined<String>,
}

/// The outcome of a write of an association or a cooperative: the organization as written, or
/// `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct OrganizationPayload {
    /// The organization as written; null when the write was refused.
    organization: Option<Organization>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

fn payload(
    result: crate::error::Result<crate::entity::organization::Model>,
) -> Result<OrganizationPayload> {
    let (organization, user_errors) = into_payload(result)?;
    Ok(OrganizationPayload {
        organization: organization.map(Organization::from),
        user_errors,
    })
}

fn sectors(sectors: Option<Vec<Sector>>) -> Option<Vec<crate::domain::organization::Sector>> {
    sectors.map(|sectors| sectors.into_iter().map(Into::into).collect())
}

impl CreateCooperativeInput {
    fn split(
        self,
        dates: &mut Dates,
    ) -> Result<(NewOrganization, OrganizationInput, Option<String>)> {
        let new = NewOrganization {
            kind: OrganizationKind::Cooperative,
            center_id: parse_arg(&self.center_id, NodeType::Center, "centerId")?,
        };
        let fields = OrganizationInput {
            name: Some(self.name),
            acronym: Some(self.acronym),
            registration_number: Some(self.registration_number),
            founded_on: Some(dates.date(self.founded_on, "foundedOn")),
            status: None,
            sectors: sectors(self.sectors),
            members_count: Some(self.members_count),
            network_member_since: Some(dates.date(self.network_member_since, "networkMemberSince")),
            zone_id: Some(parse_opt_arg(
                self.zone_id.as_ref(),
                NodeType::Zone,
                "zoneId",
            )?),
            contact: self.contact.map(Into::into).unwrap_or_default(),
            activity: Some(self.activity),
        };
        Ok((new, fields, self.idempotency_key))
    }
}

impl From<CreateAssociationInput> for CreateCooperativeInput {
    /// An association is a cooperative without an activity, as far as its input goes.
    fn from(input: CreateAssociationInput) -> Self {
        Self {
            center_id: input.center_id,
            name: input.name,
            acronym: input.acronym,
            registration_number: input.registration_number,
            founded_on: input.founded_on,
            sectors: input.sectors,
            members_count: input.members_count,
            network_member_since: input.network_member_since,
            zone_id: input.zone_id,
            contact: input.contact,
            activity: None,
            idempotency_key: input.idempotency_key,
        }
    }
}

impl UpdateOrganizationInput {
    fn fields(self, dates: &mut Dates) -> Result<OrganizationInput> {
        Ok(OrganizationInput {
            name: self.name,
            acronym: maybe(self.acronym),
            registration_number: maybe(self.registration_number),
            founded_on: dates.maybe_date(self.founded_on, "foundedOn"),
            status: self.status.map(Into::into),
            sectors: sectors(self.sectors),
            members_count: maybe(self.members_count),
            network_member_since: dates.maybe_date(self.network_member_since, "networkMemberSince"),
            zone_id: maybe_id(self.zone_id, NodeType::Zone, "zoneId")?,
            contact: self.contact.map(Into::into).unwrap_or_default(),
            activity: maybe(self.activity),
        })
    }
}

#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    /// Creates an association of a center, ACTIVE (ADMIN, or STAFF of that center).
    async fn create_association(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new association.")] input: CreateAssociationInput,
    ) -> Result<OrganizationPayload> {
        let mut dates = Dates::default();
        let (mut new, mut fields, key) = CreateCooperativeInput::from(input).split(&mut dates)?;
        new.kind = OrganizationKind::Association;
        fields.activity = None;
        let create = create_organization(services(ctx)?, viewer(ctx), new, fields, key.as_deref());
        payload(dates.run(create).await)
    }

    /// Creates a cooperative of a center, ACTIVE (ADMIN, or STAFF of that center).
    async fn create_cooperative(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new cooperative.")] input: CreateCooperativeInput,
    ) -> Result<OrganizationPayload> {
        let mut dates = Dates::default();
        let (new, fields, key) = input.split(&mut dates)?;
        let create = create_organization(services(ctx)?, viewer(ctx), new, fields, key.as_deref());
        payload(dates.run(create).await)
    }

    /// Updates an association or a cooperative (ADMIN, STAFF of its center, or its own
    /// accounts).
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organization to change, and the changes.")]
        input: UpdateOrganizationInput,
    ) -> Result<OrganizationPayload> {
        let id = parse_arg(&input.id, NodeType::Organization, "id")?;
        let expected_version = input.expected_version;
        let mut dates = Dates::default();
        let fields = input.fields(&mut dates)?;
        let update = update_organization(services(ctx)?, viewer(ctx), id, expected_version, fields);
        payload(dates.run(update).await)
    }
}
