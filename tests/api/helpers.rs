//! The test harness: a started server, a client, and readers for replies.

use iam_mfa_emulator::Config;
use iam_mfa_emulator::iam::Clock as _;
use iam_mfa_emulator::testing::TestServer;
use jiff::{SignedDuration, Timestamp};

/// The account requests without a 12-digit key id act in.
pub const ACCOUNT: &str = "123456789012";

/// A server and an HTTP client for it.
pub struct TestApp {
    pub server: TestServer,
    pub client: reqwest::Client,
}

/// A reply: status, body and the request id header.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub request_id: Option<String>,
    pub content_type: Option<String>,
}

/// A device as the test knows it: its serial and its secret.
#[derive(Debug, Clone)]
pub struct Device {
    pub serial: String,
    pub secret: Vec<u8>,
}

impl Device {
    /// The six-digit code of `step`, computed by an independent TOTP crate.
    pub fn code(&self, step: i64) -> String {
        let totp = totp_rs::Builder::new()
            .with_secret(self.secret.clone())
            .build_noncompliant();
        totp.generate(u64::try_from(step * 30).unwrap()).to_string()
    }

    /// The codes of `step - 1` and `step`, as an authenticator shows them.
    pub fn pair(&self, step: i64) -> (String, String) {
        (self.code(step - 1), self.code(step))
    }
}

impl TestApp {
    /// A server with default settings, its clock frozen at a fixed instant
    /// 10 s into a TOTP step.
    pub async fn spawn() -> Self {
        Self::spawn_with(&Config::default()).await
    }

    /// A server configured by `config`.
    pub async fn spawn_with(config: &Config) -> Self {
        let start: Timestamp = "2026-03-01T12:00:10Z".parse().unwrap();
        let server = TestServer::start_with(config, start).await.unwrap();
        Self {
            server,
            client: reqwest::Client::new(),
        }
    }

    /// The server's current TOTP step.
    pub fn step(&self) -> i64 {
        self.server.clock().now().as_second().div_euclid(30)
    }

    /// Moves the server's clock.
    pub fn advance(&self, seconds: i64) {
        self.server
            .clock()
            .advance(SignedDuration::from_secs(seconds));
    }

    /// POSTs an IAM action with form parameters.
    pub async fn call(&self, action: &str, params: &[(&str, &str)]) -> Reply {
        let mut form = vec![("Action", action), ("Version", "2010-05-08")];
        form.extend_from_slice(params);
        self.post_form(&form, None).await
    }

    /// POSTs raw form pairs, optionally signed (only the credential scope is
    /// read by the server) with `access_key`.
    pub async fn post_form(&self, form: &[(&str, &str)], access_key: Option<&str>) -> Reply {
        self.post_signed(form, access_key, None, "iam").await
    }

    /// POSTs raw form pairs signed for `service` (only the credential scope
    /// is read by the server) with `access_key` and, for temporary
    /// credentials, `session_token`.
    pub async fn post_signed(
        &self,
        form: &[(&str, &str)],
        access_key: Option<&str>,
        session_token: Option<&str>,
        service: &str,
    ) -> Reply {
        let mut request = self.client.post(self.server.url()).form(form);
        if let Some(key) = access_key {
            request = request.header(
                "authorization",
                format!(
                    "AWS4-HMAC-SHA256 Credential={key}/20260301/us-east-1/{service}/aws4_request, \
                     SignedHeaders=content-type;host;x-amz-date, Signature=00"
                ),
            );
        }
        if let Some(token) = session_token {
            request = request.header("x-amz-security-token", token);
        }
        Self::reply(request.send().await.unwrap()).await
    }

    /// POSTs a raw body.
    pub async fn post_raw(&self, body: impl Into<reqwest::Body>) -> Reply {
        let request = self
            .client
            .post(self.server.url())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        Self::reply(request.send().await.unwrap()).await
    }

    /// GETs `/?{query}`.
    pub async fn get(&self, query: &str) -> Reply {
        let url = format!("{}/?{query}", self.server.url());
        Self::reply(self.client.get(url).send().await.unwrap()).await
    }

    async fn reply(response: reqwest::Response) -> Reply {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let request_id = header("x-amzn-requestid");
        let content_type = header("content-type");
        Reply {
            status: response.status().as_u16(),
            request_id,
            content_type,
            body: response.text().await.unwrap(),
        }
    }

