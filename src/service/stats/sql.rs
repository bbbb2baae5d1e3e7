//! The date functions each backend spells its own way, for the statistics' SQL.

use sea_orm::DatabaseBackend;

/// Date expressions in the backend's dialect.
pub struct Sql {
    backend: DatabaseBackend,
}

impl Sql {
    pub fn new(backend: DatabaseBackend) -> Self {
        Self { backend }
    }

    /// The year and the month of a date column, as integers.
    pub fn year_month(&self, column: &str) -> (String, String) {
        match self.backend {
            DatabaseBackend::Postgres => (
                format!("CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"),
                format!("CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)"),
            ),
            _ => (
                format!("CAST(strftime('%Y', {column}) AS INTEGER)"),
                format!("CAST(strftime('%m', {column}) AS INTEGER)"),
            ),
        }
    }
}
