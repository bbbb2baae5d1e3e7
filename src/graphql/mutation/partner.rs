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

/// A new partner.
#[derive(InputObject)]
pub struct CreatePartnerInput {
    /// The partner's name: 1 to 200 characters.
    pub name: String,
    /// The short name the partner goes by, e.g. "ADS".
    pub acronym: Option<String>,
    /// What sort of body the partner is.
    pub kind: PartnerKind,
    /// The day the partner came on board.
    pub joined_on: Option<Date>,
    /// How to reach the partner; personal data, shown only to those allowed.
    pub contact: Option<ContactInput>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Only the fields given change; `null` clears an optional field.
#[derive(InputObject)]
pub struct UpdatePartnerInput {
    /// The partner to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new name.
    pub name: Option<String>,
    /// A new short name; `null` clears it.
    pub acronym: MaybeUndefined<String>,
    /// A new kind.
    pub kind: Option<PartnerKind>,
    /// A new joining day; `null` clears it.
    pub joined_on: MaybeUndefined<Date>,
    /// Changes to the contact: only its fields given change.
    pub contact: Option<ContactInput>,
}

/// The outcome of a write of a partner: the partner as written, or `userErrors` and nothing
/// written.
#[derive(SimpleObject)]
pub struct PartnerPayload {
    /// The partner as written; null when the write was refused.
    partner: Option<Partner>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
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
        #[graphql(desc = "The new partner.")] input: CreatePartnerInput,
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
        #[graphql(desc = "The partner to change, and the changes.")] input: UpdatePartnerInput,
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
