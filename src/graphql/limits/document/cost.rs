//! The cost rules of one field (README, "Limits"): what it costs itself, and how many times what
//! it selects counts.

use async_graphql::Name;
use async_graphql::parser::types::Field;
use async_graphql_value::{ConstValue, Value};

use super::Walk;
use crate::graphql::connection::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

impl Walk<'_> {
    /// What a field returns, and how its children's cost multiplies.
    pub(super) fn shape(&self, field: &Field, parent: Option<&str>) -> Shape {
        let name = field.name.node.as_str();
        let meta = parent
            .and_then(|parent| self.registry.types.get(parent))
            .and_then(|parent| parent.field_by_name(name));
        let Some(meta) = meta else {
            let ty = match name {
                "__schema" => Some("__Schema".to_owned()),
                "__type" => Some("__Type".to_owned()),
                _ => None,
            };
            return Shape::object(ty);
        };
        let ty = meta.ty.trim_matches(['[', ']', '!']).to_owned();
        let paginated = meta.args.contains_key("first") || meta.args.contains_key("last");
        let shape = if paginated {
            // One for the page; its items count in `nodes` or `edges { node }`.
            Shape {
                own: 1,
                items: self.page_size(field),
                per_item: 0,
                ty: None,
            }
        } else if is_wrapper(&ty) {
            Shape {
                own: 0,
                items: 1,
                per_item: 0,
                ty: None,
            }
        } else if meta.ty.starts_with('[')
            && !ty.starts_with("__")
            && !parent.is_some_and(is_wrapper)
        {
            Shape {
                own: 0,
                items: DEFAULT_PAGE_SIZE as u64,
                per_item: 1,
                ty: None,
            }
        } else {
            Shape::object(None)
        };
        Shape {
            ty: Some(ty),
            ..shape
        }
    }

    /// The page a paginated field asks for, as its resolver will read it.
    fn page_size(&self, field: &Field) -> u64 {
        let asked = ["first", "last"]
            .into_iter()
            .filter_map(|name| field.get_argument(name))
            .filter_map(|value| self.int(&value.node))
            .max();
        let size = asked.unwrap_or(i64::from(DEFAULT_PAGE_SIZE));
        size.clamp(0, i64::from(MAX_PAGE_SIZE)) as u64
    }

    fn int(&self, value: &Value) -> Option<i64> {
        match value {
            Value::Number(number) => number.as_i64(),
            Value::Variable(name) => match self.variable(name)? {
                ConstValue::Number(number) => number.as_i64(),
                _ => None,
            },
            _ => None,
        }
    }

    fn variable(&self, name: &Name) -> Option<ConstValue> {
        if let Some(value) = self.variables.get(name) {
            return Some(value.clone());
        }
        self.defaults
            .iter()
            .find(|definition| definition.node.name.node == *name)
            .and_then(|definition| definition.node.default_value.as_ref())
            .map(|value| value.node.clone())
    }
}

/// How a field's cost follows from what it selects: `own + items × (per_item + selection)`.
pub(super) struct Shape {
    /// The named type the field returns, when the schema knows the field.
    pub(super) ty: Option<String>,
    pub(super) own: u64,
    pub(super) items: u64,
    pub(super) per_item: u64,
}

impl Shape {
    /// A single object: 1 plus what it selects.
    fn object(ty: Option<String>) -> Self {
        Self {
            ty,
            own: 0,
            items: 1,
            per_item: 1,
        }
    }
}

/// The types that shape a page around its items and cost nothing of their own.
fn is_wrapper(ty: &str) -> bool {
    ty.ends_with("Connection") || ty.ends_with("Edge") || ty == "PageInfo"
}
