//! `ListAccessKeys`: a user's keys (never their secrets), paginated.

use super::shapes::{Render, XmlWriter, write_page};
use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{Marker, MaxItems, UserName};
use crate::iam::page::Page;
use crate::iam::{AccessKeySummary, Caller, Iam};

/// A validated `ListAccessKeys` request.
#[derive(Debug)]
pub struct ListAccessKeys {
    user: Option<UserName>,
    marker: Option<Marker>,
    max_items: MaxItems,
}

/// `<ListAccessKeysResult>`.
#[derive(Debug)]
pub struct ListAccessKeysOutput(Page<AccessKeySummary>);

impl Action for ListAccessKeys {
    const NAME: &'static str = "ListAccessKeys";
    type Output = ListAccessKeysOutput;

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let user = r.optional("UserName");
        let marker = r.optional("Marker");
        let max_items = r.optional("MaxItems");
        r.finish()?;
        Ok(Self {
            user: user?,
            marker: marker?,
            max_items: max_items?.unwrap_or_default(),
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output> {
        iam.list_access_keys(
            caller,
            self.user.as_ref(),
            self.marker.as_ref(),
            self.max_items,
        )
        .map(ListAccessKeysOutput)
    }
}

impl Render for ListAccessKeysOutput {
    fn size_hint(&self) -> usize {
        self.0.items.len() * 160
    }

    fn render(&self, w: &mut XmlWriter) {
        write_page(w, "AccessKeyMetadata", &self.0, |w, key| {
            w.optional("UserName", key.user_name.as_deref());
            w.element("AccessKeyId", &key.id);
            w.element("Status", key.status.as_str());
            w.timestamp("CreateDate", key.create_date);
        });
    }
}
