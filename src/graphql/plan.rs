//! The read planner (issue 12): a root field whose whole selection is in the planner's
//! vocabulary ([`types`]) is answered by ONE SQL statement ([`crate::service::read`]) that the
//! database turns into the nested answer; anything else falls back to the resolvers, unchanged,
//! and is counted in `/metrics` (`cqs_planner_fallbacks_total`).
//!
//! The selection is read from the query's AST, not from `ctx.field().selection_set()`, which
//! flattens fragments without their type conditions (wrong for `node { ... on Partner }`).
//! `ctx.item` and `ctx.query_env` are `#[doc(hidden)] pub` in async-graphql 7.2 because its own
//! derive macros use them; they are what a resolver sees of the document.
//!
//! Lists take the resolvers' own arguments, converted by the same functions, so a planned page
//! has their rows, cursors and errors; arguments the conversion refuses fall back, and the
//! resolvers answer with their error.
//!
//! Visibility: the vocabulary holds only fields every caller may read (no contacts, no users), so
//! a planned answer never shows what the resolvers would hide; anything gated by the viewer
//! falls back.

mod render;
mod types;

use std::borrow::Cow;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Directive, Field, Selection, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::{
    Context, ContextSelectionSet, Name, OutputType, Positioned, ServerResult, Value,
};

use crate::graphql::id::NodeType;
use crate::graphql::types::db;
use crate::graphql::viewer::viewer;
use crate::service::commitment::{CommitmentList, planned_commitments};
use crate::service::page::PageRequest;
use crate::service::partner::{PartnerFilter, planned_partners};
use crate::service::project::{ProjectList, planned_projects};
use crate::service::read::{Answer, ListRead, Read, Root, read};
use crate::service::session::claims_hold;
use types::{FieldSpec, ListSpec, TypeSpec};

/// Whether the planner may answer (`CQS_PLANNER`, on by default), as schema data.
#[derive(Clone, Copy, Debug)]
pub struct PlannerSwitch(pub bool);

/// Whether the planner is on for this schema.
pub fn planner_on(ctx: &Context<'_>) -> bool {
    ctx.data_opt::<PlannerSwitch>()
        .is_some_and(|switch| switch.0)
}

/// Counts a planned answer or a fallback of `field` in `/metrics`.
pub fn count(field: &'static str, planned: bool) {
    if planned {
        metrics::counter!("cqs_planner_plans_total", "field" => field).increment(1);
    } else {
        metrics::counter!("cqs_planner_fallbacks_total", "field" => field).increment(1);
    }
}

/// A value the planner computed, or the resolvers' output: the schema sees only `T`, so the SDL
/// does not change.
pub enum Planned<T> {
    Value(Value),
    Resolved(T),
}

impl<T: OutputType> OutputType for Planned<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn qualified_type_name() -> String {
        T::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        match self {
            Planned::Value(value) => Ok(value.clone()),
            Planned::Resolved(inner) => inner.resolve(ctx, field).await,
        }
    }
}

/// One response key of a selection, with every field merged under it.
pub(crate) struct Merged<'a> {
    pub(crate) name: &'a str,
    pub(crate) fields: Vec<&'a Positioned<Field>>,
}

impl Merged<'_> {
    pub(crate) fn has_arguments(&self) -> bool {
        self.fields.iter().any(|f| !f.node.arguments.is_empty())
    }
}

/// The fields of `set` that apply, by response key in first-seen order. `applies` says whether a
/// fragment's type condition holds (`Some(true)`), does not (`Some(false)`), or cannot be known
/// without the data (`None`: fall back).
pub(crate) fn collect<'a>(
    ctx: &Context<'a>,
    set: &'a SelectionSet,
    applies: &dyn Fn(&str) -> Option<bool>,
    out: &mut IndexMap<&'a str, Merged<'a>>,
) -> Option<()> {
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                if !included(ctx, &field.node.directives)? {
                    continue;
                }
                let key = field.node.response_key().node.as_str();
                out.entry(key)
                    .or_insert_with(|| Merged {
                        name: field.node.name.node.as_str(),
                        fields: Vec::new(),
                    })
                    .fields
                    .push(field);
            }
            Selection::InlineFragment(fragment) => {
                if !included(ctx, &fragment.node.directives)? {
                    continue;
                }
                let holds = match &fragment.node.type_condition {
                    Some(condition) => applies(condition.node.on.node.as_str())?,
                    None => true,
                };
                if holds {
                    collect(ctx, &fragment.node.selection_set.node, applies, out)?;
                }
            }
            Selection::FragmentSpread(spread) => {
                if !included(ctx, &spread.node.directives)? {
                    continue;
                }
                let fragment = ctx
                    .query_env
                    .fragments
                    .get(&spread.node.fragment_name.node)?;
                if applies(fragment.node.type_condition.node.on.node.as_str())? {
                    collect(ctx, &fragment.node.selection_set.node, applies, out)?;
                }
            }
        }
    }
    Some(())
}

