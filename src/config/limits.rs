//! How much one request may ask of the server (README, "Limits"): checked on the document before
//! any SQL runs, except the two timeouts, which bound the execution itself.

use std::time::Duration;

use super::ConfigError;

/// The limits a request is held to; [`Limits::default`] gives the documented defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// `CQS_MAX_QUERY_BYTES`: the longest query text, in bytes.
    pub max_query_bytes: usize,
    /// `CQS_MAX_DEPTH`: how many selection sets may nest below the root fields.
    pub max_depth: usize,
    /// `CQS_MAX_COST`: the highest cost of an operation (page sizes times what each item selects).
    pub max_cost: u64,
    /// `CQS_MAX_ALIASES`: aliases per operation.
    pub max_aliases: usize,
    /// `CQS_MAX_ROOT_FIELDS`: root fields per operation.
    pub max_root_fields: usize,
    /// `CQS_MAX_DIRECTIVES`: directives on one field or fragment.
    pub max_directives: usize,
    /// `CQS_MAX_DUPLICATE_FIELDS`: how often one field may be selected in one selection set,
    /// fragments included.
    pub max_duplicate_fields: usize,
    /// `CQS_MAX_INPUT_LIST`: items in one input list (an argument or a variable).
    pub max_input_list: usize,
    /// `CQS_REQUEST_TIMEOUT`: how long a GraphQL request may run.
    pub request_timeout: Duration,
    /// `CQS_STATEMENT_TIMEOUT`: PostgreSQL's `statement_timeout` on every pooled connection.
    pub statement_timeout: Duration,
    /// `CQS_DB_ACQUIRE_TIMEOUT`: how long a request waits for a pooled database connection before
    /// it is answered `SERVICE_UNAVAILABLE`.
    pub acquire_timeout: Duration,
    /// `CQS_DB_POOL_SIZE`: the most connections the pool opens; `None` takes the backend's
    /// default ([`crate::db::default_pool_size`]).
    pub pool_size: Option<usize>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_query_bytes: 32 * 1024,
            max_depth: 12,
            max_cost: 5_000,
            max_aliases: 50,
            max_root_fields: 50,
            max_directives: 5,
            max_duplicate_fields: 50,
            max_input_list: 100,
            request_timeout: Duration::from_secs(10),
            statement_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(5),
            pool_size: None,
        }
    }
}

impl Limits {
    pub(super) fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut limits = Self::default();
        let count = |name, value: &mut usize| count(lookup, name, value);
        count("CQS_MAX_QUERY_BYTES", &mut limits.max_query_bytes)?;
        count("CQS_MAX_DEPTH", &mut limits.max_depth)?;
        count("CQS_MAX_ALIASES", &mut limits.max_aliases)?;
        count("CQS_MAX_ROOT_FIELDS", &mut limits.max_root_fields)?;
        count("CQS_MAX_DIRECTIVES", &mut limits.max_directives)?;
        count("CQS_MAX_DUPLICATE_FIELDS", &mut limits.max_duplicate_fields)?;
        count("CQS_MAX_INPUT_LIST", &mut limits.max_input_list)?;
        let mut cost = 0;
        count("CQS_MAX_COST", &mut cost)?;
        if cost > 0 {
            limits.max_cost = cost as u64;
        }
        let duration = |name, value: &mut Duration| duration(lookup, name, value);
        duration("CQS_REQUEST_TIMEOUT", &mut limits.request_timeout)?;
        duration("CQS_STATEMENT_TIMEOUT", &mut limits.statement_timeout)?;
        duration("CQS_DB_ACQUIRE_TIMEOUT", &mut limits.acquire_timeout)?;
        let mut pool_size = 0;
        count("CQS_DB_POOL_SIZE", &mut pool_size)?;
        limits.pool_size = (pool_size > 0).then_some(pool_size);
        Ok(limits)
    }
}

/// Sets `value` from the positive number in variable `name`, when it is set (blank is unset).
pub(super) fn count(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    value: &mut usize,
) -> Result<(), ConfigError> {
    if let Some(text) = lookup(name).filter(|text| !text.trim().is_empty()) {
        *value = text
            .trim()
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or(ConfigError::Limit(name, text))?;
    }
    Ok(())
}

/// Sets `value` from the duration in variable `name` (`500ms`, `10`, `10s`, `2m`), when it is
/// set (blank is unset).
pub(super) fn duration(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    value: &mut Duration,
) -> Result<(), ConfigError> {
    if let Some(text) = lookup(name).filter(|text| !text.trim().is_empty()) {
        *value = parse_timeout(&text).ok_or(ConfigError::Limit(name, text))?;
    }
    Ok(())
}

/// `500ms`, or a duration as [`super::parse_duration`] reads it (`10`, `10s`, `2m`).
fn parse_timeout(text: &str) -> Option<Duration> {
    match text.trim().strip_suffix("ms") {
        Some(millis) => millis
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .map(Duration::from_millis),
        None => super::parse_duration(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default_to_the_documented_values() {
        let limits = Limits::from_lookup(&|_| None).unwrap();
        assert_eq!(limits, Limits::default());
        assert_eq!(limits.max_depth, 12);
        assert_eq!(limits.max_cost, 5_000);
        assert_eq!(limits.request_timeout, Duration::from_secs(10));
    }

    #[test]
    fn limits_are_read_from_the_environment() {
        let limits = Limits::from_lookup(&|name| match name {
            "CQS_MAX_COST" => Some("20000".into()),
            "CQS_MAX_DEPTH" => Some("8".into()),
            "CQS_REQUEST_TIMEOUT" => Some("1500ms".into()),
            "CQS_STATEMENT_TIMEOUT" => Some("2m".into()),
            "CQS_DB_ACQUIRE_TIMEOUT" => Some("250ms".into()),
            "CQS_DB_POOL_SIZE" => Some("6".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(limits.max_cost, 20_000);
        assert_eq!(limits.max_depth, 8);
        assert_eq!(limits.request_timeout, Duration::from_millis(1_500));
        assert_eq!(limits.statement_timeout, Duration::from_secs(120));
        assert_eq!(limits.pool_size, Some(6));
        assert_eq!(limits.acquire_timeout, Duration::from_millis(250));
    }

    #[test]
    fn a_limit_that_is_not_a_positive_number_is_refused() {
        for (name, text) in [
            ("CQS_MAX_COST", "0"),
            ("CQS_MAX_DEPTH", "-1"),
            ("CQS_MAX_ALIASES", "many"),
            ("CQS_REQUEST_TIMEOUT", "0ms"),
            ("CQS_STATEMENT_TIMEOUT", "soon"),
            ("CQS_DB_ACQUIRE_TIMEOUT", "0"),
        ] {
            let result = Limits::from_lookup(&|asked| (asked == name).then(|| text.to_owned()));
            assert!(
                matches!(result, Err(ConfigError::Limit(n, _)) if n == name),
                "{name}={text}"
            );
        }
    }
}
