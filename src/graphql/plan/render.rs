//! Planned rows rendered as the resolvers would render them: ids encoded, enums by their GraphQL
//! names through the domain types both paths share, money through [`Money`], cursors through
//! the connection's own encoding, keys in the order the query asked for them.

use async_graphql::indexmap::IndexMap;
use async_graphql::resolver_utils::enum_value;
use async_graphql::{Name, ScalarType, Value};
use sea_orm::ActiveEnum;
use serde_json::Value as Json;

use super::types::{Conv, Typename};
use super::{Connection, EdgePart, MoneyPart, Object, Out, PageInfoPart, Part, Shaped};
use crate::domain::money::Currency;
use crate::domain::organization::OrganizationKind;
use crate::domain::rate::Rate;
use crate::graphql::connection::encode_cursor;
use crate::graphql::id::encode;
use crate::graphql::scalars::{Date, DateTime, Decimal};
use crate::graphql::types::money::Money;
use crate::service::read::{Linked, Row, RowPage, date, instant};

type Result<T> = async_graphql::Result<T>;

/// What the statement returned could not be read: a bug, never the caller's fault.
pub(super) fn unreadable(what: &str) -> async_graphql::Error {
    async_graphql::Error::new(format!("planned read: unreadable {what}"))
}

/// An object as async-graphql renders one: `null` when no field of it was selected (every
/// fragment skipped or of another type).
pub(super) fn container(fields: IndexMap<Name, Value>) -> Value {
    if fields.is_empty() {
        Value::Null
    } else {
        Value::Object(fields)
    }
}

/// A row as the object planned for its type.
pub fn shaped(row: &Row, shaped: &Shaped) -> Result<Value> {
    let typename = typename(row, shaped.typename)?;
    let (_, object) = shaped
        .objects
        .iter()
        .find(|(types, _)| types.contains(&typename))
        .ok_or_else(|| unreadable("type"))?;
    self::object(row, object, typename)
}

fn object(row: &Row, object: &Object, typename: &'static str) -> Result<Value> {
    let mut out = IndexMap::with_capacity(object.fields.len());
    for (key, field) in &object.fields {
        let value = match field {
            Out::Typename => Value::String(typename.to_owned()),
            Out::Scalar(column, conv) => scalar(row.columns.get(*column), *conv)?,
            Out::Money(column, currency, parts) => money(row, column, currency, parts)?,
            Out::One(index, child) => match row.links.get(*index) {
                Some(Linked::One(Some(linked))) => self::shaped(linked, child)?,
                Some(Linked::One(None)) => Value::Null,
                _ => return Err(unreadable("link")),
            },
            Out::GatedScalar(index, column, conv) => match row.links.get(*index) {
                Some(Linked::One(Some(linked))) => scalar(linked.columns.get(*column), *conv)?,
                Some(Linked::One(None)) => Value::Null,
                _ => return Err(unreadable("gated column")),
            },
            Out::Union(members) => {
                let mut value = Value::Null;
                for (index, member) in members {
                    match row.links.get(*index) {
                        Some(Linked::One(Some(linked))) => {
                            value = self::shaped(linked, member)?;
                            break;
                        }
                        Some(Linked::One(None)) => {}
                        _ => return Err(unreadable("union")),
                    }
                }
                value
            }
            Out::List(index, connection) => match row.links.get(*index) {
                Some(Linked::Many(page)) => self::connection(page, connection)?,
                _ => return Err(unreadable("list")),
            },
            Out::All(index, child) => Value::List(
                all(row, *index)?
                    .iter()
                    .map(|linked| self::shaped(linked, child))
                    .collect::<Result<_>>()?,
            ),
            Out::Values(index, column, conv) => Value::List(
                all(row, *index)?
                    .iter()
                    .map(|linked| scalar(linked.columns.get(*column), *conv))
                    .collect::<Result<_>>()?,
            ),
            Out::Figure(figure) => super::figures::render(row, figure)?,
        };
        out.insert(Name::new(key), value);
    }
    Ok(container(out))
}

/// The rows of the plain list at `index` of the row's links.
fn all(row: &Row, index: usize) -> Result<&[Row]> {
    match row.links.get(index) {
        Some(Linked::All(rows)) => Ok(rows),
        _ => Err(unreadable("list")),
    }
}

/// The enum stored in `column` of the row.
pub(super) fn stored<E: ActiveEnum<Value = String>>(row: &Row, column: &str) -> Result<E> {
    row.columns
        .get(column)
        .and_then(Json::as_str)
        .and_then(|stored| E::try_from_value(&stored.to_owned()).ok())
        .ok_or_else(|| unreadable(column))
}

/// The row's `currency`.
pub(super) fn currency(row: &Row) -> Result<Currency> {
    stored(row, "currency")
}