/// `@skip`/`@include` with their `if` resolved; any other directive is not planned.
pub(crate) fn included(ctx: &Context<'_>, directives: &[Positioned<Directive>]) -> Option<bool> {
    let mut included = true;
    for directive in directives {
        let skip = match directive.node.name.node.as_str() {
            "skip" => true,
            "include" => false,
            _ => return None,
        };
        let (_, value) = directive
            .node
            .arguments
            .iter()
            .find(|(name, _)| name.node == "if")?;
        let Value::Boolean(condition) = value
            .node
            .clone()
            .into_const_with(|name| variable(ctx, &name))
            .ok()?
        else {
            return None;
        };
        if condition == skip {
            included = false;
        }
    }
    Some(included)
}

/// A variable's value, or its default, as the executor resolves it.
pub(crate) fn variable(ctx: &Context<'_>, name: &Name) -> Result<Value, ()> {
    let env = ctx.query_env;
    env.operation
        .node
        .variable_definitions
        .iter()
        .find(|def| def.node.name.node == *name)
        .and_then(|def| env.variables.get(name).or_else(|| def.node.default_value()))
        .cloned()
        .ok_or(())
}

/// The fields of a merged key's sub-selections.
pub(crate) fn children<'a>(
    ctx: &Context<'a>,
    merged: &Merged<'a>,
    applies: &dyn Fn(&str) -> Option<bool>,
) -> Option<IndexMap<&'a str, Merged<'a>>> {
    let mut out = IndexMap::new();
    for field in &merged.fields {
        collect(ctx, &field.node.selection_set.node, applies, &mut out)?;
    }
    Some(out)
}

pub(crate) fn exactly(name: &'static str) -> impl Fn(&str) -> Option<bool> {
    move |condition| Some(condition == name)
}

pub(crate) fn node_type(name: &'static str) -> impl Fn(&str) -> Option<bool> {
    move |condition| Some(condition == name || condition == "Node")
}

/// A planned object: each response key with what it renders.
pub(crate) struct Object {
    typename: types::Typename,
    fields: Vec<(String, Out)>,
}

