//! The `Node` interface and the resolution of global ids, for `Query.node` and `Query.nodes`.

use async_graphql::{Context, ID, Interface, Result};

use crate::graphql::id::{NodeType, decode};
use crate::graphql::loaders::loaders;
use crate::graphql::types::audit::AuditEvent;
use crate::graphql::types::center::Center;
use crate::graphql::types::commitment::{Commitment, Disbursement};
use crate::graphql::types::db;
use crate::graphql::types::engagement::PartnerEngagement;
use crate::graphql::types::event::{Event, EventParticipant};
use crate::graphql::types::funding_search::{FundingRequest, ProgramRequirement};
use crate::graphql::types::management::ManagementAgreement;
use crate::graphql::types::organization::{Association, Cooperative, Organization};
use crate::graphql::types::partner::Partner;
use crate::graphql::types::program::Program;
use crate::graphql::types::project::Project;
use crate::graphql::types::user::{ApiToken, User};
use crate::graphql::types::zone::Zone;
use crate::graphql::viewer::viewer;
use crate::service::audit::find_audit_event;
use crate::service::user::api_tokens_of;

/// An object with an opaque, stable id that `Query.node(id:)` resolves.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "The object's global id: opaque (do not take it apart), stable for ever, unique across all types."
))]
pub enum Node {
    Center(Center),
    Zone(Zone),
    Partner(Partner),
    Program(Program),
    Association(Association),
    Cooperative(Cooperative),
    Project(Project),
    Commitment(Commitment),
    Disbursement(Disbursement),
    User(User),
    ApiToken(ApiToken),
    AuditEvent(AuditEvent),
    ProgramRequirement(ProgramRequirement),
    FundingRequest(FundingRequest),
    Event(Event),
    EventParticipant(EventParticipant),
    PartnerEngagement(PartnerEngagement),
    ManagementAgreement(ManagementAgreement),
    SupportSession(crate::graphql::types::support_session::SupportSession),
    Indicator(crate::graphql::types::indicator::Indicator),
}

impl From<Organization> for Node {
    fn from(organization: Organization) -> Self {
        match organization {
            Organization::Association(association) => Self::Association(association),
            Organization::Cooperative(cooperative) => Self::Cooperative(cooperative),
        }
    }
}

/// The node an id names, or `None` when the id is malformed, of no known type, or names nothing
/// the caller can see. Users and audit events are visible to whom the role matrix allows, API
/// tokens to their owner only.
pub async fn resolve(ctx: &Context<'_>, id: &ID) -> Result<Option<Node>> {
    let Some((node_type, row)) = decode(id) else {
        return Ok(None);
    };
    let loaders = loaders(ctx)?;
    Ok(match node_type {
        NodeType::Center => loaders
            .centers
            .load_one(row)
            .await?
            .map(|m| Node::Center(Center(m))),
        NodeType::Zone => loaders
            .zones
            .load_one(row)
            .await?
            .map(|m| Node::Zone(Zone(m))),
        NodeType::Partner => loaders
            .partners
            .load_one(row)
            .await?
            .map(|m| Node::Partner(Partner(m))),
        NodeType::Program => loaders
            .programs
            .load_one(row)
            .await?
            .map(|m| Node::Program(Program(m))),
        NodeType::Organization => loaders
            .organizations
            .load_one(row)
            .await?
            .map(|m| Organization::from(m).into()),
        NodeType::Project => loaders
            .projects
            .load_one(row)
            .await?
            .map(|m| Node::Project(Project(m))),
        NodeType::Commitment => loaders
            .commitments
            .load_one(row)
            .await?
            .map(|m| Node::Commitment(Commitment(m))),
        NodeType::Disbursement => loaders
            .disbursements
            .load_one(row)
            .await?
            .map(|m| Node::Disbursement(Disbursement(m))),
        NodeType::User => loaders
            .users
            .load_one(row)
            .await?
            .filter(|user| viewer(ctx).can_read_user(user))
            .map(|m| Node::User(User(m))),
        NodeType::ApiToken => match viewer(ctx).user_id() {
            Some(user_id) => api_tokens_of(db(ctx)?, user_id)
                .await?
                .into_iter()
                .find(|token| token.id == row)
                .map(|m| Node::ApiToken(ApiToken(m))),
            None => None,
        },
        NodeType::AuditEvent => find_audit_event(db(ctx)?, viewer(ctx), row)
            .await?
            .map(|m| Node::AuditEvent(AuditEvent(m))),
        NodeType::ProgramRequirement => loaders
            .program_requirements
            .load_one(row)
            .await?
            .map(|m| Node::ProgramRequirement(ProgramRequirement(m))),
        NodeType::FundingRequest => loaders
            .funding_requests
            .load_one(row)
            .await?
            .map(|m| Node::FundingRequest(FundingRequest(m))),
        NodeType::Event => loaders
            .events
            .load_one(row)
            .await?
            .map(|m| Node::Event(Event(m))),
        NodeType::EventParticipant => loaders
            .event_participants
            .load_one(row)
            .await?
            .map(|m| Node::EventParticipant(EventParticipant(m))),
        NodeType::PartnerEngagement => loaders
            .partner_engagements
            .load_one(row)
            .await?
            .map(|m| Node::PartnerEngagement(PartnerEngagement(m))),
        NodeType::ManagementAgreement => loaders
            .management_agreements
            .load_one(row)
            .await?
            .map(|m| Node::ManagementAgreement(ManagementAgreement(m))),
        NodeType::SupportSession => crate::service::lookup::by_ids::<
            crate::entity::support_session::Entity,
        >(db(ctx)?, &[row])
        .await?
        .remove(&row)
        .map(|m| Node::SupportSession(crate::graphql::types::support_session::SupportSession(m))),
        NodeType::Indicator => {
            crate::service::lookup::by_ids::<crate::entity::indicator::Entity>(db(ctx)?, &[row])
                .await?
                .remove(&row)
                .map(|m| Node::Indicator(crate::graphql::types::indicator::Indicator(m)))
        }
    })
}
