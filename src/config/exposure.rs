//! What the schema tells a caller about itself: introspection and "Did you mean …" suggestions
//! help a developer, and map the API for an attacker. `CQS_ENV=production` turns both off; their
//! own switches override either way.

use super::ConfigError;

/// Introspection and field suggestions; both on by default (README, "Production switches").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemaExposure {
    /// `CQS_INTROSPECTION`: whether `__schema` and `__type` answer. The explorer needs it.
    pub introspection: bool,
    /// `CQS_SUGGESTIONS`: whether a misspelt field's error names the fields it may have meant.
    pub suggestions: bool,
}

impl Default for SchemaExposure {
    fn default() -> Self {
        Self {
            introspection: true,
            suggestions: true,
        }
    }
}

impl SchemaExposure {
    /// Both off: what `CQS_ENV=production` starts from.
    pub const PRODUCTION: Self = Self {
        introspection: false,
        suggestions: false,
    };

    pub(super) fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut exposure = match lookup("CQS_ENV").filter(|s| !s.trim().is_empty()) {
            None => Self::default(),
            Some(env) => match env.trim().to_ascii_lowercase().as_str() {
                "production" | "prod" => Self::PRODUCTION,
                "development" | "dev" | "test" => Self::default(),
                _ => return Err(ConfigError::Env(env)),
            },
        };
        let switch = |name: &'static str, value: &mut bool| -> Result<(), ConfigError> {
            if let Some(text) = lookup(name).filter(|s| !s.trim().is_empty()) {
                *value = super::parse_bool(&text).ok_or(ConfigError::Switch(name, text))?;
            }
            Ok(())
        };
        switch("CQS_INTROSPECTION", &mut exposure.introspection)?;
        switch("CQS_SUGGESTIONS", &mut exposure.suggestions)?;
        Ok(exposure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<SchemaExposure, ConfigError> {
        SchemaExposure::from_lookup(&|name| {
            pairs
                .iter()
                .find(|(asked, _)| *asked == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn introspection_and_suggestions_are_on_outside_production() {
        assert_eq!(read(&[]).unwrap(), SchemaExposure::default());
        assert_eq!(
            read(&[("CQS_ENV", "development")]).unwrap(),
            SchemaExposure::default()
        );
    }

    #[test]
    fn production_turns_both_off_and_each_switch_overrides_it() {
        assert_eq!(
            read(&[("CQS_ENV", "production")]).unwrap(),
            SchemaExposure::PRODUCTION
        );
        assert_eq!(
            read(&[("CQS_ENV", "Production"), ("CQS_INTROSPECTION", "true")]).unwrap(),
            SchemaExposure {
                introspection: true,
                suggestions: false
            }
        );
        assert_eq!(
            read(&[("CQS_SUGGESTIONS", "false")]).unwrap(),
            SchemaExposure {
                introspection: true,
                suggestions: false
            }
        );
    }

    #[test]
    fn unknown_values_are_refused() {
        assert!(matches!(
            read(&[("CQS_ENV", "prodution")]),
            Err(ConfigError::Env(_))
        ));
        assert!(matches!(
            read(&[("CQS_INTROSPECTION", "maybe")]),
            Err(ConfigError::Switch("CQS_INTROSPECTION", _))
        ));
    }
}
