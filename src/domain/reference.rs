//! Project references (DESIGN.md): `<first 3 letters of the center slug, upper case>-<year>-<4-digit
//! sequence>`, the sequence counting per center and year.

/// The reference prefix of a center and year: "MOH-2003-".
pub fn prefix(center_slug: &str, year: i32) -> String {
    let letters: String = center_slug
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(3)
        .collect::<String>()
        .to_uppercase();
    format!("{letters}-{year}-")
}

/// The reference following `last` (the highest of the center and year), or the first one.
pub fn next(prefix: &str, last: Option<&str>) -> String {
    let sequence = last
        .and_then(|reference| reference.strip_prefix(prefix))
        .and_then(|number| number.parse::<u32>().ok())
        .unwrap_or(0);
    format!("{prefix}{:04}", sequence + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_count_per_center_and_year() {
        let moh = prefix("mohammedia", 2003);
        assert_eq!(moh, "MOH-2003-");
        assert_eq!(next(&moh, None), "MOH-2003-0001");
        assert_eq!(next(&moh, Some("MOH-2003-0041")), "MOH-2003-0042");
        assert_eq!(next(&moh, Some("MOH-2003-9999")), "MOH-2003-10000");
        assert_eq!(prefix("ain-sebaa", 2026), "AIN-2026-");
    }
}
