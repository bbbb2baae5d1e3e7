//! The planned types read as plain lists (no paging): a project's status history and a
//! commitment's payments.

use super::{COMMITMENT, Conv, FieldSpec, TypeSpec, Typename, column, money, stored};
use crate::domain;
use crate::entity::{commitment, disbursement, project_status_change};
use crate::graphql::id::NodeType;
use crate::graphql::types::enums;

pub(super) static STATUS_CHANGE: TypeSpec = TypeSpec {
    typename: Typename::Static(&["ProjectStatusChange"]),
    interfaces: &[],
    field: status_change_field,
};

/// A step of a project's workflow; `by` (a user) is gated by the viewer, so not planned.
fn status_change_field(name: &str) -> Option<FieldSpec> {
    use project_status_change::Column as C;
    let status = Conv::Enum(stored::<domain::project::ProjectStatus, enums::ProjectStatus>);
    match name {
        "from" => column(C::FromStatus, status),
        "to" => column(C::ToStatus, status),
        "at" => column(C::At, Conv::DateTime),
        "note" => column(C::Note, Conv::Text),
        _ => None,
    }
}

pub(super) static DISBURSEMENT: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Disbursement"]),
    interfaces: &["Node"],
    field: disbursement_field,
};

fn disbursement_field(name: &str) -> Option<FieldSpec> {
    use disbursement::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::Disbursement)),
        "commitment" => one!(&COMMITMENT, commitment::Entity, C::CommitmentId),
        "amount" => money(C::Amount),
        "paidOn" => column(C::PaidOn, Conv::Date),
        "reference" => column(C::Reference, Conv::Text),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        _ => None,
    }
}
