//! `Query.auditEvents`: the audit trail, newest first.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::types::audit::{AuditEvent, AuditEventFilter};
use crate::graphql::types::db;
use crate::graphql::viewer::viewer;
use crate::service::audit::list_audit_events;

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Every recorded write, newest first: ADMIN reads all of them, STAFF those about their
    /// center and its zones, organizations, projects, commitments and disbursements.
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<AuditEventFilter>,
    ) -> Result<ListConnection<AuditEvent>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        let filter = filter.unwrap_or_default().parse()?;
        let page = list_audit_events(db(ctx)?, viewer(ctx), &filter, &request).await?;
        Ok(connection(page, AuditEvent))
    }
}
