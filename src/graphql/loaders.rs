//! DataLoaders: every reference a resolver follows (a zone's center, a program's funder…) is
//! batched into one `WHERE id IN (…)` per type and per request, so the number of statements a
//! query runs depends on its depth, never on its page size.

use std::collections::HashMap;
use std::marker::PhantomData;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, Result};
use sea_orm::{DatabaseConnection, EntityTrait, ModelTrait};

use crate::entity::{center, partner, program, zone};
use crate::service::lookup;

/// Loads rows of one table by id.
pub struct ById<E> {
    db: DatabaseConnection,
    entity: PhantomData<fn() -> E>,
}

impl<E> Loader<i64> for ById<E>
where
    E: EntityTrait + 'static,
    E::Model: ModelTrait<Entity = E> + Send + Sync + Clone + 'static,
{
    type Value = E::Model;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, E::Model>> {
        Ok(lookup::by_ids::<E>(&self.db, keys).await?)
    }
}

fn by_id<E>(db: &DatabaseConnection) -> DataLoader<ById<E>>
where
    E: EntityTrait + 'static,
    E::Model: ModelTrait<Entity = E> + Send + Sync + Clone + 'static,
{
    DataLoader::new(
        ById {
            db: db.clone(),
            entity: PhantomData,
        },
        tokio::spawn,
    )
}

/// The loaders of one request: created with it, so nothing is cached across requests.
pub struct Loaders {
    pub centers: DataLoader<ById<center::Entity>>,
    pub partners: DataLoader<ById<partner::Entity>>,
    pub programs: DataLoader<ById<program::Entity>>,
    pub zones: DataLoader<ById<zone::Entity>>,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection) -> Self {
        Self {
            centers: by_id(db),
            partners: by_id(db),
            programs: by_id(db),
            zones: by_id(db),
        }
    }
}

/// The request's loaders; every request executed through the HTTP layer carries them.
pub fn loaders<'a>(ctx: &Context<'a>) -> Result<&'a Loaders> {
    ctx.data::<Loaders>()
}

/// Loads a row that a foreign key guarantees to exist.
pub async fn required<E>(loader: &DataLoader<ById<E>>, id: i64) -> Result<E::Model>
where
    E: EntityTrait + 'static,
    E::Model: ModelTrait<Entity = E> + Send + Sync + Clone + 'static,
{
    loader
        .load_one(id)
        .await?
        .ok_or_else(|| async_graphql::Error::new(format!("row {id} referenced but missing")))
}
