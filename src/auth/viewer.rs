//! The caller of a request and every permission of DESIGN.md's "Who may do what", decided
//! here and nowhere else: resolvers ask, services check, nobody re-derives a rule.

mod accompaniment;

use std::sync::{Arc, Mutex, PoisonError};

use crate::domain::role::Role;
use crate::entity::user;
use crate::error::AppError;

/// An authenticated user, as the database says now (not as an old token said).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub role: Role,
    pub partner_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub center_id: Option<i64>,
    /// The API token used, if the request came with one rather than a login token.
    pub api_token_id: Option<i64>,
}

impl Principal {
    pub fn of(user: &user::Model, api_token_id: Option<i64>) -> Self {
        Self {
            user_id: user.id,
            role: user.role,
            partner_id: user.partner_id,
            organization_id: user.organization_id,
            center_id: user.center_id,
            api_token_id,
        }
    }
}

/// Which part of the audit trail a caller reads (DESIGN.md: audit is read by admins, all of it,
/// and by staff, their center's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditScope {
    All,
    /// The rows about one center's entities.
    Center(i64),
}

/// Who is calling: anonymous or one user, and the request's id for the audit trail.
#[derive(Clone, Debug, Default)]
pub struct Viewer {
    principal: Option<Principal>,
    request_id: Option<String>,
    /// Set when the principal comes from a login token's signed claims and the users table has
    /// not confirmed it yet (a query's read planner confirms it in its own statement).
    unconfirmed: Option<Arc<Confirmation>>,
}

/// Whether the users table still says what a token's claims say: the same role and links, and
/// not disabled. Every statement that checks it records its finding; one that fails stands.
#[derive(Debug, Default)]
pub struct Confirmation(Mutex<Option<bool>>);

impl Confirmation {
    fn get(&self) -> Option<bool> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whose personal data a caller may read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactScope {
    Every,
    /// The rows of this center only.
    OfCenter(i64),
    /// This one row: the caller's own organization or partner.
    Own(i64),
    Nothing,
}

impl ContactScope {
    /// Whether the row `id` (of the center `center_id`, for rows that belong to one) is in scope.
    pub fn admits(self, id: i64, center_id: Option<i64>) -> bool {
        match self {
            ContactScope::Every => true,
            ContactScope::OfCenter(center) => center_id == Some(center),
            ContactScope::Own(own) => own == id,
            ContactScope::Nothing => false,
        }
    }

    /// Whether a row of the center `center_id` that no caller owns (a session's notes) is in
    /// scope.
    pub fn admits_center(self, center_id: i64) -> bool {
        match self {
            ContactScope::Every => true,
            ContactScope::OfCenter(center) => center == center_id,
            ContactScope::Own(_) | ContactScope::Nothing => false,
        }
    }
}

impl Viewer {
    pub fn anonymous() -> Self {
        Self::default()
    }

    pub fn authenticated(principal: Principal) -> Self {
        Self {
            principal: Some(principal),
            request_id: None,
            unconfirmed: None,
        }
    }

    /// A caller as a login token's claims name them, to be confirmed against the users table
    /// before the answer leaves (see [`Viewer::confirmation`]).
    pub fn claimed(principal: Principal) -> Self {
        Self {
            principal: Some(principal),
            request_id: None,
            unconfirmed: Some(Arc::default()),
        }
    }

    /// The principal a statement should confirm, when nothing has confirmed it yet.
    pub fn to_confirm(&self) -> Option<&Principal> {
        let confirmation = self.unconfirmed.as_ref()?;
        match confirmation.get() {
            None => self.principal.as_ref(),
            Some(_) => None,
        }
    }

    /// Records what a statement found about the claimed principal.
    pub fn confirm(&self, holds: bool) {
        if let Some(confirmation) = &self.unconfirmed {
            let mut found = confirmation
                .0
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            *found = Some(found.unwrap_or(true) && holds);
        }
    }

    /// For a claimed viewer, what the users table said (`None`: nothing checked it yet);
    /// `Some(true)` for a viewer loaded from the database or anonymous.
    pub fn confirmation(&self) -> Option<bool> {
        match &self.unconfirmed {
            None => Some(true),
            Some(confirmation) => confirmation.get(),
        }
    }

    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    pub fn principal(&self) -> Option<&Principal> {
        self.principal.as_ref()
    }

