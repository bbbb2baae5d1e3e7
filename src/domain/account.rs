//! The rules of an account's role and scope (DESIGN.md, "Who may do what"): a PARTNER account
//! acts for one partner, an ORGANIZATION account for one organization, a STAFF account works in
//! one center, and ADMIN and VIEWER accounts are linked to nothing. And the center always keeps
//! one active admin, or nobody could manage accounts any more.

use crate::domain::role::Role;
use crate::domain::user_error::{ErrorCode, UserError};

/// What an account is linked to (row ids).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub partner_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub center_id: Option<i64>,
}

/// A change of role and scope, as received: `None` leaves a link as it is (or drops it when the
/// new role has no use for it), `Some(None)` clears it, `Some(Some(id))` sets it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScopeChange {
    pub role: Option<Role>,
    pub partner_id: Option<Option<i64>>,
    pub organization_id: Option<Option<i64>>,
    pub center_id: Option<Option<i64>>,
}

/// One kind of link: the role that needs it and the input field that carries it.
struct Link {
    role: Role,
    field: &'static str,
    change: Option<Option<i64>>,
    current: Option<i64>,
}

impl Link {
    /// The link after the change for an account of `role`, or the error of its field.
    fn resolve(&self, role: Role) -> Result<Option<i64>, UserError> {
        let wanted = role == self.role;
        let value = match self.change {
            Some(value) => value,
            None if wanted => self.current,
            None => None,
        };
        match (wanted, value) {
            (true, None) => Err(UserError::new(
                ErrorCode::Invalid,
                &["input", self.field],
                format!("a {} account needs its {}", role_name(role), self.field),
            )),
            (false, Some(_)) => Err(UserError::new(
                ErrorCode::Invalid,
                &["input", self.field],
                format!("a {} account has no {}", role_name(role), self.field),
            )),
            _ => Ok(value),
        }
    }
}

/// The role as clients write it: "PARTNER".
fn role_name(role: Role) -> String {
    format!("{role:?}").to_uppercase()
}

/// The role and scope an account has after `change`: exactly the link its role needs, and no
/// other. Links the new role has no use for are dropped unless the change sets them, which is
/// an error; every error names its field.
pub fn rescope(
    role: Role,
    scope: Scope,
    change: &ScopeChange,
) -> Result<(Role, Scope), Vec<UserError>> {
    let role = change.role.unwrap_or(role);
    let links = [
        (
            Role::Partner,
            "partnerId",
            change.partner_id,
            scope.partner_id,
        ),
        (
            Role::Organization,
            "organizationId",
            change.organization_id,
            scope.organization_id,
        ),
        (Role::Staff, "centerId", change.center_id, scope.center_id),
    ]
    .map(|(role, field, change, current)| Link {
        role,
        field,
        change,
        current,
    });
    let mut errors = Vec::new();
    let mut resolved = [None; 3];
    for (slot, link) in resolved.iter_mut().zip(&links) {
        match link.resolve(role) {
            Ok(value) => *slot = value,
            Err(err) => errors.push(err),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let [partner_id, organization_id, center_id] = resolved;
    Ok((
        role,
        Scope {
            partner_id,
            organization_id,
            center_id,
        },
    ))
}

/// Whether an account counts as an active admin: ADMIN and not disabled.
pub fn is_active_admin(role: Role, disabled: bool) -> bool {
    role == Role::Admin && !disabled
}

/// The last active admin may be neither demoted nor disabled: `others` is how many active
/// admins there are besides the account being changed.
pub fn keeps_an_admin(was_active_admin: bool, stays_active_admin: bool, others: usize) -> bool {
    !was_active_admin || stays_active_admin || others > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTNER: Scope = Scope {
        partner_id: Some(7),
        organization_id: None,
        center_id: None,
    };

    fn fields(errors: &[UserError]) -> Vec<(ErrorCode, String)> {
        errors.iter().map(|e| (e.code, e.field.join("."))).collect()
    }

    #[test]
    fn an_unchanged_account_keeps_its_scope() {
        let change = ScopeChange::default();
        assert_eq!(
            rescope(Role::Partner, PARTNER, &change),
            Ok((Role::Partner, PARTNER))
        );
    }

    #[test]
    fn a_new_role_drops_the_links_it_has_no_use_for() {
        let change = ScopeChange {
            role: Some(Role::Staff),
            center_id: Some(Some(3)),
            ..ScopeChange::default()
        };
        let (role, scope) = rescope(Role::Partner, PARTNER, &change).unwrap();
        assert_eq!(role, Role::Staff);
        assert_eq!(
            scope,
            Scope {
                center_id: Some(3),
                ..Scope::default()
            }
        );
        let admin = ScopeChange {
            role: Some(Role::Admin),
            ..ScopeChange::default()
        };
        assert_eq!(
            rescope(Role::Partner, PARTNER, &admin),
            Ok((Role::Admin, Scope::default()))
        );
    }

    #[test]
    fn a_role_without_its_link_or_with_another_is_invalid() {
        let cases = [
            (
                "staff without a center",
                Role::Viewer,
                ScopeChange {
                    role: Some(Role::Staff),
                    ..ScopeChange::default()
                },
                vec![(ErrorCode::Invalid, "input.centerId".to_owned())],
            ),
            (
                "a partner's link cleared",
                Role::Partner,
                ScopeChange {
                    partner_id: Some(None),
                    ..ScopeChange::default()
                },
                vec![(ErrorCode::Invalid, "input.partnerId".to_owned())],
            ),
            (
                "an admin given a center and an organization",
                Role::Admin,
                ScopeChange {
                    organization_id: Some(Some(2)),
                    center_id: Some(Some(3)),
                    ..ScopeChange::default()
                },
                vec![
                    (ErrorCode::Invalid, "input.organizationId".to_owned()),
                    (ErrorCode::Invalid, "input.centerId".to_owned()),
                ],
            ),
        ];
        for (case, role, change, expected) in cases {
            let scope = if role == Role::Partner {
                PARTNER
            } else {
                Scope::default()
            };
            let errors = rescope(role, scope, &change).expect_err(case);
            assert_eq!(fields(&errors), expected, "{case}");
        }
    }

    #[test]
    fn only_the_last_active_admin_is_kept() {
        assert!(!keeps_an_admin(true, false, 0), "the last one leaves");
        assert!(keeps_an_admin(true, false, 1), "another admin remains");
        assert!(keeps_an_admin(true, true, 0), "the admin stays one");
        assert!(
            keeps_an_admin(false, false, 0),
            "not an admin to begin with"
        );
        assert!(is_active_admin(Role::Admin, false));
        assert!(!is_active_admin(Role::Admin, true));
        assert!(!is_active_admin(Role::Staff, false));
    }
}
