//! Data sets loaded into an empty database.

pub mod demo;
pub mod synthetic;
