//! `AuditEvent`: one recorded write (who, when, what), and the `AuditEventFilter` of
//! `Query.auditEvents`.

use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::entity::audit_event;
use crate::graphql::id::{NodeType, decode, encode, encode_named, parse_opt_arg};
use crate::graphql::loaders::loaders;
use crate::graphql::scalars::DateTime;
use crate::graphql::types::user::User;
use crate::graphql::viewer::viewer;
use crate::service::audit::{self as service, changed_fields};

/// One write, recorded in its own transaction: who did what to which object, and when.
pub struct AuditEvent(pub audit_event::Model);

/// One write, recorded in the same transaction as the write itself: who did what to which object,
/// and when. Visible to ADMIN, and to STAFF for their center.
#[Object]
impl AuditEvent {
    /// The event's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::AuditEvent, self.0.id)
    }

    /// Who made the change; null when nobody signed in made it (the command line, the start-up)
    /// or when the caller may not see that user.
    async fn actor(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(id) = self.0.actor_user_id else {
            return Ok(None);
        };
        let user = loaders(ctx)?.users.load_one(id).await?;
        Ok(user
            .filter(|user| viewer(ctx).can_read_user(user))
            .map(User))
    }

    /// What was done, e.g. `update_project`, `transition_commitment`, `update_user`.
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// The type of the changed object, e.g. `Project`.
    async fn entity_type(&self) -> &str {
        &self.0.entity_type
    }

    /// The global id of the changed object, as `node(id:)` takes it.
    async fn entity_id(&self) -> ID {
        encode_named(&self.0.entity_type, self.0.entity_id)
    }

    /// The input fields the write set, e.g. `["title", "totalCost"]`.
    async fn changed_fields(&self) -> Vec<String> {
        changed_fields(&self.0)
    }

    /// The `x-request-id` of the request that made the change, to find its log lines.
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// When the change was committed.
    async fn at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }
}

/// Which audit events `auditEvents` lists; every criterion given must match.
#[derive(InputObject, Default)]
pub struct AuditEventFilter {
    /// The changed object's global id (any type).
    pub entity_id: Option<ID>,
    /// The user who made the changes.
    pub actor_id: Option<ID>,
    /// An action, e.g. `update_project`.
    pub action: Option<String>,
    /// Events at or after this instant.
    pub from: Option<DateTime>,
    /// Events before this instant.
    pub to: Option<DateTime>,
}

impl AuditEventFilter {
    /// The service's filter; a malformed id is a `BAD_USER_INPUT` error naming its field.
    pub fn parse(self) -> Result<service::AuditFilter> {
        let entity = match &self.entity_id {
            Some(id) => {
                let (node_type, row) = decode(id).ok_or_else(|| {
                    crate::graphql::error::bad_input(format!(
                        "`entityId` must be the id of an object, got {:?}",
                        id.as_str()
                    ))
                })?;
                Some((node_type.name().to_owned(), row))
            }
            None => None,
        };
        Ok(service::AuditFilter {
            entity,
            actor_id: parse_opt_arg(self.actor_id.as_ref(), NodeType::User, "actorId")?,
            action: self.action,
            from: self
                .from
                .map(|instant| instant.argument("from"))
                .transpose()?,
            to: self.to.map(|instant| instant.argument("to")).transpose()?,
        })
    }
}
