//! Search folding: the text a search column holds and a search term is compared in, so that
//! "mohammedia" finds "Mohammédia" identically on SQLite and PostgreSQL.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases and strips accents: "Réseau Associatif" → "reseau associatif".
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The search column of a row: its searchable texts folded and joined by spaces.
pub fn search_text<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(fold)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_are_folded() {
        assert_eq!(fold("Mohammédia"), "mohammedia");
        assert_eq!(fold("ÉCOLE Ça Où"), "ecole ca ou");
        assert_eq!(fold("développement"), fold("DEVELOPPEMENT"));
    }

    #[test]
    fn the_search_text_joins_the_present_parts() {
        assert_eq!(
            search_text([Some("Réseau associatif"), None, Some("RASS")]),
            "reseau associatif rass"
        );
    }
}
