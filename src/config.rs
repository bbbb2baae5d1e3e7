//! Configuration from the environment (DESIGN.md, "Runtime"). Secrets never reach the logs: the
//! `Debug` form hides the database password.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

mod edge;
mod exposure;
mod limits;
mod subscriptions;

pub use edge::{EdgeConfig, LogFormat, RateLimit};
pub use exposure::SchemaExposure;
pub use limits::Limits;
pub use subscriptions::SubscriptionLimits;

/// The default database: an embedded SQLite file next to the binary's working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://cqs.db?mode=rwc";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// How tokens are signed.
#[derive(Clone)]
pub enum Signing {
    /// HS256 with `CQS_JWT_SECRET` (or a random secret when none is configured).
    Secret(Vec<u8>),
    /// EdDSA or RS256 (told by the key) with `CQS_JWT_PRIVATE_KEY` / `CQS_JWT_PUBLIC_KEY`; an
    /// instance with only the public key verifies tokens but does not issue them.
    KeyFiles {
        private: Option<PathBuf>,
        public: PathBuf,
    },
}

/// Authentication settings.
#[derive(Clone)]
pub struct AuthConfig {
    pub signing: Signing,
    /// True when no key was configured and a random secret was made up at start.
    pub generated_secret: bool,
    /// `CQS_JWT_TTL`: how long a login token lasts (`43200`, `90m`, `12h`, `7d`); 12 hours by default.
    pub token_ttl: Duration,
    /// `CQS_JWT_ISSUER`, default `cqs`.
    pub issuer: String,
    /// `CQS_JWT_AUDIENCE`, default `cqs-api`.
    pub audience: String,
    /// `CQS_PUBLIC_READ`: `false` makes every query but `login` require authentication.
    pub public_read: bool,
    /// `CQS_ADMIN_EMAIL` + `CQS_ADMIN_PASSWORD`: the first admin, created at start if none exists.
    pub bootstrap_admin: Option<(String, String)>,
}

/// The shortest HS256 secret accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

impl AuthConfig {
    /// HS256 with a random secret: for tests and first runs (tokens do not survive a restart).
    pub fn random() -> Self {
        use rand::RngCore;
        let mut secret = vec![0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        Self {
            signing: Signing::Secret(secret),
            generated_secret: true,
            token_ttl: Duration::from_secs(12 * 3600),
            issuer: "cqs".to_owned(),
            audience: "cqs-api".to_owned(),
            public_read: true,
            bootstrap_admin: None,
        }
    }

    fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut config = Self::random();
        let secret = lookup("CQS_JWT_SECRET").filter(|s| !s.is_empty());
        let public = lookup("CQS_JWT_PUBLIC_KEY").filter(|s| !s.is_empty());
        let private = lookup("CQS_JWT_PRIVATE_KEY").filter(|s| !s.is_empty());
        match (secret, public) {
            (Some(_), Some(_)) => return Err(ConfigError::TwoSigningMethods),
            (Some(secret), None) => {
                if secret.len() < MIN_SECRET_BYTES {
                    return Err(ConfigError::ShortSecret(secret.len()));
                }
                config.signing = Signing::Secret(secret.into_bytes());
                config.generated_secret = false;
            }
            (None, Some(public)) => {
                config.signing = Signing::KeyFiles {
                    private: private.map(PathBuf::from),
                    public: PathBuf::from(public),
                };
                config.generated_secret = false;
            }
            (None, None) if private.is_some() => return Err(ConfigError::PrivateKeyAlone),
            (None, None) => {}
        }
        if let Some(ttl) = lookup("CQS_JWT_TTL") {
            config.token_ttl = parse_duration(&ttl).ok_or(ConfigError::Ttl(ttl))?;
        }
        if let Some(issuer) = lookup("CQS_JWT_ISSUER").filter(|s| !s.is_empty()) {
            config.issuer = issuer;
        }
        if let Some(audience) = lookup("CQS_JWT_AUDIENCE").filter(|s| !s.is_empty()) {
            config.audience = audience;
        }
        if let Some(public_read) = lookup("CQS_PUBLIC_READ") {
            config.public_read =
                parse_bool(&public_read).ok_or(ConfigError::PublicRead(public_read))?;
        }
        config.bootstrap_admin = match (lookup("CQS_ADMIN_EMAIL"), lookup("CQS_ADMIN_PASSWORD")) {
            (Some(email), Some(password)) if !email.is_empty() => Some((email, password)),
            (Some(_), None) | (None, Some(_)) => return Err(ConfigError::HalfAdmin),
            _ => None,
        };
        Ok(config)
    }
}

