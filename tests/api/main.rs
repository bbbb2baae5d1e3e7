//! The API's integration tests: one binary, one module per area. Each test starts the real
//! application on a fresh, migrated database — a temporary SQLite file, or a fresh PostgreSQL
//! database when `TEST_DATABASE_URL` is set — and talks to it over HTTP.

mod accounts;
mod accounts_lockout;
mod accounts_update;
mod audit;
mod audit_trail;
mod audit_trail_events;
mod audit_trail_pages;
mod auth;
mod bounds;
mod cli;
mod concurrency;
mod connection;
mod demo_seed;
mod examples;
mod explorer;
mod fixtures;
mod funding;
mod health;
mod helpers;
mod http_audit;
mod http_bodies;
mod http_protocol;
mod invariants;
mod limits;
mod lists;
mod migrations;
mod money_figures;
mod nodes;
mod program_paths;
mod proxy;
mod roles;
mod schema_file;
mod search;
mod statements;
mod stats;
mod synthetic;
mod write_centers;
mod write_commitments;
mod write_helpers;
mod write_organizations;
mod write_partners;
mod write_programs;
mod write_projects;
mod write_zones;
