//! The one role each user has (DESIGN.md, "Who may do what").

use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Role {
    #[sea_orm(string_value = "ADMIN")]
    Admin,
    #[sea_orm(string_value = "STAFF")]
    Staff,
    #[sea_orm(string_value = "PARTNER")]
    Partner,
    #[sea_orm(string_value = "ORGANIZATION")]
    Organization,
    #[sea_orm(string_value = "VIEWER")]
    Viewer,
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_uppercase().as_str() {
            "ADMIN" => Ok(Self::Admin),
            "STAFF" => Ok(Self::Staff),
            "PARTNER" => Ok(Self::Partner),
            "ORGANIZATION" => Ok(Self::Organization),
            "VIEWER" => Ok(Self::Viewer),
            other => Err(format!(
                "unknown role {other:?}: one of ADMIN, STAFF, PARTNER, ORGANIZATION, VIEWER"
            )),
        }
    }
}
