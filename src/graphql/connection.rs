//! The one Relay connection every list of the API returns (`edges`, `nodes`, `pageInfo`,
//! `totalCount`), and the checking of `first`/`after`/`last`/`before` at the edge.

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Object, OutputType, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::graphql::error::bad_input;
use crate::service::page::{Counter, Cursor, Direction, Page, PageRequest};

/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE_SIZE: i32 = 20;
/// The largest page a client may ask for; more is an error, never a silent cut.
pub const MAX_PAGE_SIZE: i32 = 100;

/// A list page as the contract shapes it: `XConnection { edges nodes pageInfo totalCount }`.
pub type ListConnection<N> = Connection<String, N, TotalCount, EmptyFields>;

/// The pagination arguments every list field takes.
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

impl PageArgs {
    pub fn new(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Self {
        Self {
            first,
            after,
            last,
            before,
        }
    }

    /// Checks the arguments and decodes the cursors.
    pub fn request(&self) -> Result<PageRequest> {
        let (size, direction) = match (self.first, self.last) {
            (Some(_), Some(_)) => {
                return Err(bad_input("give `first` or `last`, not both"));
            }
            (Some(first), None) => (checked_size("first", first)?, Direction::Forward),
            (None, Some(last)) => (checked_size("last", last)?, Direction::Backward),
            (None, None) => (DEFAULT_PAGE_SIZE, Direction::Forward),
        };
        Ok(PageRequest {
            limit: size as u64,
            direction,
            after: self.after.as_deref().map(decode_cursor).transpose()?,
            before: self.before.as_deref().map(decode_cursor).transpose()?,
        })
    }
}

fn checked_size(name: &str, size: i32) -> Result<i32> {
    if (0..=MAX_PAGE_SIZE).contains(&size) {
        Ok(size)
    } else {
        Err(bad_input(format!(
            "`{name}` must be between 0 and {MAX_PAGE_SIZE}, got {size}"
        )))
    }
}

/// Cursors are opaque to clients: the row's order, key and id as JSON in URL-safe base64.
pub(crate) fn encode_cursor(cursor: &Cursor) -> String {
    let json = serde_json::to_string(cursor).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

fn decode_cursor(text: &str) -> Result<Cursor> {
    let invalid = || bad_input(format!("{text:?} is not a cursor of this list"));
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
    serde_json::from_slice(&bytes).map_err(|_| invalid())
}

/// Turns a service page into a connection, wrapping each row with `to_node`.
pub fn connection<M, N: OutputType>(page: Page<M>, to_node: impl Fn(M) -> N) -> ListConnection<N> {
    let mut connection = Connection::with_additional_fields(
        page.has_previous,
        page.has_next,
        TotalCount(page.counter),
    );
    connection.edges = page
        .rows
        .into_iter()
        .map(|(cursor, row)| Edge::new(encode_cursor(&cursor), to_node(row)))
        .collect();
    connection
}

/// The `totalCount` of a connection, counted by the database only when a client selects it.
pub struct TotalCount(Counter);

#[Object]
impl TotalCount {
    /// How many items the whole list holds, across all pages, with the same filter.
    async fn total_count(&self) -> Result<i32> {
        let total = self.0.count().await?;
        Ok(i32::try_from(total).unwrap_or(i32::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::page::SortValue;

    #[test]
    fn page_sizes_default_to_twenty_and_are_capped_at_one_hundred() {
        let request = PageArgs::default().request().unwrap();
        assert_eq!(request.limit, 20);
        assert_eq!(request.direction, Direction::Forward);
        assert!(PageArgs::new(Some(100), None, None, None).request().is_ok());
        for (first, last) in [
            (Some(101), None),
            (Some(-1), None),
            (None, Some(1000)),
            (Some(1), Some(1)),
        ] {
            let args = PageArgs::new(first, None, last, None);
            assert!(args.request().is_err(), "first {first:?} last {last:?}");
        }
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = Cursor {
            order: "name".into(),
            value: SortValue::Text("Mohammédia".into()),
            id: 3,
        };
        assert_eq!(decode_cursor(&encode_cursor(&cursor)).unwrap(), cursor);
        assert!(decode_cursor("not a cursor").is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("{}")).is_err());
    }
}
