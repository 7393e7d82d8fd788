//! `CreateVirtualMFADevice`: a new device, its seed and its QR code.

use super::shapes::{Render, XmlWriter, write_tags};
use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{DeviceName, IamPath};
use crate::iam::tags::Tag;
use crate::iam::{Caller, Iam, NewVirtualMfaDevice};

/// A validated `CreateVirtualMFADevice` request.
#[derive(Debug)]
pub struct CreateVirtualMfaDevice {
    path: Option<IamPath>,
    name: DeviceName,
    tags: Vec<Tag>,
}

/// `<CreateVirtualMFADeviceResult>`.
#[derive(Debug)]
pub struct CreateVirtualMfaDeviceOutput(NewVirtualMfaDevice);

impl Action for CreateVirtualMfaDevice {
    const NAME: &'static str = "CreateVirtualMFADevice";
    type Output = CreateVirtualMfaDeviceOutput;

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let path = r.optional("Path");
        let name = r.required("VirtualMFADeviceName");
        let tags = r.tags("Tags");
        r.finish()?;
        Ok(Self {
            path: path?,
            name: name?,
            tags: tags?.unwrap_or_default(),
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output> {
        iam.create_virtual_mfa_device(caller, self.path, &self.name, &self.tags)
            .map(CreateVirtualMfaDeviceOutput)
    }
}

impl Render for CreateVirtualMfaDeviceOutput {
    fn render(&self, w: &mut XmlWriter) {
        let device = &self.0;
        w.open("VirtualMFADevice");
        w.element("SerialNumber", &device.serial);
        // Blobs: the SDK base64-decodes them back to the base32 text and PNG.
        w.blob("Base32StringSeed", device.base32_seed.as_bytes());
        w.blob("QRCodePNG", &device.qr_png);
        if !device.tags.is_empty() {
            write_tags(w, &device.tags);
        }
        w.close("VirtualMFADevice");
    }
}
