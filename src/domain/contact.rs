//! Contact data of organizations and partners (personal data, DESIGN.md "Who may do what"):
//! an email that looks like one, and texts bounded by the columns that keep them.

use crate::domain::input::{NAME_MAX, Problems, optional_text};
use crate::domain::user_error::{ErrorCode, UserError};

/// The longest email address (RFC 5321), the width of the `contact_email` columns.
pub const EMAIL_MAX: usize = 254;
/// The width of the `contact_phone` columns.
pub const PHONE_MAX: usize = 50;
/// The width of the `contact_address` columns.
pub const ADDRESS_MAX: usize = 500;

/// A change of contact data: each field absent (`None`, unchanged), cleared (`Some(None)`) or
/// set (`Some(Some(value))`). A create reads absent as empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactChange {
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub representative_name: Option<Option<String>>,
}

impl ContactChange {
    /// The change with every given field trimmed and checked (a blank value clears the field);
    /// each error is noted in `problems` under `["input", "contact", <field>]`.
    pub fn parse(&self, problems: &mut Problems) -> ContactChange {
        let bounded = |value: &Option<Option<String>>, name: &str, max: usize| {
            value.as_ref().map(|value| {
                let field = ["input", "contact", name];
                optional_text(value.as_deref(), &field, max)
            })
        };
        let email = self
            .email
            .as_ref()
            .map(|value| email(value.as_deref(), &["input", "contact", "email"]));
        ContactChange {
            email: email.and_then(|checked| problems.take(checked)),
            phone: bounded(&self.phone, "phone", PHONE_MAX).and_then(|v| problems.take(v)),
            address: bounded(&self.address, "address", ADDRESS_MAX).and_then(|v| problems.take(v)),
            representative_name: bounded(&self.representative_name, "representativeName", NAME_MAX)
                .and_then(|v| problems.take(v)),
        }
    }

    /// Whether any field is given.
    pub fn is_empty(&self) -> bool {
        self.email.is_none()
            && self.phone.is_none()
            && self.address.is_none()
            && self.representative_name.is_none()
    }
}

/// An optional email address: trimmed, blank means absent, otherwise `local@domain.tld`
/// without spaces (INVALID) and at most [`EMAIL_MAX`] characters (TOO_LONG).
pub fn email(value: Option<&str>, field: &[&str]) -> Result<Option<String>, UserError> {
    let Some(email) = optional_text(value, field, EMAIL_MAX)? else {
        return Ok(None);
    };
    let plausible = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    };
    if plausible {
        Ok(Some(email))
    } else {
        Err(UserError::new(
            ErrorCode::Invalid,
            field,
            "not an email address, like \"contact@amal.ma\"",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(value: &str) -> Option<Option<String>> {
        Some(Some(value.to_owned()))
    }

    #[test]
    fn emails_must_look_like_emails() {
        let field = ["input", "contact", "email"];
        assert_eq!(
            email(Some(" contact@amal.ma "), &field),
            Ok(Some("contact@amal.ma".to_owned()))
        );
        assert_eq!(email(Some("  "), &field), Ok(None));
        for bad in [
            "amal.ma",
            "@amal.ma",
            "contact@amal",
            "a b@amal.ma",
            "a@b@c.ma",
        ] {
            let err = email(Some(bad), &field).unwrap_err();
            assert_eq!(err.code, ErrorCode::Invalid, "{bad}");
            assert_eq!(err.field, vec!["input", "contact", "email"]);
        }
        let long = format!("{}@amal.ma", "x".repeat(250));
        assert_eq!(
            email(Some(&long), &field).unwrap_err().code,
            ErrorCode::TooLong
        );
    }

    #[test]
    fn a_change_keeps_absent_fields_absent_and_notes_every_error() {
        let change = ContactChange {
            email: set("nope"),
            phone: set(&"1".repeat(PHONE_MAX + 1)),
            address: Some(None),
            representative_name: None,
        };
        let mut problems = Problems::default();
        let parsed = change.parse(&mut problems);
        assert_eq!(parsed.address, Some(None), "cleared stays cleared");
        assert_eq!(parsed.representative_name, None, "absent stays absent");
        let errors = problems.finish().unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[1].field, vec!["input", "contact", "phone"]);
        assert!(ContactChange::default().is_empty());
    }
}
