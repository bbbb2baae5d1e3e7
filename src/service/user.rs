//! Users: creation (by an admin, by the command line, or the bootstrap admin at start), the
//! admins' list of accounts ([`list`]), changes of role, scope and status ([`update`]), and each
//! user's API tokens ([`token`]).

pub mod list;
pub mod token;
pub mod update;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use crate::auth::password::{self, MIN_PASSWORD_LENGTH};
use crate::auth::viewer::Viewer;
use crate::domain::account::Scope;
use crate::domain::role::Role;
use crate::domain::search::search_text;
use crate::domain::user_error::{ErrorCode, MAX_NAME_LENGTH, UserError, required_text};
use crate::entity::{center, organization, partner, user};
use crate::error::{AppError, Result};
use crate::service::events::Entity;
use crate::service::write::{Services, Write};

pub use list::{UserFilter, list_users};
pub use token::{
    MAX_TOKEN_LIFETIME_DAYS, api_tokens_of, create_api_token, create_api_token_from_cli,
    revoke_api_token,
};
pub use update::{UserChange, update_user};

/// What creating a user takes; ids are row ids.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
    pub partner_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub center_id: Option<i64>,
}

/// Checks a new user's fields; every problem is reported, with its field.
fn validate(new: &NewUser) -> std::result::Result<(String, String), Vec<UserError>> {
    let mut errors = Vec::new();
    let email = new.email.trim().to_owned();
    if email.is_empty() {
        errors.push(UserError::new(
            ErrorCode::Required,
            &["input", "email"],
            "an email is required",
        ));
    } else if email.len() > 254 || !is_plausible_email(&email) {
        errors.push(UserError::new(
            ErrorCode::Invalid,
            &["input", "email"],
            "not an email address",
        ));
    }
    let display_name = required_text(
        &new.display_name,
        &["input", "displayName"],
        MAX_NAME_LENGTH,
    )
    .map_err(|err| errors.push(err))
    .unwrap_or_default();
    if new.password.chars().count() < MIN_PASSWORD_LENGTH {
        errors.push(UserError::new(
            ErrorCode::OutOfRange,
            &["input", "password"],
            format!("a password has at least {MIN_PASSWORD_LENGTH} characters"),
        ));
    }
    let link = |present: bool, field: &str, what: &str| {
        (!present).then(|| {
            UserError::new(
                ErrorCode::Required,
                &["input", field],
                format!("a {what} account needs its {field}"),
            )
        })
    };
    errors.extend(match new.role {
        Role::Partner => link(new.partner_id.is_some(), "partnerId", "PARTNER"),
        Role::Organization => link(
            new.organization_id.is_some(),
            "organizationId",
            "ORGANIZATION",
        ),
        Role::Staff => link(new.center_id.is_some(), "centerId", "STAFF"),
        Role::Admin | Role::Viewer => None,
    });
    if errors.is_empty() {
        Ok((email, display_name))
    } else {
        Err(errors)
    }
}

fn is_plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

impl NewUser {
    fn scope(&self) -> Scope {
        Scope {
            partner_id: self.partner_id,
            organization_id: self.organization_id,
            center_id: self.center_id,
        }
    }
}

/// The folded text the admins' search matches: the display name and the email.
fn user_search_text(display_name: &str, email: &str) -> String {
    search_text([Some(display_name), Some(email)])
}

/// Fails with NOT_FOUND for a linked partner, organization or center that does not exist.
async fn check_links(db: &impl ConnectionTrait, scope: &Scope) -> Result<()> {
    let mut errors = Vec::new();
    if let Some(id) = scope.partner_id
        && partner::Entity::find_by_id(id).one(db).await?.is_none()
    {
        errors.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "partnerId"],
            "no such partner",
        ));
    }
    if let Some(id) = scope.organization_id
        && organization::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_none()
    {
        errors.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "organizationId"],
            "no such organization",
        ));
    }
    if let Some(id) = scope.center_id
        && center::Entity::find_by_id(id).one(db).await?.is_none()
    {
        errors.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "centerId"],
            "no such center",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::User(errors))
    }
}

