//! Configuration from the environment (DESIGN.md, "Runtime"). Secrets never reach the logs: the
//! `Debug` form hides the database password.

use std::fmt;
use std::net::SocketAddr;

/// The default database: an embedded SQLite file next to the binary's working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://cqs.db?mode=rwc";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

#[derive(Clone)]
pub struct Config {
    /// `CQS_BIND`: where the HTTP server listens.
    pub bind: SocketAddr,
    /// `CQS_DATABASE_URL`, else `DATABASE_URL`, else [`DEFAULT_DATABASE_URL`].
    pub database_url: String,
    /// `cqs serve --demo`: load the demo data set when the database is empty.
    pub demo: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("CQS_BIND must be an address like 127.0.0.1:8080, got {0:?}")]
    Bind(String),
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let bind_text = lookup("CQS_BIND").unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let bind = bind_text
            .parse()
            .map_err(|_| ConfigError::Bind(bind_text.clone()))?;
        let database_url = lookup("CQS_DATABASE_URL")
            .or_else(|| lookup("DATABASE_URL"))
            .filter(|url| !url.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        Ok(Self {
            bind,
            database_url,
            demo: false,
        })
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field("demo", &self.demo)
            .finish()
    }
}

/// Hides the password of a `scheme://user:password@host/db` URL.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.bind.to_string(), DEFAULT_BIND);
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
    }

    #[test]
    fn cqs_database_url_wins_over_database_url() {
        let config = Config::from_lookup(|name| match name {
            "CQS_DATABASE_URL" => Some("postgres://a@h/cqs".into()),
            "DATABASE_URL" => Some("postgres://b@h/other".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.database_url, "postgres://a@h/cqs");
    }

    #[test]
    fn a_bad_bind_address_is_an_error() {
        let result = Config::from_lookup(|name| (name == "CQS_BIND").then(|| "nowhere".into()));
        assert!(matches!(result, Err(ConfigError::Bind(_))));
    }

    #[test]
    fn debug_output_hides_the_database_password() {
        let config = Config::from_lookup(|name| {
            (name == "CQS_DATABASE_URL").then(|| "postgres://cqs:s3cret@db:5432/cqs".into())
        })
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("postgres://cqs:***@db:5432/cqs"), "{shown}");
    }
}
