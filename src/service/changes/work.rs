//! The arguments of the subscriptions to the center's own work (issue 14): each narrows the
//! changes to the rows matching every argument given, as loaded after the change.

use crate::entity::{event, funding_request, indicator, management_agreement, support_session};
use crate::service::events::Scope;

/// Whether `value` is what the argument asks for (any value when the argument is not given).
fn wanted(argument: Option<i64>, value: i64) -> bool {
    argument.is_none_or(|wanted| wanted == value)
}

/// `fundingRequestChanged`: the requests for this project, or to this partner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FundingRequestChanges {
    pub project_id: Option<i64>,
    pub partner_id: Option<i64>,
}

impl FundingRequestChanges {
    pub fn admits(&self, request: &funding_request::Model) -> bool {
        wanted(self.project_id, request.project_id) && wanted(self.partner_id, request.partner_id)
    }
}

/// `supportSessionChanged`: the sessions of this center, with this organization.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SupportSessionChanges {
    pub center_id: Option<i64>,
    pub organization_id: Option<i64>,
}

impl SupportSessionChanges {
    pub fn admits(&self, session: &support_session::Model) -> bool {
        wanted(self.center_id, session.center_id)
            && wanted(self.organization_id, session.organization_id)
    }

    /// Whether a session removed from where `scope` says it stood matches every argument given.
    pub fn admits_removed(&self, scope: Option<Scope>) -> bool {
        let scope = scope.unwrap_or_default();
        let at = |argument: Option<i64>, value: Option<i64>| {
            argument.is_none_or(|wanted| value == Some(wanted))
        };
        at(self.center_id, scope.center_id) && at(self.organization_id, scope.organization_id)
    }
}

/// `eventChanged`: the events of this center, or this event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventChanges {
    pub center_id: Option<i64>,
    pub event_id: Option<i64>,
}

impl EventChanges {
    pub fn admits(&self, event: &event::Model) -> bool {
        wanted(self.center_id, event.center_id) && wanted(self.event_id, event.id)
    }
}

/// `indicatorChanged`: the indicators of this center, or of this program.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndicatorChanges {
    pub center_id: Option<i64>,
    pub program_id: Option<i64>,
}

impl IndicatorChanges {
    pub fn admits(&self, indicator: &indicator::Model) -> bool {
        let owned = |argument: Option<i64>, owner: Option<i64>| {
            argument.is_none_or(|wanted| owner == Some(wanted))
        };
        owned(self.center_id, indicator.center_id) && owned(self.program_id, indicator.program_id)
    }
}

/// `managementAgreementChanged`: the agreements of this center.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ManagementAgreementChanges {
    pub center_id: Option<i64>,
}

impl ManagementAgreementChanges {
    pub fn admits(&self, agreement: &management_agreement::Model) -> bool {
        wanted(self.center_id, agreement.center_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_session_is_admitted_by_where_it_stood() {
        let stood = Some(Scope {
            center_id: Some(1),
            organization_id: Some(7),
        });
        let follow = |center_id, organization_id| SupportSessionChanges {
            center_id,
            organization_id,
        };
        assert!(follow(None, None).admits_removed(stood));
        assert!(follow(Some(1), Some(7)).admits_removed(stood));
        assert!(
            !follow(Some(2), None).admits_removed(stood),
            "another center"
        );
        assert!(
            !follow(None, Some(8)).admits_removed(stood),
            "another organization"
        );
        assert!(!follow(Some(1), None).admits_removed(None), "nowhere known");
        assert!(follow(None, None).admits_removed(None));
    }
}
