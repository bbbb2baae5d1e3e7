//! The request's viewer, as the HTTP layer authenticated it.

use std::sync::LazyLock;

use async_graphql::Context;

use crate::auth::viewer::Viewer;

static ANONYMOUS: LazyLock<Viewer> = LazyLock::new(Viewer::anonymous);

/// Who is calling; anonymous when the request carries no viewer (e.g. schema tooling).
pub fn viewer<'a>(ctx: &Context<'a>) -> &'a Viewer {
    ctx.data_opt::<Viewer>().unwrap_or(&ANONYMOUS)
}
