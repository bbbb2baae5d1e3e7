//! `ContactInfo`: personal data, shown only to callers allowed to see it; `ContactInput`, how
//! creates and updates write it.

use async_graphql::{InputObject, MaybeUndefined, SimpleObject};

use crate::domain::contact::ContactChange;

/// How to reach an organization or a partner. Personal data: `contact` is null for callers not
/// allowed to see it (admins, the center's staff, and the organization's or the partner's own
/// accounts see it); anonymous callers never do.
#[derive(SimpleObject, Clone, Debug)]
pub struct ContactInfo {
    /// The email address; null when not recorded.
    pub email: Option<String>,
    /// The telephone number, as written; null when not recorded.
    pub phone: Option<String>,
    /// The postal address; null when not recorded.
    pub address: Option<String>,
    /// The person who represents the organization or the partner; null when not recorded.
    pub representative_name: Option<String>,
}

/// How to reach an organization or a partner, as written. On an update only the fields given
/// change and `null` clears one; a blank value clears it too.
#[derive(InputObject, Default)]
pub struct ContactInput {
    /// Must look like an email address: "contact@amal.ma".
    pub email: MaybeUndefined<String>,
    /// A telephone number, as written: "+212 5 23 32 00 00".
    pub phone: MaybeUndefined<String>,
    /// A postal address.
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
