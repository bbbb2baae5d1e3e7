//! Batched lookups by id: one `WHERE id IN (…)` for a whole set of keys, as the DataLoaders need.

use std::collections::HashMap;

use sea_orm::Iterable;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, PrimaryKeyToColumn, QueryFilter,
    Value,
};

use crate::error::Result;

/// Loads the rows of `E` whose ids are in `ids`, keyed by id; unknown ids are simply absent.
pub async fn by_ids<E>(db: &DatabaseConnection, ids: &[i64]) -> Result<HashMap<i64, E::Model>>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E>,
{
    let Some(key) = E::PrimaryKey::iter().next() else {
        return Ok(HashMap::new());
    };
    let id_column = key.into_column();
    let rows = E::find()
        .filter(id_column.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| match row.get(id_column) {
            Value::BigInt(Some(id)) => Some((id, row)),
            _ => None,
        })
        .collect())
}

/// Rows grouped by the id `key` reads from each, in their original order within each group.
pub fn group_by<T>(rows: Vec<T>, key: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut grouped: HashMap<i64, Vec<T>> = HashMap::new();
    for row in rows {
        grouped.entry(key(&row)).or_default().push(row);
    }
    grouped
}
