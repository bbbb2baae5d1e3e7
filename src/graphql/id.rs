//! Global ids: opaque, stable strings that encode a node's type and its row id, so that
//! `Query.node(id:)` can resolve any of them and ids of different types never collide.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The types that implement `Node`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeType {
    Center,
    Zone,
    Partner,
    Program,
    Organization,
    Project,
    Commitment,
    Disbursement,
    User,
    ApiToken,
    AuditEvent,
    ProgramRequirement,
    FundingRequest,
    Event,
    EventParticipant,
    PartnerEngagement,
    ManagementAgreement,
    SupportSession,
    Indicator,
}

impl NodeType {
    const ALL: [NodeType; 19] = [
        Self::Center,
        Self::Zone,
        Self::Partner,
        Self::Program,
        Self::Organization,
        Self::Project,
        Self::Commitment,
        Self::Disbursement,
        Self::User,
        Self::ApiToken,
        Self::AuditEvent,
        Self::ProgramRequirement,
        Self::FundingRequest,
        Self::Event,
        Self::EventParticipant,
        Self::PartnerEngagement,
        Self::ManagementAgreement,
        Self::SupportSession,
        Self::Indicator,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Center => "Center",
            Self::Zone => "Zone",
            Self::Partner => "Partner",
            Self::Program => "Program",
            Self::Organization => "Organization",
            Self::Project => "Project",
            Self::Commitment => "Commitment",
            Self::Disbursement => "Disbursement",
            Self::User => "User",
            Self::ApiToken => "ApiToken",
            Self::AuditEvent => "AuditEvent",
            Self::ProgramRequirement => "ProgramRequirement",
            Self::FundingRequest => "FundingRequest",
            Self::Event => "Event",
            Self::EventParticipant => "EventParticipant",
            Self::PartnerEngagement => "PartnerEngagement",
            Self::ManagementAgreement => "ManagementAgreement",
            Self::SupportSession => "SupportSession",
            Self::Indicator => "Indicator",
        }
    }
}

/// `Center:12` in URL-safe base64: opaque to clients, cheap to decode.
pub fn encode(node_type: NodeType, id: i64) -> ID {
    encode_named(node_type.name(), id)
}

/// The id of row `id` of the type called `type_name`, as the audit trail names the entities
/// it records: the same id as [`encode`] gives for the node types.
pub fn encode_named(type_name: &str, id: i64) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{type_name}:{id}")))
}

/// The type and row id an id names, or `None` for anything malformed.
pub fn decode(id: &str) -> Option<(NodeType, i64)> {
    let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (name, row) = text.split_once(':')?;
    let node_type = NodeType::ALL.into_iter().find(|t| t.name() == name)?;
    let row: i64 = row.parse().ok()?;
    (row > 0).then_some((node_type, row))
}

/// The row id an id made by [`encode_named`] for `type_name` names, or `None` for anything
/// else.
pub fn decode_named(id: &str, type_name: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (name, row) = text.split_once(':')?;
    let row: i64 = row.parse().ok()?;
    (name == type_name && row > 0).then_some(row)
}

/// Like [`parse_arg`] for the ids of a type that is not a node (a measurement).
pub fn parse_named_arg(id: &ID, type_name: &str, argument: &str) -> async_graphql::Result<i64> {
    decode_named(id, type_name).ok_or_else(|| {
        crate::graphql::error::bad_input(format!(
            "`{argument}` must be the id of a {type_name}, got {:?}",
            id.as_str()
        ))
    })
}

/// The row id of an id that must name a node of `expected` type.
pub fn decode_as(id: &str, expected: NodeType) -> Option<i64> {
    decode(id).and_then(|(node_type, row)| (node_type == expected).then_some(row))
}

/// The row id of an argument that must name a node of `expected` type; anything else is a
/// `BAD_USER_INPUT` error naming the argument.
pub fn parse_arg(id: &ID, expected: NodeType, argument: &str) -> async_graphql::Result<i64> {
    decode_as(id, expected).ok_or_else(|| {
        crate::graphql::error::bad_input(format!(
            "`{argument}` must be the id of a {}, got {:?}",
            expected.name(),
            id.as_str()
        ))
    })
}

/// Like [`parse_arg`] for an optional argument.
pub fn parse_opt_arg(
    id: Option<&ID>,
    expected: NodeType,
    argument: &str,
) -> async_graphql::Result<Option<i64>> {
    id.map(|id| parse_arg(id, expected, argument)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_ids_round_trip_with_their_type_only() {
        let id = encode_named("IndicatorMeasurement", 7);
        assert_eq!(decode_named(&id, "IndicatorMeasurement"), Some(7));
        assert_eq!(decode_named(&id, "Indicator"), None);
        assert_eq!(
            decode_named(
                &encode_named("IndicatorMeasurement", 0),
                "IndicatorMeasurement"
            ),
            None
        );
        assert_eq!(decode_named("not an id", "IndicatorMeasurement"), None);
    }

    #[test]
    fn ids_round_trip_with_their_type() {
        for node_type in NodeType::ALL {
            let id = encode(node_type, 42);
            assert_eq!(decode(&id), Some((node_type, 42)), "{node_type:?}");
        }
    }

    #[test]
    fn a_type_named_in_the_audit_trail_gets_the_id_of_its_node() {
        assert_eq!(encode_named("Project", 3), encode(NodeType::Project, 3));
    }

    #[test]
    fn ids_of_different_types_differ() {
        assert_ne!(encode(NodeType::Center, 1), encode(NodeType::Partner, 1));
    }

    #[test]
    fn malformed_ids_decode_to_nothing() {
        for bad in [
            "",
            "x",
            "Q2VudGVy",
            "Center:1",
            "%%%",
            &URL_SAFE_NO_PAD.encode("Nope:1"),
            &URL_SAFE_NO_PAD.encode("Center:-3"),
            &URL_SAFE_NO_PAD.encode("Center:abc"),
        ] {
            assert_eq!(decode(bad), None, "case {bad:?}");
        }
    }

    #[test]
    fn an_id_of_another_type_is_refused_where_a_type_is_expected() {
        let id = encode(NodeType::Zone, 7);
        assert_eq!(decode_as(&id, NodeType::Zone), Some(7));
        assert_eq!(decode_as(&id, NodeType::Center), None);
    }
}
