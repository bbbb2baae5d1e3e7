//! Use cases over the database, one module per aggregate. Services never know GraphQL: they take
//! a connection and plain arguments and return domain or entity values, or an [`crate::error::AppError`].

pub mod center;
pub mod commitment;
pub mod funding;
pub mod lookup;
pub mod organization;
pub mod page;
pub mod partner;
pub mod program;
pub mod project;
pub mod search;
pub mod user;
pub mod zone;

pub use crate::error::Result;
