//! A small builder for the statistics' SQL text: bound values with the right placeholders for
//! the backend, and the date functions each backend spells its own way.

use sea_orm::{DatabaseBackend, Statement, Value};

/// SQL text with its bound values.
pub struct Sql {
    backend: DatabaseBackend,
    pub text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DatabaseBackend) -> Self {
        Self {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        if self.backend == DatabaseBackend::Postgres {
            let n = self.values.len();
            self.text.push_str(&format!("${n}"));
        } else {
            self.text.push('?');
        }
        self
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

    pub fn statement(&self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text.clone(), self.values.clone())
    }
}
