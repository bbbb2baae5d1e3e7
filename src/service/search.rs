//! Accent- and case-insensitive search over the folded `search_text` columns.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{ColumnTrait, Condition};

use crate::domain::search::fold;
use crate::error::{AppError, Result};

/// The longest search term, in characters: longer than any name, and short enough that no
/// database refuses its pattern (SQLite caps a LIKE pattern at 50,000 bytes).
pub const MAX_SEARCH_CHARS: usize = 200;

/// Every word of `term` must appear in `column` (folded the same way); `None` for a blank term.
/// LIKE wildcards typed by the user match themselves, not anything. A term longer than
/// [`MAX_SEARCH_CHARS`] is `BAD_USER_INPUT`.
pub fn matches(column: impl ColumnTrait, term: &str) -> Result<Option<Condition>> {
    if term.chars().count() > MAX_SEARCH_CHARS {
        return Err(AppError::bad_input(format!(
            "a search holds at most {MAX_SEARCH_CHARS} characters"
        )));
    }
    let folded = fold(term);
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.is_empty() {
        return Ok(None);
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
    Ok(Some(condition))
}
