//! A minimal keep-alive HTTP/1.1 client on top of hyper's connection API.
//!
//! One `Conn` is one TCP connection, owned by one worker. When the server
//! closes the connection (moto answers every request with
//! `Connection: close`), the next request reconnects transparently and the
//! reconnect is counted; connect time is then part of that request's latency.

use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Where requests go: resolved address, `Host` header, request path.
#[derive(Debug)]
pub(crate) struct Target {
    pub(crate) addr: SocketAddr,
    pub(crate) host: HeaderValue,
    pub(crate) path: String,
    /// Dummy `SigV4` `Authorization` headers (IAM scope, STS scope), sent only
    /// with `--auth dummy`: moto routes unsigned requests to S3 and picks the
    /// service from the credential scope. Signatures are never checked.
    pub(crate) auth_iam: Option<HeaderValue>,
    pub(crate) auth_sts: Option<HeaderValue>,
}

const FORM: HeaderValue = HeaderValue::from_static("application/x-www-form-urlencoded");

impl Target {
    /// Parses `http://host:port[/path]` and resolves the host once.
    pub(crate) async fn parse(endpoint: &str, dummy_auth: bool) -> Result<Self, String> {
        let rest = endpoint
            .strip_prefix("http://")
            .ok_or_else(|| format!("endpoint {endpoint:?}: only http:// is supported"))?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], rest[i..].to_string()),
            None => (rest, "/".to_string()),
        };
        let with_port = if authority
            .rsplit_once(':')
            .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
        {
            authority.to_string()
        } else {
            format!("{authority}:80")
        };
        let addr = tokio::net::lookup_host(&with_port)
            .await
            .map_err(|e| format!("resolve {with_port}: {e}"))?
            .next()
            .ok_or_else(|| format!("resolve {with_port}: no address"))?;
        let host =
            HeaderValue::from_str(authority).map_err(|e| format!("bad host {authority:?}: {e}"))?;
        let dummy = |service: &str| {
            HeaderValue::from_str(&format!(
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/{service}/aws4_request, \
                 SignedHeaders=content-type;host, Signature=0000000000000000000000000000000000000000000000000000000000000000"
            ))
            .ok()
        };
        Ok(Self {
            addr,
            host,
            path,
            auth_iam: if dummy_auth { dummy("iam") } else { None },
            auth_sts: if dummy_auth { dummy("sts") } else { None },
        })
    }

    fn request(&self, body: Bytes, sts: bool) -> Result<Request<Full<Bytes>>, String> {
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri(self.path.as_str())
            .header(HOST, self.host.clone())
            .header(CONTENT_TYPE, FORM);
        let auth = if sts { &self.auth_sts } else { &self.auth_iam };
        if let Some(auth) = auth {
            builder = builder.header(AUTHORIZATION, auth.clone());
        }
        builder
            .body(Full::new(body))
            .map_err(|e| format!("request: {e}"))
    }
}

/// One client connection (lazily (re)connected).
pub(crate) struct Conn {
    sender: Option<SendRequest<Full<Bytes>>>,
    pub(crate) reconnects: u64,
}

/// What a request produced when the exchange completed.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

impl Conn {
    pub(crate) fn new() -> Self {
        Self {
            sender: None,
            reconnects: 0,
        }
    }

    async fn connect(target: &Target) -> Result<SendRequest<Full<Bytes>>, String> {
        let stream = TcpStream::connect(target.addr)
            .await
            .map_err(|e| format!("connect: {}", e.kind()))?;
        stream
            .set_nodelay(true)
            .map_err(|e| format!("nodelay: {}", e.kind()))?;
        let (sender, conn) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(async move {
            // Ends when the server closes the connection or the sender drops.
            let _ = conn.await;
        });
        Ok(sender)
    }

    /// Sends one POST with a form body and reads the whole answer.
    pub(crate) async fn send(
        &mut self,
        target: &Target,
        body: Bytes,
        sts: bool,
    ) -> Result<Answer, String> {
        let mut reusable = None;
        if let Some(mut s) = self.sender.take() {
            if !s.is_closed() && s.ready().await.is_ok() {
                reusable = Some(s);
            } else {
                self.reconnects += 1;
            }
        }
        let mut sender = if let Some(s) = reusable {
            s
        } else {
            let mut s = Self::connect(target).await?;
            s.ready().await.map_err(|e| format!("ready: {e}"))?;
            s
        };
        let request = target.request(body, sts)?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| format!("send: {e}"))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        self.sender = Some(sender);
        Ok(Answer { status, body })
    }
}
