//! `ListMFADeviceTags`: a device's tags sorted by key, paginated.

use super::shapes::{Render, XmlWriter, write_page};
use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{Marker, MaxItems, SerialNumber};
use crate::iam::page::Page;
use crate::iam::tags::Tag;
use crate::iam::{Caller, Iam};

/// A validated `ListMFADeviceTags` request.
#[derive(Debug)]
pub struct ListMfaDeviceTags {
    serial: SerialNumber,
    marker: Option<Marker>,
    max_items: MaxItems,
}

/// `<ListMFADeviceTagsResult>`.
#[derive(Debug)]
pub struct ListMfaDeviceTagsOutput(Page<Tag>);

impl Action for ListMfaDeviceTags {
    const NAME: &'static str = "ListMFADeviceTags";
    type Output = ListMfaDeviceTagsOutput;

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let serial = r.required("SerialNumber");
        let marker = r.optional("Marker");
        let max_items = r.optional("MaxItems");
        r.finish()?;
        Ok(Self {
            serial: serial?,
            marker: marker?,
            max_items: max_items?.unwrap_or_default(),
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output> {
        iam.list_mfa_device_tags(caller, &self.serial, self.marker.as_ref(), self.max_items)
            .map(ListMfaDeviceTagsOutput)
    }
}

impl Render for ListMfaDeviceTagsOutput {
    fn size_hint(&self) -> usize {
        self.0.items.len() * 80
    }

    fn render(&self, w: &mut XmlWriter) {
        write_page(w, "Tags", &self.0, |w, tag| {
            w.element("Key", tag.key.as_str());
            w.element("Value", tag.value.as_str());
        });
    }
}
