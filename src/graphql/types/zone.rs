//! `Zone`: a neighbourhood of a center's territory.

use async_graphql::{Context, ID, Object, Result};

use crate::entity::zone;
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::{loaders, required};
use crate::graphql::types::center::Center;
use crate::graphql::types::enums::VulnerabilityLevel;

/// A neighbourhood of a center's territory, such as the quarters of families rehoused in 1989.
pub struct Zone(pub zone::Model);

/// A neighbourhood of a center's territory, such as the quarters of the families rehoused in 1989,
/// with how vulnerable it is. Readable by anyone.
#[Object]
impl Zone {
    /// The zone's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::Zone, self.0.id)
    }

    /// The neighbourhood's name; unique within its center.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The commune the neighbourhood belongs to; null when not recorded.
    async fn commune(&self) -> Option<&str> {
        self.0.commune.as_deref()
    }

    /// How vulnerable the neighbourhood is; null when not assessed.
    async fn vulnerability(&self) -> Option<VulnerabilityLevel> {
        self.0.vulnerability.map(Into::into)
    }

    /// The center whose territory the zone is part of.
    async fn center(&self, ctx: &Context<'_>) -> Result<Center> {
        let center = required(&loaders(ctx)?.centers, self.0.center_id).await?;
        Ok(Center(center))
    }
}