/// `true`/`1`/`yes` or `false`/`0`/`no`, in any case.
fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

/// `3600`, `3600s`, `90m`, `12h` or `7d`.
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c),
        _ => (text, 's'),
    };
    let value: u64 = number.parse().ok()?;
    let seconds = match unit {
        's' => value,
        'm' => value.checked_mul(60)?,
        'h' => value.checked_mul(3600)?,
        'd' => value.checked_mul(86_400)?,
        _ => return None,
    };
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

/// What `/graphql` accepts over HTTP (README, "Endpoints").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpConfig {
    /// `CQS_MAX_BODY_BYTES`: the largest request body read; a larger one is answered 413 unread.
    pub max_body_bytes: usize,
    /// `CQS_BATCH_MAX`: how many operations a JSON array may hold; 0 (the default) refuses arrays.
    pub batch_max: usize,
    /// `CQS_EXPLORER`: `false` stops serving the explorer (README, "Explorer"); a browser's GET
    /// then gets the GraphQL-over-HTTP answer to a request without a query.
    pub explorer: bool,
}

/// 1 MiB: far above any document a client writes, far below what hurts the server.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
/// The most operations a batch may ever hold, whatever `CQS_BATCH_MAX` asks.
pub const MAX_BATCH: usize = 10;

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            batch_max: 0,
            explorer: true,
        }
    }
}

impl HttpConfig {
    fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut config = Self::default();
        if let Some(text) = lookup("CQS_MAX_BODY_BYTES").filter(|s| !s.is_empty()) {
            config.max_body_bytes = text
                .trim()
                .parse()
                .ok()
                .filter(|bytes| *bytes > 0)
                .ok_or(ConfigError::MaxBodyBytes(text))?;
        }
        if let Some(text) = lookup("CQS_BATCH_MAX").filter(|s| !s.is_empty()) {
            config.batch_max = text
                .trim()
                .parse()
                .ok()
                .filter(|max| *max <= MAX_BATCH)
                .ok_or(ConfigError::BatchMax(text))?;
        }
        if let Some(text) = lookup("CQS_EXPLORER").filter(|s| !s.is_empty()) {
            config.explorer = match text.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => true,
                "false" | "0" | "no" => false,
                _ => return Err(ConfigError::Explorer(text)),
            };
        }
        Ok(config)
    }
}