    pub fn user_id(&self) -> Option<i64> {
        self.principal.as_ref().map(|p| p.user_id)
    }

    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    fn role(&self) -> Option<Role> {
        self.principal.as_ref().map(|p| p.role)
    }

    /// The caller, or `UNAUTHENTICATED`.
    pub fn require_authenticated(&self) -> Result<&Principal, AppError> {
        self.principal
            .as_ref()
            .ok_or_else(|| AppError::Unauthenticated("sign in to do this".to_owned()))
    }

    /// The caller if they have `role`, else `UNAUTHENTICATED` or `FORBIDDEN`.
    pub fn require_role(&self, role: Role) -> Result<&Principal, AppError> {
        let principal = self.require_authenticated()?;
        if principal.role == role {
            Ok(principal)
        } else {
            Err(AppError::forbidden(
                format!("only {role:?} accounts may do this").to_uppercase(),
            ))
        }
    }

    /// Contact data of an organization: admins, the staff of its center, and the organization's
    /// own accounts.
    pub fn can_read_organization_contact(&self, organization_id: i64, center_id: i64) -> bool {
        self.organization_contacts()
            .admits(organization_id, Some(center_id))
    }

    /// The organizations whose contact data the caller may read: the one rule, applied row by
    /// row above and turned into a condition of the statement by the read planner.
    pub fn organization_contacts(&self) -> ContactScope {
        let Some(p) = &self.principal else {
            return ContactScope::Nothing;
        };
        let scoped = |id: Option<i64>, scope: fn(i64) -> ContactScope| {
            id.map_or(ContactScope::Nothing, scope)
        };
        match p.role {
            Role::Admin => ContactScope::Every,
            Role::Staff => scoped(p.center_id, ContactScope::OfCenter),
            Role::Organization => scoped(p.organization_id, ContactScope::Own),
            Role::Partner | Role::Viewer => ContactScope::Nothing,
        }
    }

    /// Contact data of a partner: admins, staff (partners work with every center; they are not
    /// scoped to one), and the partner's own accounts.
    pub fn can_read_partner_contact(&self, partner_id: i64) -> bool {
        self.partner_contacts().admits(partner_id, None)
    }

    /// The partners whose contact data the caller may read.
    pub fn partner_contacts(&self) -> ContactScope {
        let Some(p) = &self.principal else {
            return ContactScope::Nothing;
        };
        match p.role {
            Role::Admin | Role::Staff => ContactScope::Every,
            Role::Partner => p
                .partner_id
                .map_or(ContactScope::Nothing, ContactScope::Own),
            Role::Organization | Role::Viewer => ContactScope::Nothing,
        }
    }

    /// A user's data: admins, the user themself, and the staff of the user's center.
    pub fn can_read_user(&self, user: &user::Model) -> bool {
        let Some(p) = &self.principal else {
            return false;
        };
        p.user_id == user.id
            || p.role == Role::Admin
            || (p.role == Role::Staff && p.center_id.is_some() && p.center_id == user.center_id)
    }

