//! One sea-orm entity per table; no logic beyond the mapping. Enum columns use the domain's types.

pub mod api_token;
pub mod audit_event;
pub mod center;
pub mod commitment;
pub mod disbursement;
pub mod dossier_item;
pub mod event;
pub mod event_participant;
pub mod funding_request;
pub mod idempotency_key;
pub mod indicator;
pub mod indicator_measurement;
pub mod management_agreement;
pub mod organization;
pub mod organization_sector;
pub mod partner;
pub mod partner_engagement;
pub mod program;
pub mod program_requirement;
pub mod project;
pub mod project_status_change;
pub mod support_session;
pub mod user;
pub mod zone;
