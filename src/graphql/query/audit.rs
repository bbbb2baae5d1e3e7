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
        #[graphql(
            desc = "At most this many items from the start of the list (after `after` when given): 0 to 100; 20 when neither `first` nor `last` is given. Not together with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of an edge from an earlier page: this page starts right after it."
        )]
        after: Option<String>,
        #[graphql(
            desc = "At most this many items from the end of the list (before `before` when given): 0 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of an edge from an earlier page: this page ends right before it."
        )]
        before: Option<String>,
        #[graphql(desc = "Only the events that match every criterion given.")] filter: Option<
            AuditEventFilter,
        >,
    ) -> Result<ListConnection<AuditEvent>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        let filter = filter.unwrap_or_default().parse()?;
        let page = list_audit_events(db(ctx)?, viewer(ctx), &filter, &request).await?;
        Ok(connection(page, AuditEvent))
    }
}