enum Out {
    Typename,
    Scalar(&'static str, types::Conv),
    Money(&'static str, Vec<(String, MoneyPart)>),
    /// The linked row at this index of the row's links.
    One(usize, Object),
    List(usize, Connection),
}

enum MoneyPart {
    Typename,
    Amount,
    Currency,
}

/// A planned connection: each response key with what it renders.
pub(crate) struct Connection {
    typename: &'static str,
    edge: &'static str,
    parts: Vec<(String, Part)>,
}

enum Part {
    Typename,
    Nodes(Object),
    Edges(Vec<(String, EdgePart)>),
    PageInfo(Vec<(String, PageInfoPart)>),
    TotalCount,
}

enum EdgePart {
    Typename,
    Cursor,
    Node(Object),
}

enum PageInfoPart {
    Typename,
    HasNextPage,
    HasPreviousPage,
    StartCursor,
    EndCursor,
}

/// A planned root field: the statement to run and how to render its answer.
pub struct Plan {
    root: Root,
    render: Render,
}

enum Render {
    One(Object),
    List(Connection),
}

/// `Query.projects` with the page `list` its arguments asked for, or `None` to fall back.
pub fn plan_projects(ctx: &Context<'_>, list: &ProjectList) -> Option<Plan> {
    plan_list(ctx, &PROJECT_LIST, |count, read| {
        planned_projects(list, count, read)
    })
}

/// `Query.commitments` with the page `list` its arguments asked for, or `None` to fall back.
pub fn plan_commitments(ctx: &Context<'_>, list: &CommitmentList) -> Option<Plan> {
    plan_list(ctx, &COMMITMENT_LIST, |count, read| {
        planned_commitments(list, count, read)
    })
}

/// `Query.partners` with the page its arguments asked for, or `None` to fall back.
pub fn plan_partners(
    ctx: &Context<'_>,
    filter: &PartnerFilter,
    request: &PageRequest,
) -> Option<Plan> {
    plan_list(ctx, &PARTNER_LIST, |count, read| {
        planned_partners(filter, request, count, read)
    })
}

fn plan_list(
    ctx: &Context<'_>,
    spec: &'static ListSpec,
    page: impl FnOnce(bool, Read) -> crate::error::Result<ListRead>,
) -> Option<Plan> {
    let fields = field_children(ctx, &exactly(spec.connection))?;
    let mut read = Read::new();
    let (connection, count) = plan_connection(ctx, fields, spec, &mut read)?;
    let root = Root::List(Box::new(page(count, read).ok()?));
    Some(Plan {
        root,
        render: Render::List(connection),
    })
}

/// The roots' lists: their arguments come converted by their resolvers.
static PROJECT_LIST: ListSpec = ListSpec {
    connection: "ProjectConnection",
    edge: "ProjectEdge",
    node: &types::PROJECT,
    link: |_, _, _, _, _| None,
};

static PARTNER_LIST: ListSpec = ListSpec {
    connection: "PartnerConnection",
    edge: "PartnerEdge",
    node: &types::PARTNER,
    link: |_, _, _, _, _| None,
};

static COMMITMENT_LIST: ListSpec = ListSpec {
    connection: "CommitmentConnection",
    edge: "CommitmentEdge",
    node: &types::COMMITMENT,
    link: |_, _, _, _, _| None,
};

/// `Query.node` for an id of `node_type`, or `None` to fall back.
pub fn plan_node(ctx: &Context<'_>, node_type: NodeType, id: i64) -> Option<Plan> {
    use crate::entity::{commitment, partner, program, project, zone};
    let spec = match node_type {
        NodeType::Project => &types::PROJECT,
        NodeType::Commitment => &types::COMMITMENT,
        NodeType::Partner => &types::PARTNER,
        NodeType::Zone => &types::ZONE,
        NodeType::Program => &types::PROGRAM,
        _ => return None,
    };
    let fields = field_children(ctx, &spec.applies)?;
    let mut read = Read::new();
    let object = plan_object(ctx, spec, &fields, &mut read)?;
    let root = match node_type {
        NodeType::Project => Root::one::<project::Entity>(id, read),
        NodeType::Commitment => Root::one::<commitment::Entity>(id, read),
        NodeType::Partner => Root::one::<partner::Entity>(id, read),
        NodeType::Zone => Root::one::<zone::Entity>(id, read),
        _ => Root::one::<program::Entity>(id, read),
    };
    Some(Plan {
        root,
        render: Render::One(object),
    })
}

/// Runs a plan's statement and renders its answer.
pub async fn answer(ctx: &Context<'_>, plan: &Plan) -> async_graphql::Result<Value> {
    let viewer = viewer(ctx);
    let check = viewer.to_confirm().map(claims_hold);
    let (answer, confirmed) = read(db(ctx)?, &plan.root, check).await?;
    if let Some(holds) = confirmed {
        viewer.confirm(holds);
    }
    match (answer, &plan.render) {
        (Answer::One(row), Render::One(object)) => match row {
            Some(row) => render::object(&row, object),
            None => Ok(Value::Null),
        },
        (Answer::List(page), Render::List(connection)) => render::connection(&page, connection),
        _ => Err(async_graphql::Error::new(
            "planned read: answer of another shape",
        )),
    }
}

fn field_children<'a>(
    ctx: &Context<'a>,
    applies: &dyn Fn(&str) -> Option<bool>,
) -> Option<IndexMap<&'a str, Merged<'a>>> {
    let mut out = IndexMap::new();
    collect(ctx, &ctx.item.node.selection_set.node, applies, &mut out)?;
    Some(out)
}

fn plan_object<'a>(
    ctx: &Context<'a>,
    spec: &'static TypeSpec,
    fields: &IndexMap<&'a str, Merged<'a>>,
    read: &mut Read,
) -> Option<Object> {
    if let types::Typename::OrganizationKind = spec.typename {
        read.column(sea_orm::sea_query::Alias::new("kind"));
    }
    let mut out = Vec::with_capacity(fields.len());
    for (key, merged) in fields {
        let field = if merged.name == "__typename" {
            Out::Typename
        } else {
            match (spec.field)(merged.name)? {
                FieldSpec::List(list) => {
                    let children = children(ctx, merged, &exactly(list.connection))?;
                    let mut child = Read::new();
                    let (connection, count) = plan_connection(ctx, children, list, &mut child)?;
                    let index = (list.link)(ctx, merged, read, count, child)?;
                    Out::List(index, connection)
                }
                _ if merged.has_arguments() => return None,
                FieldSpec::Scalar(column, conv) => {
                    read.column(sea_orm::sea_query::Alias::new(column));
                    Out::Scalar(column, conv)
                }
                FieldSpec::Money(column) => {
                    read.column(sea_orm::sea_query::Alias::new(column));
                    read.column(sea_orm::sea_query::Alias::new("currency"));
                    Out::Money(column, money_parts(ctx, merged)?)
                }
                FieldSpec::One { spec, link } => {
                    let children = children(ctx, merged, &spec.applies)?;
                    let mut child = Read::new();
                    let object = plan_object(ctx, spec, &children, &mut child)?;
                    Out::One(link(read, child), object)
                }
            }
        };
        out.push(((*key).to_owned(), field));
    }
    Some(Object {
        typename: spec.typename,
        fields: out,
    })
}

