//! `ListUsers`: users under a path prefix, paginated.

use super::shapes::{Render, XmlWriter, write_page, write_user};
use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{Marker, MaxItems, PathPrefix};
use crate::iam::page::Page;
use crate::iam::{Caller, Iam, UserSummary};

/// A validated `ListUsers` request.
#[derive(Debug)]
pub struct ListUsers {
    path_prefix: Option<PathPrefix>,
    marker: Option<Marker>,
    max_items: MaxItems,
}

/// `<ListUsersResult>`.
#[derive(Debug)]
pub struct ListUsersOutput(Page<UserSummary>);

impl Action for ListUsers {
    const NAME: &'static str = "ListUsers";
    type Output = ListUsersOutput;

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let path_prefix = r.optional("PathPrefix");
        let marker = r.optional("Marker");
        let max_items = r.optional("MaxItems");
        r.finish()?;
        Ok(Self {
            path_prefix: path_prefix?,
            marker: marker?,
            max_items: max_items?.unwrap_or_default(),
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output> {
        iam.list_users(
            caller,
            self.path_prefix.as_ref(),
            self.marker.as_ref(),
            self.max_items,
        )
        .map(ListUsersOutput)
    }
}

impl Render for ListUsersOutput {
    fn size_hint(&self) -> usize {
        self.0.items.len() * 260
    }

    fn render(&self, w: &mut XmlWriter) {
        write_page(w, "Users", &self.0, write_user);
    }
}
