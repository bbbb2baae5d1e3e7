//! `Zone`: a neighbourhood of a center's territory.

use async_graphql::{Context, ID, Object, Result};

use crate::entity::zone;
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::{loaders, required};
use crate::graphql::types::center::Center;
use crate::graphql::types::enums::VulnerabilityLevel;

/// A neighbourhood of a center's territory, such as the quarters of families rehoused in 1989.
pub struct Zone(pub zone::Model);

#[Object]
impl Zone {
    pub async fn id(&self) -> ID {
        encode(NodeType::Zone, self.0.id)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn commune(&self) -> Option<&str> {
        self.0.commune.as_deref()
    }

    async fn vulnerability(&self) -> Option<VulnerabilityLevel> {
        self.0.vulnerability.map(Into::into)
    }

    async fn center(&self, ctx: &Context<'_>) -> Result<Center> {
        let center = required(&loaders(ctx)?.centers, self.0.center_id).await?;
        Ok(Center(center))
    }
}
