//! `Partner`: a body that commits resources to the center and its projects.

use async_graphql::{ID, InputObject, Object};

use crate::entity::partner;
use crate::graphql::id::{NodeType, encode};
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::types::enums::PartnerKind;
use crate::service::partner as service;

/// The prefecture, the ADS, the associative network, a company: whoever commits resources.
pub struct Partner(pub partner::Model);

#[Object]
impl Partner {
    pub async fn id(&self) -> ID {
        encode(NodeType::Partner, self.0.id)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn acronym(&self) -> Option<&str> {
        self.0.acronym.as_deref()
    }

    async fn kind(&self) -> PartnerKind {
        self.0.kind.into()
    }

    async fn joined_on(&self) -> Option<Date> {
        self.0.joined_on.map(Date)
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }

    async fn updated_at(&self) -> DateTime {
        DateTime(self.0.updated_at)
    }

    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Which partners to list; every criterion given must match.
#[derive(InputObject, Default)]
pub struct PartnerFilter {
    pub kind: Option<PartnerKind>,
    /// Matches name and acronym, case- and accent-insensitively: "developpement" finds
    /// "Développement".
    pub search: Option<String>,
    /// Only partners changed at or after this instant, for incremental sync.
    pub updated_since: Option<DateTime>,
}

impl From<PartnerFilter> for service::PartnerFilter {
    fn from(filter: PartnerFilter) -> Self {
        Self {
            kind: filter.kind.map(Into::into),
            search: filter.search,
            updated_since: filter.updated_since.map(|instant| instant.0),
        }
    }
}
