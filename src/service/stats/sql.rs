//! A small builder for the statistics' SQL: the filter written once as WHERE clauses with the
//! right placeholders for the backend, and the date functions each backend spells its own way.

use sea_orm::{DatabaseBackend, Statement, Value};

use crate::service::stats::StatsFilter;

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

    /// `AND …` clauses restricting projects aliased `p` to the filter.
    pub fn project_filter(&mut self, filter: &StatsFilter) -> &mut Self {
        if let Some(id) = filter.center_id {
            self.push(" AND p.center_id = ").bind(id);
        }
        if let Some(id) = filter.program_id {
            self.push(" AND p.program_id = ").bind(id);
        }
        if let Some(id) = filter.zone_id {
            self.push(" AND p.zone_id = ").bind(id);
        }
        if let Some(sector) = filter.sector {
            self.push(" AND p.sector = ")
                .bind(sea_orm::ActiveEnum::to_value(&sector));
        }
        self
    }

    /// `AND …` clauses restricting commitments aliased `c` to the counted ones: not CANCELLED,
    /// pledged within the filter's dates.
    pub fn commitment_filter(&mut self, filter: &StatsFilter) -> &mut Self {
        self.push(" AND c.status <> 'CANCELLED'");
        if let Some(from) = filter.from {
            self.push(" AND c.pledged_on >= ").bind(from);
        }
        if let Some(to) = filter.to {
            self.push(" AND c.pledged_on <= ").bind(to);
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