#[derive(Clone)]
pub struct Config {
    /// `CQS_BIND`: where the HTTP server listens.
    pub bind: SocketAddr,
    /// `CQS_DATABASE_URL`, else `DATABASE_URL`, else [`DEFAULT_DATABASE_URL`].
    pub database_url: String,
    /// `CQS_DATABASE_READ_URL`: a PostgreSQL streaming replica of `database_url` that queries,
    /// `stats` and subscription reloads read from; mutations, with the reads inside them and
    /// their payloads, use the primary.
    pub read_database_url: Option<String>,
    /// `cqs serve --demo`: load the demo data set when the database is empty.
    pub demo: bool,
    pub auth: AuthConfig,
    pub http: HttpConfig,
    /// What one request may ask (README, "Limits").
    pub limits: Limits,
    /// Introspection and suggestions (README, "Production switches").
    pub exposure: SchemaExposure,
    /// Logs, metrics, rate limits, CORS and proxies (README, "Operating CQS").
    pub edge: EdgeConfig,
    /// `CQS_PLANNER`: `false` answers every read through the resolvers, never the read planner
    /// (issue 12), to compare the two or to rule the planner out; on by default.
    pub planner: bool,
    /// How many sockets `/graphql/ws` keeps and how it watches them (README, "Subscriptions").
    pub subscriptions: SubscriptionLimits,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("CQS_BIND must be an address like 127.0.0.1:8080, got {0:?}")]
    Bind(String),
    #[error("CQS_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes, got {0}")]
    ShortSecret(usize),
    #[error("set either CQS_JWT_SECRET or CQS_JWT_PUBLIC_KEY (with CQS_JWT_PRIVATE_KEY), not both")]
    TwoSigningMethods,
    #[error("CQS_JWT_PRIVATE_KEY needs CQS_JWT_PUBLIC_KEY")]
    PrivateKeyAlone,
    #[error("CQS_JWT_TTL must be a duration like 43200, 90m, 12h or 7d, got {0:?}")]
    Ttl(String),
    #[error("CQS_PUBLIC_READ must be true or false, got {0:?}")]
    PublicRead(String),
    #[error("CQS_ADMIN_EMAIL and CQS_ADMIN_PASSWORD go together")]
    HalfAdmin,
    #[error("CQS_MAX_BODY_BYTES must be a positive number of bytes, got {0:?}")]
    MaxBodyBytes(String),
    #[error("CQS_BATCH_MAX must be a number from 0 (no batches) to {MAX_BATCH}, got {0:?}")]
    BatchMax(String),
    #[error("CQS_EXPLORER must be true or false, got {0:?}")]
    Explorer(String),
    #[error("CQS_LOG_FORMAT must be text or json, got {0:?}")]
    LogFormat(String),
    #[error("CQS_METRICS_BIND must be an address like 127.0.0.1:9090, got {0:?}")]
    MetricsBind(String),
    #[error("{0} must be a number of requests a second from 0 (off) to {max}, got {1:?}", max = edge::MAX_RATE)]
    RateLimit(String, String),
    #[error(
        "CQS_TRUSTED_PROXIES must be addresses or networks like 10.0.0.0/8, comma-separated, got {0:?}"
    )]
    TrustedProxies(String),
    #[error(
        "CQS_CORS_ORIGINS must be exact origins like https://app.example.org, comma-separated, got {0:?}"
    )]
    CorsOrigins(String),
    #[error(
        "{0} must be a positive number (a duration like 10s or 500ms for a timeout), got {1:?}"
    )]
    Limit(&'static str, String),
    #[error("CQS_ENV must be production or development, got {0:?}")]
    Env(String),
    #[error("{0} must be true or false, got {1:?}")]
    Switch(&'static str, String),
    #[error("CQS_DATABASE_READ_URL must be a postgres:// replica of a PostgreSQL CQS_DATABASE_URL")]
    ReadUrl,
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
        let read_database_url =
            lookup("CQS_DATABASE_READ_URL").filter(|url| !url.trim().is_empty());
        let postgres =
            |url: &str| url.starts_with("postgres://") || url.starts_with("postgresql://");
        if read_database_url
            .as_deref()
            .is_some_and(|read| !postgres(read) || !postgres(&database_url))
        {
            return Err(ConfigError::ReadUrl);
        }
        Ok(Self {
            bind,
            database_url,
            read_database_url,
            demo: false,
            auth: AuthConfig::from_lookup(&lookup)?,
            http: HttpConfig::from_lookup(&lookup)?,
            limits: Limits::from_lookup(&lookup)?,
            exposure: SchemaExposure::from_lookup(&lookup)?,
            edge: EdgeConfig::from_lookup(&lookup)?,
            planner: match lookup("CQS_PLANNER") {
                Some(text) => parse_bool(&text).ok_or(ConfigError::Switch("CQS_PLANNER", text))?,
                None => true,
            },
            subscriptions: SubscriptionLimits::from_lookup(&lookup)?,
        })
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field(
                "read_database_url",
                &self.read_database_url.as_deref().map(redact_url),
            )
            .field("demo", &self.demo)
            .field("public_read", &self.auth.public_read)
            .field("token_ttl", &self.auth.token_ttl)
            .field("http", &self.http)
            .field("limits", &self.limits)
            .field("exposure", &self.exposure)
            .field("planner", &self.planner)
            .field("edge", &self.edge)
            .field("subscriptions", &self.subscriptions)
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
    fn a_read_replica_is_a_postgresql_url_beside_a_postgresql_primary() {
        let with = |primary: &'static str, read: &'static str| {
            Config::from_lookup(move |name| match name {
                "CQS_DATABASE_URL" => Some(primary.into()),
                "CQS_DATABASE_READ_URL" => Some(read.into()),
                _ => None,
            })
        };
        let config = with("postgres://a@primary/cqs", "postgres://a@replica/cqs").unwrap();
        assert_eq!(
            config.read_database_url.as_deref(),
            Some("postgres://a@replica/cqs")
        );
        assert!(matches!(
            with("sqlite://cqs.db", "postgres://a@replica/cqs"),
            Err(ConfigError::ReadUrl)
        ));
        assert!(matches!(
            with("postgres://a@primary/cqs", "sqlite://copy.db"),
            Err(ConfigError::ReadUrl)
        ));
        assert_eq!(
            with("postgres://a@primary/cqs", " ")
                .unwrap()
                .read_database_url,
            None
        );
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
    fn a_short_jwt_secret_is_refused() {
        let result =
            Config::from_lookup(|name| (name == "CQS_JWT_SECRET").then(|| "too short".into()));
        assert!(matches!(result, Err(ConfigError::ShortSecret(9))));
        let ok = Config::from_lookup(|name| (name == "CQS_JWT_SECRET").then(|| "x".repeat(32)));
        assert!(!ok.unwrap().auth.generated_secret);
    }

    #[test]
    fn token_lifetimes_read_with_units() {
        assert_eq!(parse_duration("43200"), Some(Duration::from_secs(43_200)));
        assert_eq!(parse_duration("90m"), Some(Duration::from_secs(5_400)));
        assert_eq!(parse_duration("12h"), Some(Duration::from_secs(43_200)));
        assert_eq!(parse_duration("7d"), Some(Duration::from_secs(604_800)));
        for bad in ["", "0", "12x", "-5", "h"] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn public_read_and_the_bootstrap_admin_are_read() {
        let config = Config::from_lookup(|name| match name {
            "CQS_PUBLIC_READ" => Some("false".into()),
            "CQS_ADMIN_EMAIL" => Some("admin@cqs.ma".into()),
            "CQS_ADMIN_PASSWORD" => Some("a long enough password".into()),
            _ => None,
        })
        .unwrap();
        assert!(!config.auth.public_read);
        assert_eq!(config.auth.bootstrap_admin.unwrap().0, "admin@cqs.ma");
        let half = Config::from_lookup(|name| (name == "CQS_ADMIN_EMAIL").then(|| "a@b.c".into()));
        assert!(matches!(half, Err(ConfigError::HalfAdmin)));
    }

    #[test]
    fn the_planner_is_on_unless_cqs_planner_turns_it_off() {
        assert!(Config::from_lookup(|_| None).unwrap().planner);
        let planner = |text: &'static str| {
            Config::from_lookup(move |name| (name == "CQS_PLANNER").then(|| text.into()))
        };
        assert!(!planner("false").unwrap().planner);
        assert!(planner("TRUE").unwrap().planner);
        assert!(matches!(
            planner("sometimes"),
            Err(ConfigError::Switch("CQS_PLANNER", _))
        ));
    }

    #[test]
    fn http_limits_read_from_the_environment_within_bounds() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.http, HttpConfig::default());
        let config = Config::from_lookup(|name| match name {
            "CQS_MAX_BODY_BYTES" => Some("2048".into()),
            "CQS_BATCH_MAX" => Some("10".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            (config.http.max_body_bytes, config.http.batch_max),
            (2048, 10)
        );
        for (name, bad) in [
            ("CQS_MAX_BODY_BYTES", "0"),
            ("CQS_MAX_BODY_BYTES", "1MiB"),
            ("CQS_BATCH_MAX", "11"),
            ("CQS_BATCH_MAX", "-1"),
        ] {
            let result = Config::from_lookup(|asked| (asked == name).then(|| bad.into()));
            assert!(result.is_err(), "{name}={bad} is refused");
        }
    }

    #[test]
    fn the_explorer_is_on_unless_switched_off() {
        assert!(Config::from_lookup(|_| None).unwrap().http.explorer);
        for (text, expected) in [
            ("false", false),
            ("0", false),
            ("TRUE", true),
            ("yes", true),
        ] {
            let config =
                Config::from_lookup(|name| (name == "CQS_EXPLORER").then(|| text.into())).unwrap();
            assert_eq!(config.http.explorer, expected, "CQS_EXPLORER={text}");
        }
        let refused = Config::from_lookup(|name| (name == "CQS_EXPLORER").then(|| "off".into()));
        assert!(matches!(refused, Err(ConfigError::Explorer(text)) if text == "off"));
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
