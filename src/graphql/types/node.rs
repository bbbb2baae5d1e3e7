//! The `Node` interface: every type with a global id.

use async_graphql::{ID, Interface};

use crate::graphql::types::{center::Center, partner::Partner, program::Program, zone::Zone};

/// An object with an opaque, stable id that `Query.node(id:)` resolves.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Center(Center),
    Zone(Zone),
    Partner(Partner),
    Program(Program),
}
