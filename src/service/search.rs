//! Accent- and case-insensitive search over the folded `search_text` columns.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{ColumnTrait, Condition};

use crate::domain::search::fold;

/// Every word of `term` must appear in `column` (folded the same way); `None` for a blank term.
/// LIKE wildcards typed by the user match themselves, not anything.
pub fn matches(column: impl ColumnTrait, term: &str) -> Option<Condition> {
    let folded = fold(term);
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let mut condition = Condition::all();
    for word in words {
        let escaped = word
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = LikeExpr::new(format!("%{escaped}%")).escape('\\');
        condition = condition.add(Expr::col(column).like(pattern));
    }
    Some(condition)
}