    /// Creates a user, asserting success.
    pub async fn create_user(&self, name: &str) {
        let reply = self.call("CreateUser", &[("UserName", name)]).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    /// Creates a virtual device at `/`, asserting success.
    pub async fn create_device(&self, name: &str) -> Device {
        let reply = self
            .call("CreateVirtualMFADevice", &[("VirtualMFADeviceName", name)])
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.device()
    }

    /// Calls `EnableMFADevice`.
    pub async fn enable(&self, user: &str, device: &Device, codes: &(String, String)) -> Reply {
        self.call(
            "EnableMFADevice",
            &[
                ("UserName", user),
                ("SerialNumber", &device.serial),
                ("AuthenticationCode1", &codes.0),
                ("AuthenticationCode2", &codes.1),
            ],
        )
        .await
    }

    /// Calls `EnableMFADevice` with the codes of the current and previous
    /// step, asserting success.
    pub async fn enable_now(&self, user: &str, device: &Device) {
        let reply = self.enable(user, device, &device.pair(self.step())).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
}

impl Reply {
    /// The text of every element named `name`, in document order.
    pub fn all(&self, name: &str) -> Vec<String> {
        let mut reader = quick_xml::Reader::from_str(&self.body);
        let mut out = Vec::new();
        let mut inside = false;
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Start(e) if e.name().as_ref() == name => {
                    inside = true;
                    out.push(String::new());
                }
                quick_xml::events::Event::End(e) if e.name().as_ref() == name => {
                    inside = false;
                }
                quick_xml::events::Event::Text(t) if inside => {
                    let text = t.xml10_content();
                    if let Some(last) = out.last_mut() {
                        last.push_str(&text);
                    }
                }
                quick_xml::events::Event::GeneralRef(r) if inside => {
                    let name: &str = r.as_ref();
                    let text = quick_xml::escape::unescape(&format!("&{name};"))
                        .unwrap()
                        .into_owned();
                    if let Some(last) = out.last_mut() {
                        last.push_str(&text);
                    }
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    /// The text of the first element named `name`.
    pub fn text(&self, name: &str) -> Option<String> {
        self.all(name).into_iter().next()
    }

    /// The error code.
    pub fn code(&self) -> String {
        self.text("Code").unwrap_or_default()
    }

    /// The error message.
    pub fn message(&self) -> String {
        self.text("Message").unwrap_or_default()
    }

    /// Asserts an IAM error with this status, code and exact message.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str, message: &str) {
        assert_eq!(
            (self.status, self.code().as_str(), self.message().as_str()),
            (status, code, message),
            "{}",
            self.body
        );
        self.assert_error_envelope();
    }

    /// The device of a `CreateVirtualMFADevice` reply.
    pub fn device(&self) -> Device {
        use base64::Engine as _;
        let seed = self.text("Base32StringSeed").unwrap();
        let base32 = base64::engine::general_purpose::STANDARD
            .decode(seed)
            .unwrap();
        let text = String::from_utf8(base32).unwrap();
        Device {
            serial: self.text("SerialNumber").unwrap(),
            secret: base32::decode(base32::Alphabet::Rfc4648 { padding: false }, &text).unwrap(),
        }
    }
}

impl TestApp {
    /// POSTs an IAM action signed with a 12-digit access key id, so that it
    /// acts in that account.
    pub async fn call_in(&self, account: &str, action: &str, params: &[(&str, &str)]) -> Reply {
        let mut form = vec![("Action", action), ("Version", "2010-05-08")];
        form.extend_from_slice(params);
        self.post_form(&form, Some(account)).await
    }

    /// Creates a virtual device with extra parameters (`Path`, tags),
    /// asserting success.
    pub async fn create_device_with(&self, name: &str, params: &[(&str, &str)]) -> Device {
        let mut all = vec![("VirtualMFADeviceName", name)];
        all.extend_from_slice(params);
        let reply = self.call("CreateVirtualMFADevice", &all).await;
        reply.assert_ok();
        reply.device()
    }

    /// Calls `DeactivateMFADevice`.
    pub async fn deactivate(&self, user: &str, device: &Device) -> Reply {
        self.call(
            "DeactivateMFADevice",
            &[("UserName", user), ("SerialNumber", &device.serial)],
        )
        .await
    }

    /// Calls `ResyncMFADevice`.
    pub async fn resync(&self, user: &str, device: &Device, codes: &(String, String)) -> Reply {
        self.call(
            "ResyncMFADevice",
            &[
                ("UserName", user),
                ("SerialNumber", &device.serial),
                ("AuthenticationCode1", &codes.0),
                ("AuthenticationCode2", &codes.1),
            ],
        )
        .await
    }

    /// Calls `ListVirtualMFADevices` with `AssignmentStatus=status`.
    pub async fn list_virtual(&self, status: &str) -> Reply {
        self.call("ListVirtualMFADevices", &[("AssignmentStatus", status)])
            .await
    }
}

impl Reply {
    /// Asserts a 200 with the action's response envelope and the request id
    /// in both header and body.
    #[track_caller]
    pub fn assert_ok(&self) {
        assert_eq!(self.status, 200, "{}", self.body);
        assert!(self.request_id.is_some(), "no x-amzn-RequestId header");
        assert_eq!(self.request_id, self.text("RequestId"), "{}", self.body);
    }

    /// Asserts that an `ErrorResponse` is well formed: `Type` Sender and the
    /// header's request id equal to the body's.
    #[track_caller]
    pub fn assert_error_envelope(&self) {
        let iam = "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">";
        let sts = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">";
        let rest = self
            .body
            .strip_prefix(iam)
            .or_else(|| self.body.strip_prefix(sts))
            .unwrap_or_else(|| panic!("not an ErrorResponse: {}", self.body));
        assert!(
            rest.starts_with("<Error><Type>Sender</Type>"),
            "{}",
            self.body
        );
        assert!(self.request_id.is_some(), "no x-amzn-RequestId header");
        assert_eq!(self.request_id, self.text("RequestId"), "{}", self.body);
        assert_eq!(self.content_type.as_deref(), Some("text/xml"));
    }

    /// Whether an element named `name` appears at all (empty or not).
    pub fn has(&self, name: &str) -> bool {
        self.body.contains(&format!("<{name}>")) || self.body.contains(&format!("<{name}/>"))
    }
}
