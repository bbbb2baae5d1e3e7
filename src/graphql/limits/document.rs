//! Measures a parsed document against the [`Limits`], from its text and the schema's types alone:
//! depth, cost, aliases, root fields, directives, duplicate fields and input lists.
//!
//! The cost counts the objects a response can hold. A scalar costs nothing; an object costs 1 plus
//! what it selects; a paginated field costs 1 plus its page size (`first`/`last`, 20 when absent,
//! at most 100) times what one page item selects; another list of objects counts 20 items. The
//! wrappers of a page (`XConnection`, `XEdge`, `PageInfo`) cost nothing of their own, and the lists
//! of introspection (`__schema`, `__type`) count one item, being answered from memory.

use std::collections::HashMap;

use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationDefinition, Selection, SelectionSet, VariableDefinition,
};
use async_graphql::registry::Registry;
use async_graphql::{Positioned, Variables};
use async_graphql_value::Value;

mod cost;

use super::{Refusal, codes};
use crate::config::Limits;

/// How many fields the walk visits before it calls a document too costly: a guard against
/// fragments that spread each other into an exponential tree.
const MAX_VISITS: usize = 100_000;

/// Checks every operation of `document`; the first limit exceeded refuses the request.
pub fn check(
    document: &ExecutableDocument,
    registry: &Registry,
    variables: &Variables,
    limits: &Limits,
) -> Result<(), Refusal> {
    for (_, operation) in document.operations.iter() {
        let root = match operation.node.ty {
            async_graphql::parser::types::OperationType::Mutation => registry.mutation_type.clone(),
            _ => Some(registry.query_type.clone()),
        };
        let mut walk = Walk {
            document,
            registry,
            variables,
            defaults: &operation.node.variable_definitions,
            limits,
            visits: 0,
            aliases: 0,
            root_fields: 0,
            spreads: Vec::new(),
        };
        walk.operation(&operation.node, root.as_deref())?;
    }
    Ok(())
}

struct Walk<'a> {
    document: &'a ExecutableDocument,
    registry: &'a Registry,
    variables: &'a Variables,
    defaults: &'a [Positioned<VariableDefinition>],
    limits: &'a Limits,
    visits: usize,
    aliases: usize,
    root_fields: usize,
    /// The fragments being spread, to refuse a cycle before anything expands it.
    spreads: Vec<&'a str>,
}

/// How often each field is selected in one selection set, fragments included.
type Seen<'a> = HashMap<&'a str, usize>;

impl<'a> Walk<'a> {
    fn operation(
        &mut self,
        operation: &'a OperationDefinition,
        root: Option<&str>,
    ) -> Result<(), Refusal> {
        let cost = self.selection_set(&operation.selection_set.node, root, 0)?;
        if cost > self.limits.max_cost {
            return Err(too_costly(cost, self.limits.max_cost));
        }
        Ok(())
    }

    fn selection_set(
        &mut self,
        set: &'a SelectionSet,
        ty: Option<&str>,
        depth: usize,
    ) -> Result<u64, Refusal> {
        let mut seen = Seen::new();
        self.level(set, ty, depth, &mut seen)
    }

    /// The cost of the selections of one level, spreading fragments into it.
    fn level(
        &mut self,
        set: &'a SelectionSet,
        ty: Option<&str>,
        depth: usize,
        seen: &mut Seen<'a>,
    ) -> Result<u64, Refusal> {
        let mut cost = 0u64;
        for selection in &set.items {
            let item = match &selection.node {
                Selection::Field(field) => self.field(&field.node, ty, depth, seen)?,
                Selection::InlineFragment(fragment) => {
                    self.directives(fragment.node.directives.len())?;
                    let on = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .map(|c| c.node.on.node.as_str());
                    self.level(&fragment.node.selection_set.node, on.or(ty), depth, seen)?
                }
                Selection::FragmentSpread(spread) => {
                    self.directives(spread.node.directives.len())?;
                    let name = spread.node.fragment_name.node.as_str();
                    let Some(fragment) = self.document.fragments.get(name) else {
                        continue;
                    };
                    self.visit()?;
                    if self.spreads.contains(&name) {
                        return Err(Refusal::new(
                            crate::graphql::error::GRAPHQL_VALIDATION_FAILED,
                            format!("fragment `{name}` spreads itself"),
                        ));
                    }
                    self.directives(fragment.node.directives.len())?;
                    self.spreads.push(name);
                    let on = fragment.node.type_condition.node.on.node.as_str();
                    let cost = self.level(&fragment.node.selection_set.node, Some(on), depth, seen);
                    self.spreads.pop();
                    cost?
                }
            };
            cost = cost.saturating_add(item);
        }
        Ok(cost)
    }

