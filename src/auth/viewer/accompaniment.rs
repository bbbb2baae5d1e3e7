//! Who may log and read the center's accompaniment work and its expected results: the rules of
//! issue 14, beside the role matrix of DESIGN.md they extend.

use super::{ContactScope, Viewer};
use crate::auth::viewer::Principal;
use crate::domain::role::Role;
use crate::error::AppError;

impl Viewer {
    /// A session's private notes: ADMIN, and the STAFF of the session's center.
    pub fn can_read_session_notes(&self, center_id: i64) -> bool {
        self.session_notes().admits_center(center_id)
    }

    /// The sessions whose private notes the caller may read: the one rule, applied row by row
    /// above and turned into a condition of the statement by the read planner.
    pub fn session_notes(&self) -> ContactScope {
        match self.principal() {
            Some(p) if p.role == Role::Admin => ContactScope::Every,
            Some(p) if p.role == Role::Staff => p
                .center_id
                .map_or(ContactScope::Nothing, ContactScope::OfCenter),
            _ => ContactScope::Nothing,
        }
    }

    /// Logging or changing a session of `center_id` facilitated by `partner_id`: ADMIN, STAFF of
    /// the center, or the facilitating partner's own accounts for that partner's sessions only.
    pub fn may_log_session(
        &self,
        center_id: i64,
        partner_id: Option<i64>,
    ) -> Result<&Principal, AppError> {
        match self.principal() {
            Some(p) if p.role == Role::Partner => {
                if partner_id.is_some() && p.partner_id == partner_id {
                    Ok(p)
                } else {
                    Err(AppError::forbidden(
                        "a partner account logs only the sessions its own partner facilitates",
                    ))
                }
            }
            _ => self.may_manage_center(center_id, "log accompaniment sessions of this center"),
        }
    }

    /// Writing an indicator: ADMIN; STAFF of the center for a center's indicator (a program's
    /// indicators are ADMIN's, as programs are).
    pub fn may_write_indicator(&self, center_id: Option<i64>) -> Result<&Principal, AppError> {
        match center_id {
            Some(center_id) => self.may_manage_center(center_id, "write this center's indicators"),
            None => self.may_manage_centers("write a program's indicators"),
        }
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
    fn notes_are_read_by_admins_and_the_staff_of_the_center_only() {
        let cases = [
            (Role::Admin, 99, true),
            (Role::Staff, 30, true),
            (Role::Staff, 31, false),
            (Role::Partner, 30, false),
            (Role::Organization, 30, false),
            (Role::Viewer, 30, false),
        ];
        for (role, center, expected) in cases {
            assert_eq!(
                as_role(role).can_read_session_notes(center),
                expected,
                "{role:?} reading notes of center {center}"
            );
        }
        assert!(!Viewer::anonymous().can_read_session_notes(30));
    }

    #[test]
    fn a_partner_logs_only_the_sessions_it_facilitates() {
        let partner = as_role(Role::Partner);
        assert!(partner.may_log_session(99, Some(10)).is_ok());
        assert!(partner.may_log_session(30, Some(11)).is_err());
        assert!(partner.may_log_session(30, None).is_err());
        assert!(as_role(Role::Staff).may_log_session(30, None).is_ok());
        assert!(as_role(Role::Staff).may_log_session(31, Some(10)).is_err());
        assert!(
            as_role(Role::Organization)
                .may_log_session(30, None)
                .is_err()
        );
        assert!(Viewer::anonymous().may_log_session(30, None).is_err());
    }

    #[test]
    fn program_indicators_are_written_by_admins_only() {
        assert!(as_role(Role::Admin).may_write_indicator(None).is_ok());
        assert!(as_role(Role::Staff).may_write_indicator(None).is_err());
        assert!(as_role(Role::Staff).may_write_indicator(Some(30)).is_ok());
        assert!(as_role(Role::Staff).may_write_indicator(Some(31)).is_err());
        assert!(
            as_role(Role::Partner)
                .may_write_indicator(Some(30))
                .is_err()
        );
    }
}
