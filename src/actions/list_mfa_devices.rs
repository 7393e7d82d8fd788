//! `ListMFADevices`: the devices enabled for a user, paginated.

use super::shapes::{Render, XmlWriter, write_page};
use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{Marker, MaxItems, UserName};
use crate::iam::page::Page;
use crate::iam::{Caller, Iam, MfaDeviceSummary};

/// A validated `ListMFADevices` request.
#[derive(Debug)]
pub struct ListMfaDevices {
    user: Option<UserName>,
    marker: Option<Marker>,
    max_items: MaxItems,
}

/// `<ListMFADevicesResult>`.
#[derive(Debug)]
pub struct ListMfaDevicesOutput(Page<MfaDeviceSummary>);

impl Action for ListMfaDevices {
    const NAME: &'static str = "ListMFADevices";
    type Output = ListMfaDevicesOutput;

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
        iam.list_mfa_devices(
            caller,
            self.user.as_ref(),
            self.marker.as_ref(),
            self.max_items,
        )
        .map(ListMfaDevicesOutput)
    }
}

impl Render for ListMfaDevicesOutput {
    fn size_hint(&self) -> usize {
        self.0.items.len() * 160
    }

    fn render(&self, w: &mut XmlWriter) {
        write_page(w, "MFADevices", &self.0, |w, device| {
            w.element("UserName", &device.user_name);
            w.element("SerialNumber", &device.serial);
            w.timestamp("EnableDate", device.enable_date);
        });
    }
}
