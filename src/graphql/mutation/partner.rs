//! `Mutation.createPartner` and `updatePartner`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg};
use crate::graphql::mutation::{Dates, maybe, services};
use crate::graphql::scalars::Date;
use crate::graphql::types::contact::ContactInput;
use crate::graphql::types::enums::PartnerKind;
use crate::graphql::types::partner::Partner;
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::partner::write::{PartnerInput, create_partner, update_partner};

#[derive(InputObject)]
pub struct CreatePartnerInput {
    pub name: String,
    pub acronym: Option<String>,
    pub kind: PartnerKind,
    pub joined_on: Option<Date>,
    pub contact: Option<ContactInput>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Only the fields given change; `null` clears an optional field.
#[derive(InputObject)]
pub struct UpdatePartnerInput {
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    pub name: Option<String>,
    pub acronym: MaybeUndefined<String>,
    pub kind: Option<PartnerKind>,
    pub joined_on: MaybeUndefined<Date>,
    pub contact: Option<ContactInput>,
}

#[derive(SimpleObject)]
pub struct PartnerPayload {
    partner: Option<Partner>,
    user_errors: Vec<UserError>,
}

fn payload(result: crate::error::Result<crate::entity::partner::Model>) -> Result<PartnerPayload> {
    let (partner, user_errors) = into_payload(result)?;
    Ok(PartnerPayload {
        partner: partner.map(Partner),
        user_errors,
    })
}

#[derive(Default)]
pub struct PartnerMutation;

#[Object]
impl PartnerMutation {
    /// Creates a partner (ADMIN or STAFF).
    async fn create_partner(
        &self,
        ctx: &Context<'_>,
        input: CreatePartnerInput,
    ) -> Result<PartnerPayload> {
        let mut dates = Dates::default();
        let fields = PartnerInput {
            name: Some(input.name),
            acronym: Some(input.acronym),
            kind: Some(input.kind.into()),
            joined_on: Some(dates.date(input.joined_on, "joinedOn")),
            contact: input.contact.map(Into::into).unwrap_or_default(),
        };
        let key = input.idempotency_key.as_deref();
        let create = create_partner(services(ctx)?, viewer(ctx), fields, key);
        payload(dates.run(create).await)
    }

    /// Updates a partner (ADMIN, STAFF, or the partner's own accounts).
    async fn update_partner(
        &self,
        ctx: &Context<'_>,
        input: UpdatePartnerInput,
    ) -> Result<PartnerPayload> {
        let id = parse_arg(&input.id, NodeType::Partner, "id")?;
        let mut dates = Dates::default();
        let fields = PartnerInput {
            name: input.name,
            acronym: maybe(input.acronym),
            kind: input.kind.map(Into::into),
            joined_on: dates.maybe_date(input.joined_on, "joinedOn"),
            contact: input.contact.map(Into::into).unwrap_or_default(),
        };
        let update = update_partner(
            services(ctx)?,
            viewer(ctx),
            id,
            input.expected_version,
            fields,
        );
        payload(dates.run(update).await)
    }
}