fn typename(row: &Row, typename: Typename) -> Result<&'static str> {
    match typename {
        Typename::Static([name]) => Ok(name),
        Typename::Static(_) => Err(unreadable("type name")),
        Typename::OrganizationKind => {
            let kind = row
                .columns
                .get("kind")
                .and_then(Json::as_str)
                .and_then(|kind| OrganizationKind::try_from_value(&kind.to_owned()).ok())
                .ok_or_else(|| unreadable("organization kind"))?;
            Ok(match kind {
                OrganizationKind::Association => "Association",
                OrganizationKind::Cooperative => "Cooperative",
            })
        }
    }
}

fn scalar(json: Option<&Json>, conv: Conv) -> Result<Value> {
    let json = match json {
        None | Some(Json::Null) => return Ok(Value::Null),
        Some(json) => json,
    };
    let value = match conv {
        Conv::Text => json.as_str().map(|text| Value::String(text.to_owned())),
        Conv::Int => json.as_i64().map(|int| Value::Number(int.into())),
        // SQLite has no booleans: its JSON holds 0 or 1.
        Conv::Bool => json
            .as_bool()
            .or_else(|| json.as_i64().map(|int| int != 0))
            .map(Value::Boolean),
        Conv::Id(node_type) => json
            .as_i64()
            .map(|id| Value::String(encode(node_type, id).0)),
        Conv::Enum(of) | Conv::Custom(of) => of(json),
        Conv::Date => json
            .as_str()
            .and_then(date)
            .map(|day| Date::from(day).to_value()),
        Conv::DateTime => json
            .as_str()
            .and_then(instant)
            .map(|at| DateTime::from(at).to_value()),
        Conv::Rate => json
            .as_i64()
            .and_then(|bp| i32::try_from(bp).ok())
            .and_then(|bp| Rate::from_stored(bp).ok())
            .map(|rate| Decimal(rate.to_decimal()).to_value()),
    };
    value.ok_or_else(|| unreadable("column"))
}

fn money(row: &Row, column: &str, currency: &str, parts: &[(String, MoneyPart)]) -> Result<Value> {
    let centimes = match row.columns.get(column) {
        None | Some(Json::Null) => return Ok(Value::Null),
        Some(json) => json.as_i64().ok_or_else(|| unreadable(column))?,
    };
    // A program's budget may lack its currency: the resolver then says the default, MAD.
    let currency = match row.columns.get(currency) {
        None | Some(Json::Null) => Currency::default(),
        Some(_) => stored(row, currency)?,
    };
    Ok(money_value(Money::new(centimes, currency), parts))
}

/// `money` with the parts asked for.
pub(super) fn money_value(money: Money, parts: &[(String, MoneyPart)]) -> Value {
    let mut out = IndexMap::with_capacity(parts.len());
    for (key, part) in parts {
        let value = match part {
            MoneyPart::Typename => Value::String("Money".into()),
            MoneyPart::Amount => money.amount.to_value(),
            MoneyPart::Currency => enum_value(money.currency),
        };
        out.insert(Name::new(key), value);
    }
    container(out)
}

pub fn connection(page: &RowPage, connection: &Connection) -> Result<Value> {
    let mut out = IndexMap::with_capacity(connection.parts.len());
    for (key, part) in &connection.parts {
        let value = match part {
            Part::Typename => Value::String(connection.typename.to_owned()),
            Part::TotalCount => {
                let total = page.total.ok_or_else(|| unreadable("total"))?;
                Value::Number(i32::try_from(total).unwrap_or(i32::MAX).into())
            }
            Part::Nodes(node) => Value::List(
                page.rows
                    .iter()
                    .map(|(_, row)| shaped(row, node))
                    .collect::<Result<_>>()?,
            ),
            Part::Edges(parts) => Value::List(
                page.rows
                    .iter()
                    .map(|(cursor, row)| {
                        let mut edge = IndexMap::with_capacity(parts.len());
                        for (key, part) in parts {
                            let value = match part {
                                EdgePart::Typename => Value::String(connection.edge.to_owned()),
                                EdgePart::Cursor => Value::String(encode_cursor(cursor)),
                                EdgePart::Node(node) => shaped(row, node)?,
                            };
                            edge.insert(Name::new(key), value);
                        }
                        Ok(container(edge))
                    })
                    .collect::<Result<_>>()?,
            ),
            Part::PageInfo(parts) => {
                let mut info = IndexMap::with_capacity(parts.len());
                let cursor = |at: Option<&(crate::service::page::Cursor, Row)>| {
                    at.map_or(Value::Null, |(cursor, _)| {
                        Value::String(encode_cursor(cursor))
                    })
                };
                for (key, part) in parts {
                    let value = match part {
                        PageInfoPart::Typename => Value::String("PageInfo".into()),
                        PageInfoPart::HasNextPage => Value::Boolean(page.has_next),
                        PageInfoPart::HasPreviousPage => Value::Boolean(page.has_previous),
                        PageInfoPart::StartCursor => cursor(page.rows.first()),
                        PageInfoPart::EndCursor => cursor(page.rows.last()),
                    };
                    info.insert(Name::new(key), value);
                }
                container(info)
            }
        };
        out.insert(Name::new(key), value);
    }
    Ok(container(out))
}