    /// Whether this is the user whose own things (API tokens) are asked for.
    pub fn is_user(&self, user_id: i64) -> bool {
        self.user_id() == Some(user_id)
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    fn refuse(&self, what: &str) -> AppError {
        match self.principal {
            None => AppError::Unauthenticated(format!("sign in to {what}")),
            Some(_) => AppError::forbidden(format!("your role may not {what}")),
        }
    }

    /// Centers and programs: ADMIN only.
    pub fn may_manage_centers(&self, what: &str) -> Result<&Principal, AppError> {
        match &self.principal {
            Some(p) if p.role == Role::Admin => Ok(p),
            _ => Err(self.refuse(what)),
        }
    }

    /// Zones, associations, cooperatives of a center, and that center's projects and
    /// commitments: ADMIN, or STAFF of that center.
    pub fn may_manage_center(&self, center_id: i64, what: &str) -> Result<&Principal, AppError> {
        match &self.principal {
            Some(p) if self.managed_centers().admits(center_id, Some(center_id)) => Ok(p),
            _ => Err(self.refuse(what)),
        }
    }

    /// The centers the caller manages (ADMIN every one, STAFF their own): the rule of
    /// [`Self::may_manage_center`], as a scope a planned read turns into a condition (a guest's
    /// name is shown on the events of these centers only).
    pub fn managed_centers(&self) -> ContactScope {
        match &self.principal {
            Some(p) if p.role == Role::Admin => ContactScope::Every,
            Some(p) if p.role == Role::Staff => p
                .center_id
                .map_or(ContactScope::Nothing, ContactScope::OfCenter),
            _ => ContactScope::Nothing,
        }
    }

    /// Creating partners: ADMIN and STAFF (partners are shared by every center).
    pub fn may_create_partners(&self) -> Result<&Principal, AppError> {
        match &self.principal {
            Some(p) if matches!(p.role, Role::Admin | Role::Staff) => Ok(p),
            _ => Err(self.refuse("create partners")),
        }
    }

    /// Updating a partner: ADMIN, STAFF, or the partner's own accounts.
    pub fn may_update_partner(&self, partner_id: i64) -> Result<&Principal, AppError> {
        match &self.principal {
            Some(p) if matches!(p.role, Role::Admin | Role::Staff) => Ok(p),
            Some(p) if p.role == Role::Partner && p.partner_id == Some(partner_id) => Ok(p),
            _ => Err(self.refuse("update this partner")),
        }
    }

    /// Updating an organization: ADMIN, STAFF of its center, or its own accounts.
    pub fn may_update_organization(
        &self,
        organization_id: i64,
        center_id: i64,
    ) -> Result<&Principal, AppError> {
        match &self.principal {
            Some(p)
                if p.role == Role::Organization && p.organization_id == Some(organization_id) =>
            {
                Ok(p)
            }
            _ => self.may_manage_center(center_id, "update this organization"),
        }
    }

    /// Creating or updating a project: ADMIN, STAFF of its center, or its carrier's accounts
    /// while the project is DRAFT or IN_PREPARATION (`editable`).
    pub fn may_edit_project(
        &self,
        carrier_id: i64,
        center_id: i64,
        editable: bool,
    ) -> Result<&Principal, AppError> {
        match &self.principal {
            Some(p) if p.role == Role::Organization && p.organization_id == Some(carrier_id) => {
                if editable {
                    Ok(p)
                } else {
                    Err(AppError::forbidden(
                        "an organization edits its projects only while DRAFT or IN_PREPARATION",
                    ))
                }
            }
            _ => self.may_manage_center(center_id, "change this project"),
        }
    }

    /// Committing for `partner_id` to a target in `center_id`: ADMIN, STAFF of the center, or
    /// the partner's own accounts (for their partner only).
    pub fn may_commit(&self, partner_id: i64, center_id: i64) -> Result<&Principal, AppError> {
        match &self.principal {
            Some(p) if p.role == Role::Partner => {
                if p.partner_id == Some(partner_id) {
                    Ok(p)
                } else {
                    Err(AppError::forbidden(
                        "a partner account commits for its own partner only",
                    ))
                }
            }
            _ => self.may_manage_center(center_id, "manage this commitment"),
        }
    }

    /// Reading the audit trail: ADMIN all of it, STAFF their center's part; nobody else.
    pub fn may_read_audit(&self) -> Result<AuditScope, AppError> {
        match &self.principal {
            Some(p) if p.role == Role::Admin => Ok(AuditScope::All),
            Some(p) if p.role == Role::Staff => p
                .center_id
                .map(AuditScope::Center)
                .ok_or_else(|| self.refuse("read the audit trail")),
            _ => Err(self.refuse("read the audit trail")),
        }
    }

    /// Whether the caller is the carrier's own account (limited to some project transitions).
    pub fn is_carrier_account(&self, carrier_id: i64) -> bool {
        self.principal
            .as_ref()
            .is_some_and(|p| p.role == Role::Organization && p.organization_id == Some(carrier_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_role(role: Role) -> Viewer {
        Viewer::authenticated(Principal {
            user_id: 1,
            role,
            partner_id: Some(10),
            organization_id: Some(20),
            center_id: Some(30),
            api_token_id: None,
        })
    }

    #[test]
    fn the_centers_managed_are_those_may_manage_center_admits() {
        let scopes = [
            (Role::Admin, ContactScope::Every),
            (Role::Staff, ContactScope::OfCenter(30)),
            (Role::Organization, ContactScope::Nothing),
            (Role::Partner, ContactScope::Nothing),
            (Role::Viewer, ContactScope::Nothing),
        ];
        for (role, scope) in scopes {
            let viewer = as_role(role);
            assert_eq!(viewer.managed_centers(), scope, "{role:?}");
            for center in [30, 31] {
                assert_eq!(
                    viewer.may_manage_center(center, "read guests").is_ok(),
                    scope.admits(center, Some(center)),
                    "{role:?} managing center {center}"
                );
            }
        }
        let unlinked = Viewer::authenticated(Principal {
            center_id: None,
            ..as_role(Role::Staff).principal.unwrap()
        });
        assert_eq!(unlinked.managed_centers(), ContactScope::Nothing);
        assert_eq!(Viewer::anonymous().managed_centers(), ContactScope::Nothing);
    }

    #[test]
    fn organization_contact_follows_the_role_matrix() {
        let cases = [
            (Role::Admin, 99, 99, true),
            (Role::Staff, 99, 30, true),
            (Role::Staff, 99, 31, false),
            (Role::Organization, 20, 31, true),
            (Role::Organization, 21, 30, false),
            (Role::Partner, 20, 30, false),
            (Role::Viewer, 20, 30, false),
        ];
        for (role, organization, center, expected) in cases {
            assert_eq!(
                as_role(role).can_read_organization_contact(organization, center),
                expected,
                "{role:?} reading organization {organization} of center {center}"
            );
        }
        assert!(!Viewer::anonymous().can_read_organization_contact(20, 30));
    }

    #[test]
    fn partner_contact_follows_the_role_matrix() {
        assert!(as_role(Role::Admin).can_read_partner_contact(99));
        assert!(as_role(Role::Staff).can_read_partner_contact(99));
        assert!(as_role(Role::Partner).can_read_partner_contact(10));
        assert!(!as_role(Role::Partner).can_read_partner_contact(11));
        assert!(!as_role(Role::Organization).can_read_partner_contact(10));
        assert!(!as_role(Role::Viewer).can_read_partner_contact(10));
        assert!(!Viewer::anonymous().can_read_partner_contact(10));
    }

    #[test]
    fn the_write_side_of_the_matrix() {
        assert!(as_role(Role::Admin).may_manage_centers("x").is_ok());
        assert!(as_role(Role::Staff).may_manage_centers("x").is_err());
        assert!(as_role(Role::Staff).may_manage_center(30, "x").is_ok());
        assert!(as_role(Role::Staff).may_manage_center(31, "x").is_err());
        assert!(as_role(Role::Partner).may_commit(10, 31).is_ok());
        assert!(as_role(Role::Partner).may_commit(11, 30).is_err());
        assert!(as_role(Role::Organization).may_commit(10, 30).is_err());
        assert!(
            as_role(Role::Organization)
                .may_edit_project(20, 31, true)
                .is_ok()
        );
        assert!(
            as_role(Role::Organization)
                .may_edit_project(20, 31, false)
                .is_err()
        );
        assert!(
            as_role(Role::Organization)
                .may_edit_project(21, 30, true)
                .is_err()
        );
        assert!(as_role(Role::Viewer).may_update_partner(10).is_err());
        assert!(as_role(Role::Partner).may_update_partner(10).is_ok());
        assert!(matches!(
            Viewer::anonymous().may_create_partners(),
            Err(AppError::Unauthenticated(_))
        ));
        assert!(matches!(
            as_role(Role::Viewer).may_create_partners(),
            Err(AppError::Forbidden(_))
        ));
    }

    #[test]
    fn admins_read_the_whole_audit_trail_and_staff_their_centers() {
        assert_eq!(
            as_role(Role::Admin).may_read_audit().unwrap(),
            AuditScope::All
        );
        assert_eq!(
            as_role(Role::Staff).may_read_audit().unwrap(),
            AuditScope::Center(30)
        );
        for role in [Role::Partner, Role::Organization, Role::Viewer] {
            assert!(
                matches!(as_role(role).may_read_audit(), Err(AppError::Forbidden(_))),
                "{role:?}"
            );
        }
        assert!(matches!(
            Viewer::anonymous().may_read_audit(),
            Err(AppError::Unauthenticated(_))
        ));
    }

    #[test]
    fn a_missing_role_is_forbidden_and_a_missing_login_unauthenticated() {
        assert!(matches!(
            as_role(Role::Staff).require_role(Role::Admin),
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            Viewer::anonymous().require_role(Role::Admin),
            Err(AppError::Unauthenticated(_))
        ));
        assert!(as_role(Role::Admin).require_role(Role::Admin).is_ok());
    }
}
