//! The GraphQL API: output types that wrap entities, resolvers that call services, DataLoaders and
//! the Relay connection shared by every list. Thin by design: no business rule and no SQL here.

pub mod batch;
pub mod connection;
pub mod error;
pub mod exposure;
pub mod guard;
pub mod id;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod order;
pub mod panic;
pub mod plan;
pub mod query;
pub mod scalars;
pub mod schema;
pub mod subscription;
pub mod types;
pub mod viewer;

pub use schema::{CqsSchema, build_schema, sdl};