    fn field(
        &mut self,
        field: &'a Field,
        parent: Option<&str>,
        depth: usize,
        seen: &mut Seen<'a>,
    ) -> Result<u64, Refusal> {
        self.visit()?;
        self.directives(field.directives.len())?;
        if depth == 0 {
            self.root_fields += 1;
            if self.root_fields > self.limits.max_root_fields {
                return Err(Refusal::new(
                    codes::TOO_MANY_ROOT_FIELDS,
                    format!(
                        "an operation selects at most {} root fields",
                        self.limits.max_root_fields
                    ),
                ));
            }
        }
        if field.alias.is_some() {
            self.aliases += 1;
            if self.aliases > self.limits.max_aliases {
                return Err(Refusal::new(
                    codes::TOO_MANY_ALIASES,
                    format!(
                        "an operation uses at most {} aliases",
                        self.limits.max_aliases
                    ),
                ));
            }
        }
        let name = field.name.node.as_str();
        let times = seen.entry(name).or_default();
        *times += 1;
        if *times > self.limits.max_duplicate_fields {
            return Err(Refusal::new(
                codes::TOO_MANY_DUPLICATE_FIELDS,
                format!(
                    "`{name}` is selected more than {} times in one selection set",
                    self.limits.max_duplicate_fields
                ),
            ));
        }
        for (_, value) in &field.arguments {
            self.input(&value.node)?;
        }
        if field.selection_set.node.items.is_empty() {
            return Ok(0);
        }
        // `ofType` unwraps a type reference one wrapper at a time: its chain neither fans out nor
        // lasts beyond a type's few wrappers, so it is not counted as nesting. The introspection query
        // of graphql-js 16.15 (GraphiQL's) asks nine levels of it, 13 deep in all.
        let nested = if name == "ofType" && parent == Some("__Type") {
            depth
        } else {
            depth + 1
        };
        if nested > self.limits.max_depth {
            return Err(Refusal::new(
                codes::QUERY_TOO_DEEP,
                format!(
                    "selections nest at most {} levels deep",
                    self.limits.max_depth
                ),
            ));
        }
        let shape = self.shape(field, parent);
        let children =
            self.selection_set(&field.selection_set.node, shape.ty.as_deref(), nested)?;
        let item = shape.per_item.saturating_add(children);
        Ok(shape.own.saturating_add(shape.items.saturating_mul(item)))
    }

    /// Counts one more field or fragment spread against [`MAX_VISITS`].
    fn visit(&mut self) -> Result<(), Refusal> {
        self.visits += 1;
        if self.visits > MAX_VISITS {
            return Err(too_costly(u64::MAX, self.limits.max_cost));
        }
        Ok(())
    }

    fn directives(&self, count: usize) -> Result<(), Refusal> {
        if count > self.limits.max_directives {
            return Err(Refusal::new(
                codes::TOO_MANY_DIRECTIVES,
                format!(
                    "a field carries at most {} directives",
                    self.limits.max_directives
                ),
            ));
        }
        Ok(())
    }

    /// Refuses an argument's list literal longer than the limit, or a text holding NUL (variables
    /// are checked apart).
    fn input(&self, value: &Value) -> Result<(), Refusal> {
        match value {
            Value::List(items) => {
                if items.len() > self.limits.max_input_list {
                    return Err(input_too_long(self.limits.max_input_list));
                }
                items.iter().try_for_each(|item| self.input(item))
            }
            Value::Object(fields) => fields.values().try_for_each(|field| self.input(field)),
            Value::String(text) if text.contains('\0') => Err(nul_in_text()),
            _ => Ok(()),
        }
    }
}

fn too_costly(cost: u64, max: u64) -> Refusal {
    let shown = if cost == u64::MAX {
        "too much".to_owned()
    } else {
        cost.to_string()
    };
    Refusal::new(
        codes::QUERY_TOO_COSTLY,
        format!(
            "this operation costs {shown}, more than the {max} allowed: ask for smaller pages or fewer nested lists"
        ),
    )
}

/// PostgreSQL cannot store a NUL character in text (and SQLite would keep it): no input holds one,
/// whichever database serves.
pub(super) fn nul_in_text() -> Refusal {
    Refusal::new(
        crate::graphql::error::BAD_USER_INPUT,
        "a text input must not contain the NUL character (U+0000)".to_owned(),
    )
}

pub(super) fn input_too_long(max: usize) -> Refusal {
    Refusal::new(
        crate::graphql::error::BAD_USER_INPUT,
        format!("an input list holds at most {max} items"),
    )
}
