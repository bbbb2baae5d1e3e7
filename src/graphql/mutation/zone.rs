//! `Mutation.createZone`.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg};
use crate::graphql::mutation::services;
use crate::graphql::types::enums::VulnerabilityLevel;
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::types::zone::Zone;
use crate::graphql::viewer::viewer;
use crate::service::zone::{ZoneInput, create_zone};

#[derive(InputObject)]
pub struct CreateZoneInput {
    pub center_id: ID,
    /// Unique within the center.
    pub name: String,
    pub commune: Option<String>,
    pub vulnerability: Option<VulnerabilityLevel>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

#[derive(SimpleObject)]
pub struct ZonePayload {
    zone: Option<Zone>,
    user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct ZoneMutation;

#[Object]
impl ZoneMutation {
    /// Creates a neighbourhood of a center's territory (ADMIN, or STAFF of that center).
    async fn create_zone(&self, ctx: &Context<'_>, input: CreateZoneInput) -> Result<ZonePayload> {
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