fn money_parts(ctx: &Context<'_>, merged: &Merged<'_>) -> Option<Vec<(String, MoneyPart)>> {
    let mut parts = Vec::new();
    for (key, merged) in children(ctx, merged, &exactly("Money"))? {
        let part = match merged.name {
            "__typename" => MoneyPart::Typename,
            "amount" => MoneyPart::Amount,
            "currency" => MoneyPart::Currency,
            _ => return None,
        };
        parts.push((key.to_owned(), part));
    }
    Some(parts)
}

/// A connection's parts, reading its rows into `read`; whether `totalCount` is asked.
fn plan_connection<'a>(
    ctx: &Context<'a>,
    fields: IndexMap<&'a str, Merged<'a>>,
    list: &'static ListSpec,
    read: &mut Read,
) -> Option<(Connection, bool)> {
    let mut count = false;
    let mut parts = Vec::new();
    for (key, merged) in fields {
        if merged.has_arguments() {
            return None;
        }
        let part = match merged.name {
            "__typename" => Part::Typename,
            "totalCount" => {
                count = true;
                Part::TotalCount
            }
            "nodes" => {
                let children = children(ctx, &merged, &list.node.applies)?;
                Part::Nodes(plan_object(ctx, list.node, &children, read)?)
            }
            "edges" => {
                let mut edge = Vec::new();
                for (key, merged) in children(ctx, &merged, &exactly(list.edge))? {
                    let part = match merged.name {
                        "__typename" => EdgePart::Typename,
                        "cursor" => EdgePart::Cursor,
                        "node" => {
                            let children = children(ctx, &merged, &list.node.applies)?;
                            EdgePart::Node(plan_object(ctx, list.node, &children, read)?)
                        }
                        _ => return None,
                    };
                    edge.push((key.to_owned(), part));
                }
                Part::Edges(edge)
            }
            "pageInfo" => {
                let mut info = Vec::new();
                for (key, merged) in children(ctx, &merged, &exactly("PageInfo"))? {
                    let part = match merged.name {
                        "__typename" => PageInfoPart::Typename,
                        "hasNextPage" => PageInfoPart::HasNextPage,
                        "hasPreviousPage" => PageInfoPart::HasPreviousPage,
                        "startCursor" => PageInfoPart::StartCursor,
                        "endCursor" => PageInfoPart::EndCursor,
                        _ => return None,
                    };
                    info.push((key.to_owned(), part));
                }
                Part::PageInfo(info)
            }
            _ => return None,
        };
        parts.push((key.to_owned(), part));
    }
    Some((
        Connection {
            typename: list.connection,
            edge: list.edge,
            parts,
        },
        count,
    ))
}
