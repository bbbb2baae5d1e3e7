//! `ContactInfo`: personal data, shown only to callers allowed to see it; `ContactInput`, how
//! creates and updates write it.

use async_graphql::{InputObject, MaybeUndefined, SimpleObject};

use crate::domain::contact::ContactChange;

/// How to reach an organization or a partner. Personal data: `contact` is null for callers not
/// allowed to see it (DESIGN.md, "Who may do what"); without authentication nobody is.
#[derive(SimpleObject, Clone, Debug)]
pub struct ContactInfo {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub representative_name: Option<String>,
}

/// How to reach an organization or a partner, as written. On an update only the fields given
/// change and `null` clears one; a blank value clears it too.
#[derive(InputObject, Default)]
pub struct ContactInput {
    /// Must look like an email address: "contact@amal.ma".
    pub email: MaybeUndefined<String>,
    pub phone: MaybeUndefined<String>,
    pub address: MaybeUndefined<String>,
    /// The person who represents the organization or the partner.
    pub representative_name: MaybeUndefined<String>,
}

impl From<ContactInput> for ContactChange {
    fn from(input: ContactInput) -> Self {
        Self {
            email: input.email.into(),
            phone: input.phone.into(),
            address: input.address.into(),
            representative_name: input.representative_name.into(),
        }
    }
}
