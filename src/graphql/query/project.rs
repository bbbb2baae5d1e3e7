//! `Query.projects`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{
    DEFAULT_PAGE_SIZE, ListConnection, MAX_PAGE_SIZE, PageArgs, connection,
};
use crate::graphql::plan::{Planned, count, list_value, plan_project_list, planner_on};
use crate::graphql::types::db;
use crate::graphql::types::enums::OrderDirection;
use crate::graphql::types::inputs::{ProjectFilter, ProjectOrder, ProjectOrderField, project_list};
use crate::graphql::types::project::Project;
use crate::service::project::list_projects;
use crate::service::read::{ProjectRoot, read_projects};

#[derive(Default)]
pub struct ProjectQuery;

#[Object]
impl ProjectQuery {
    /// Every project, oldest first unless `orderBy` says otherwise.
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn projects(
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
        #[graphql(desc = "Only the projects that match every criterion given.")] filter: Option<
            ProjectFilter,
        >,
        #[graphql(desc = "The order of the projects; by creation, oldest first, when not given.")]
        order_by: Option<ProjectOrder>,
    ) -> Result<Planned<ListConnection<Project>>> {
        if planner_on(ctx) {
            let plannable = after.is_none()
                && last.is_none()
                && before.is_none()
                && filter.is_none()
                && first.is_none_or(|first| (0..=MAX_PAGE_SIZE).contains(&first))
                && order_by.is_none_or(|order| order.field == ProjectOrderField::CreatedAt);
            let plan = plannable.then(|| plan_project_list(ctx)).flatten();
            count("projects", plan.is_some());
            if let Some(plan) = plan {
                let root = ProjectRoot::List {
                    limit: first.unwrap_or(DEFAULT_PAGE_SIZE) as u64,
                    descending: order_by
                        .is_some_and(|order| order.direction == OrderDirection::Desc),
                };
                let rows = read_projects(db(ctx)?, root, plan.read).await?;
                return Ok(Planned::Value(list_value(&rows, &plan)?));
            }
        }
        let list = project_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let page = list_projects(db(ctx)?, &list).await?;
        Ok(Planned::Resolved(connection(page, Project)))
    }
}
