//! `ListVirtualMFADevices`: the account's devices by assignment status.

use super::shapes::{Render, XmlWriter, write_page, write_user};
use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{AssignmentStatus, Marker, MaxItems};
use crate::iam::page::Page;
use crate::iam::{Caller, DeviceSummary, Iam};

/// A validated `ListVirtualMFADevices` request.
#[derive(Debug)]
pub struct ListVirtualMfaDevices {
    status: AssignmentStatus,
    marker: Option<Marker>,
    max_items: MaxItems,
}

/// `<ListVirtualMFADevicesResult>`.
#[derive(Debug)]
pub struct ListVirtualMfaDevicesOutput(pub Page<DeviceSummary>);

impl Action for ListVirtualMfaDevices {
    const NAME: &'static str = "ListVirtualMFADevices";
    type Output = ListVirtualMfaDevicesOutput;

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let status = r.optional("AssignmentStatus");
        let marker = r.optional("Marker");
        let max_items = r.optional("MaxItems");
        r.finish()?;
        Ok(Self {
            status: status?.unwrap_or_default(),
            marker: marker?,
            max_items: max_items?.unwrap_or_default(),
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output> {
        iam.list_virtual_mfa_devices(caller, self.status, self.marker.as_ref(), self.max_items)
            .map(ListVirtualMfaDevicesOutput)
    }
}

impl Render for ListVirtualMfaDevicesOutput {
    fn size_hint(&self) -> usize {
        self.0.items.len() * 360
    }

    fn render(&self, w: &mut XmlWriter) {
        write_page(w, "VirtualMFADevices", &self.0, |w, device| {
            w.element("SerialNumber", &device.serial);
            if let Some(at) = device.enable_date {
                w.timestamp("EnableDate", at);
            }
            if let Some(user) = &device.user {
                w.open("User");
                write_user(w, user);
                w.close("User");
            }
        });
    }
}
