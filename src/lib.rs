//! CQS: the GraphQL API of a Centre de qualification sociale.
//!
//! The layers, and the only allowed direction of use (DESIGN.md, "Architecture"):
//! `http` → `graphql` → `service` → `domain` / `entity`.

/// Builds the application from a [`config::Config`] and runs it until stopped.
pub mod app;
/// Passwords, tokens and the viewer: who is calling and what they may do.
pub mod auth;
/// Configuration read from the environment.
pub mod config;
/// Connecting to SQLite or PostgreSQL and applying migrations.
pub mod db;
/// Pure rules and value types.
pub mod domain;
/// One sea-orm entity per table.
pub mod entity;
/// The error type every use case returns.
pub mod error;
/// The GraphQL schema: types, resolvers, loaders, connections.
pub mod graphql;
/// The axum router: GraphQL endpoint, explorer, health and readiness.
pub mod http;
/// Data sets loaded into an empty database (`cqs seed demo`).
pub mod seed;
/// Use cases over the database, one module per aggregate.
pub mod service;
