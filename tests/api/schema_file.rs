//! `schema.graphql` at the repository root is the SDL the code generates, and every name in it
//! carries a description for the frontend developers and integrators who browse it.

use async_graphql::parser::types::{
    FieldDefinition, InputValueDefinition, TypeKind, TypeSystemDefinition,
};
use async_graphql::parser::{Positioned, parse_schema};

#[test]
fn schema_graphql_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    let generated = cqs::graphql::sdl();
    assert!(
        checked_in == generated,
        "schema.graphql is out of date with the code: regenerate it with\n\n    \
         cargo run -- schema > schema.graphql\n\nand review the diff"
    );
}

/// The scalars and directives every GraphQL server defines; the specification describes them.
const BUILT_IN: &[&str] = &[
    "String",
    "Int",
    "Float",
    "Boolean",
    "ID",
    "include",
    "skip",
    "deprecated",
    "specifiedBy",
    "oneOf",
];

#[test]
fn every_type_field_argument_and_enum_value_has_a_description() {
    let document = parse_schema(cqs::graphql::sdl()).expect("the generated SDL parses");
    let mut missing = Vec::new();
    for definition in &document.definitions {
        match definition {
            TypeSystemDefinition::Type(ty) => {
                let ty = &ty.node;
                let name = ty.name.node.as_str();
                if name.starts_with("__") || BUILT_IN.contains(&name) {
                    continue;
                }
                if undescribed(&ty.description) {
                    missing.push(format!("type {name}"));
                }
                match &ty.kind {
                    TypeKind::Object(object) => fields(name, &object.fields, &mut missing),
                    TypeKind::Interface(interface) => fields(name, &interface.fields, &mut missing),
                    TypeKind::InputObject(input) => input_values(name, &input.fields, &mut missing),
                    TypeKind::Enum(enumeration) => {
                        for value in &enumeration.values {
                            if undescribed(&value.node.description) {
                                missing.push(format!("{name}.{}", value.node.value.node));
                            }
                        }
                    }
                    TypeKind::Scalar | TypeKind::Union(_) => {}
                }
            }
            TypeSystemDefinition::Directive(directive) => {
                let directive = &directive.node;
                let name = directive.name.node.as_str();
                if BUILT_IN.contains(&name) {
                    continue;
                }
                if undescribed(&directive.description) {
                    missing.push(format!("directive @{name}"));
                }
                input_values(&format!("@{name}"), &directive.arguments, &mut missing);
            }
            TypeSystemDefinition::Schema(_) => {}
        }
    }
    assert!(
        missing.is_empty(),
        "{} names in the schema have no description (a doc comment, or `desc` on an \
         argument):\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

fn fields(owner: &str, fields: &[Positioned<FieldDefinition>], missing: &mut Vec<String>) {
    for field in fields {
        let field = &field.node;
        let path = format!("{owner}.{}", field.name.node);
        if undescribed(&field.description) {
            missing.push(path.clone());
        }
        input_values(&path, &field.arguments, missing);
    }
}

fn input_values(
    owner: &str,
    values: &[Positioned<InputValueDefinition>],
    missing: &mut Vec<String>,
) {
    for value in values {
        if undescribed(&value.node.description) {
            missing.push(format!("{owner}({})", value.node.name.node));
        }
    }
}

fn undescribed(description: &Option<Positioned<String>>) -> bool {
    description
        .as_ref()
        .is_none_or(|text| text.node.trim().is_empty())
}