/// Creates a user (ADMIN only, DESIGN.md), with an Argon2id hash of the password, and audits it.
pub async fn create_user(
    services: &Services,
    viewer: &Viewer,
    new: NewUser,
) -> Result<user::Model> {
    viewer.require_role(Role::Admin)?;
    insert_user(services, viewer, new).await
}

async fn insert_user(services: &Services, viewer: &Viewer, new: NewUser) -> Result<user::Model> {
    let (email, display_name) = validate(&new).map_err(AppError::User)?;
    check_links(&services.db, &new.scope()).await?;
    let secret = new.password.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash_password(&secret))
        .await
        .map_err(|err| AppError::bad_input(err.to_string()))?
        .map_err(|err| AppError::bad_input(err.to_string()))?;
    let mut write = Write::begin(services, viewer).await?;
    let row = user::ActiveModel {
        email_normalized: Set(email.to_lowercase()),
        search_text: Set(user_search_text(&display_name, &email)),
        email: Set(email),
        display_name: Set(display_name),
        role: Set(new.role),
        password_hash: Set(hash),
        partner_id: Set(new.partner_id),
        organization_id: Set(new.organization_id),
        center_id: Set(new.center_id),
        disabled_at: Set(None),
        ..Default::default()
    };
    let mut fields = vec!["email", "displayName", "role"];
    let links = [
        ("partnerId", new.partner_id),
        ("organizationId", new.organization_id),
        ("centerId", new.center_id),
    ];
    fields.extend(
        links
            .iter()
            .filter(|(_, id)| id.is_some())
            .map(|(name, _)| *name),
    );
    let user = write
        .insert(Entity::User, "create_user", row, &fields)
        .await
        .map_err(|err| err.or_duplicate(&["input", "email"], "a user already has this email"))?;
    write.commit().await?;
    Ok(user)
}

/// Creates a user from the command line (no viewer: the operator runs the binary).
pub async fn create_user_from_cli(db: &DatabaseConnection, new: NewUser) -> Result<user::Model> {
    insert_user(&Services::offline(db), &Viewer::anonymous(), new).await
}

/// Creates the first admin from `CQS_ADMIN_EMAIL` / `CQS_ADMIN_PASSWORD` when no admin exists;
/// returns it, or `None` when an admin was already there.
pub async fn bootstrap_admin(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> Result<Option<user::Model>> {
    let admins = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin))
        .count(db)
        .await?;
    if admins > 0 {
        return Ok(None);
    }
    let new = NewUser {
        email: email.to_owned(),
        display_name: "Administrator".to_owned(),
        role: Role::Admin,
        password: password.to_owned(),
        partner_id: None,
        organization_id: None,
        center_id: None,
    };
    insert_user(&Services::offline(db), &Viewer::anonymous(), new)
        .await
        .map(Some)
}

/// A user by id, for the viewer and for `node`.
pub async fn find_user(db: &DatabaseConnection, id: i64) -> Result<Option<user::Model>> {
    Ok(user::Entity::find_by_id(id).one(db).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_user(role: Role) -> NewUser {
        NewUser {
            email: "staff@cqs.example.ma".into(),
            display_name: "Staff".into(),
            role,
            password: "twelve chars!".into(),
            partner_id: None,
            organization_id: None,
            center_id: Some(1),
        }
    }

    #[test]
    fn a_valid_user_passes() {
        assert!(validate(&new_user(Role::Staff)).is_ok());
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut bad = new_user(Role::Partner);
        bad.email = "not-an-email".into();
        bad.display_name = " ".into();
        bad.password = "short".into();
        let errors = validate(&bad).unwrap_err();
        let found: Vec<(ErrorCode, String)> =
            errors.iter().map(|e| (e.code, e.field.join("."))).collect();
        assert_eq!(
            found,
            vec![
                (ErrorCode::Invalid, "input.email".to_owned()),
                (ErrorCode::Required, "input.displayName".to_owned()),
                (ErrorCode::OutOfRange, "input.password".to_owned()),
                (ErrorCode::Required, "input.partnerId".to_owned()),
            ]
        );
    }
}
