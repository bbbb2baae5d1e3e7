//! `Mutation.createZone`.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg};
use crate::graphql::mutation::services;
use crate::graphql::types::enums::VulnerabilityLevel;
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::types::zone::Zone;
use crate::graphql::viewer::viewer;
use crate::service::zone::{ZoneInput, create_zone};

/// A new neighbourhood of a center's territory.
#[derive(InputObject)]
pub struct CreateZoneInput {
    /// The center whose territory the zone is part of; STAFF may only name their own.
    pub center_id: ID,
    /// Unique within the center.
    pub name: String,
    /// The commune the neighbourhood belongs to.
    pub commune: Option<String>,
    /// How vulnerable the neighbourhood is.
    pub vulnerability: Option<VulnerabilityLevel>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// The outcome of a write of a zone: the zone as written, or `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct ZonePayload {
    /// The zone as written; null when the write was refused.
    zone: Option<Zone>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct ZoneMutation;

#[Object]
impl ZoneMutation {
    /// Creates a neighbourhood of a center's territory (ADMIN, or STAFF of that center).
    async fn create_zone(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new zone.")] input: CreateZoneInput,
    ) -> Result<ZonePayload> {
        let fields = ZoneInput {
            center_id: parse_arg(&input.center_id, NodeType::Center, "centerId")?,
            name: input.name,
            commune: input.commune,
            vulnerability: input.vulnerability.map(Into::into),
        };
        let key = input.idempotency_key.as_deref();
        let outcome = create_zone(services(ctx)?, viewer(ctx), fields, key).await;
        let (zone, user_errors) = into_payload(outcome)?;
        Ok(ZonePayload {
            zone: zone.map(Zone),
            user_errors,
        })
    }
}
