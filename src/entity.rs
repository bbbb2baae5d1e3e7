//! One sea-orm entity per table; no logic beyond the mapping. Enum columns use the domain's types.

pub mod api_token;
pub mod audit_event;
pub mod center;
pub mod commitment;
pub mod disbursement;
pub mod idempotency_key;
pub mod indicator;
pub mod indicator_measurement;
pub mod organization;
pub mod organization_sector;
pub mod partner;
pub mod program;
pub mod project;
pub mod project_status_change;
pub mod support_session;
pub mod user;
pub mod zone;
