//! `ContactInfo`: personal data, shown only to callers allowed to see it.

use async_graphql::SimpleObject;

/// How to reach an organization or a partner. Personal data: `contact` is null for callers not
/// allowed to see it (DESIGN.md, "Who may do what"); without authentication nobody is.
#[derive(SimpleObject, Clone, Debug)]
pub struct ContactInfo {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub representative_name: Option<String>,
}
