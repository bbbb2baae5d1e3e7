//! `Mutation.createCenter` and `updateCenter`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg, parse_opt_arg};
use crate::graphql::mutation::{Dates, maybe, services};
use crate::graphql::scalars::Date;
use crate::graphql::types::center::Center;
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::center::{CenterInput, create_center, update_center};

/// A new center (ADMIN only).
#[derive(InputObject)]
pub struct CreateCenterInput {
    /// The center's name: 1 to 200 characters.
    pub name: String,
    /// Lower-case letters, digits and hyphens; its first three letters start project references.
    pub slug: String,
    /// The city the center is in.
    pub city: String,
    /// The region the center is in.
    pub region: Option<String>,
    /// The day the center opened.
    pub opened_on: Option<Date>,
    /// The partner running the center under delegated management.
    pub managed_by_id: Option<ID>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Only the fields given change; `null` clears an optional field.
#[derive(InputObject)]
pub struct UpdateCenterInput {
    /// The center to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new name.
    pub name: Option<String>,
    /// A new city.
    pub city: Option<String>,
    /// A new region; `null` clears it.
    pub region: MaybeUndefined<String>,
    /// A new opening day; `null` clears it.
    pub opened_on: MaybeUndefined<Date>,
    /// The partner now running the center; `null` clears it.
    pub managed_by_id: MaybeUndefined<ID>,
}

/// The outcome of a write of a center: the center as written, or `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct CenterPayload {
    /// The center as written; null when the write was refused.
    center: Option<Center>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

fn payload(result: crate::error::Result<crate::entity::center::Model>) -> Result<CenterPayload> {
    let (center, user_errors) = into_payload(result)?;
    Ok(CenterPayload {
        center: center.map(Center),
        user_errors,
    })
}

#[derive(Default)]
pub struct CenterMutation;

#[Object]
impl CenterMutation {
    /// Creates a center (ADMIN).
    async fn create_center(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new center.")] input: CreateCenterInput,
    ) -> Result<CenterPayload> {
        let mut dates = Dates::default();
        let fields = CenterInput {
            name: Some(input.name),
            slug: Some(input.slug),
            city: Some(input.city),
            region: Some(input.region),
            opened_on: Some(dates.date(input.opened_on, "openedOn")),
            managed_by_id: Some(parse_opt_arg(
                input.managed_by_id.as_ref(),
                NodeType::Partner,
                "managedById",
            )?),
        };
        let key = input.idempotency_key.as_deref();
        let create = create_center(services(ctx)?, viewer(ctx), fields, key);
        payload(dates.run(create).await)
    }

    /// Updates a center (ADMIN).
    async fn update_center(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The center to change, and the changes.")] input: UpdateCenterInput,
    ) -> Result<CenterPayload> {
        let id = parse_arg(&input.id, NodeType::Center, "id")?;
        let managed_by_id = match maybe(input.managed_by_id) {
            Some(Some(id)) => Some(Some(parse_arg(&id, NodeType::Partner, "managedById")?)),
            Some(None) => Some(None),
            None => None,
        };
        let mut dates = Dates::default();
        let fields = CenterInput {
            name: input.name,
            slug: None,
            city: input.city,
            region: maybe(input.region),
            opened_on: dates.maybe_date(input.opened_on, "openedOn"),
            managed_by_id,
        };
        let update = update_center(
            services(ctx)?,
            viewer(ctx),
            id,
            input.expected_version,
            fields,
        );
        payload(dates.run(update).await)
    }
}
