//! Setup and workloads. Every phase splits the devices round-robin over the
//! workers; a worker owns its devices for the whole phase, so no device ever
//! sees two requests at once and the per-device TOTP bookkeeping needs no
//! locking.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::http::{Answer, Conn, Target};
use crate::stats::{PhaseReport, WorkerStats};
use crate::totp;
use crate::xml;

const IAM: &str = "Version=2010-05-08";
const STS: &str = "Version=2011-06-15";

/// STS allows this many verifications per device per 3-minute UTC window.
const STS_BUDGET: u32 = 9;
const STS_WINDOW_SECONDS: u64 = 180;

/// Codes that mean "this server has no such action": the `sts` workload is
/// then skipped.
pub(crate) const UNSUPPORTED_CODES: &[&str] = &[
    "InvalidAction",
    "UnknownOperation",
    "InvalidVersion",
    "NotImplemented",
];

fn enc(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// One user with one virtual MFA device, plus the client's view of the
/// device's server-side state and its pre-built request bodies.
pub(crate) struct Device {
    pub(crate) idx: usize,
    pub(crate) key: Vec<u8>,
    pub(crate) enabled: bool,
    /// Counter of the first code of the next enable pair.
    pub(crate) next: u64,
    /// Server skew (steps) implied by the last accepted pair.
    pub(crate) skew: i64,
    sts_used: Vec<u64>,
    sts_window: u64,
    sts_spent: u32,
    enable_prefix: String,
    deactivate: Bytes,
    list_mfa: Bytes,
    reject: Bytes,
    sts_prefix: String,
}

impl Device {
    pub(crate) fn new(idx: usize, user: &str, serial: &str, key: Vec<u8>) -> Self {
        let (user_enc, serial_enc) = (enc(user), enc(serial));
        let reject = wrong_pair(idx);
        Self {
            idx,
            key,
            enabled: false,
            next: totp::step_now(),
            skew: 0,
            sts_used: Vec::new(),
            sts_window: 0,
            sts_spent: 0,
            enable_prefix: format!(
                "Action=EnableMFADevice&{IAM}&UserName={user_enc}&SerialNumber={serial_enc}&AuthenticationCode1="
            ),
            deactivate: Bytes::from(format!(
                "Action=DeactivateMFADevice&{IAM}&UserName={user_enc}&SerialNumber={serial_enc}"
            )),
            list_mfa: Bytes::from(format!("Action=ListMFADevices&{IAM}&UserName={user_enc}")),
            reject: Bytes::from(format!(
                "Action=EnableMFADevice&{IAM}&UserName={user_enc}&SerialNumber={serial_enc}&AuthenticationCode1={:06}&AuthenticationCode2={:06}",
                reject.0, reject.1
            )),
            sts_prefix: format!(
                "Action=GetSessionToken&{STS}&SerialNumber={serial_enc}&TokenCode="
            ),
        }
    }

    fn enable_body(&self) -> Bytes {
        let mut body = String::with_capacity(self.enable_prefix.len() + 40);
        body.push_str(&self.enable_prefix);
        body.push_str(&totp::code(&self.key, self.next));
        body.push_str("&AuthenticationCode2=");
        body.push_str(&totp::code(&self.key, self.next + 1));
        Bytes::from(body)
    }

    fn after_enable(&mut self, answer: &Answer) {
        match answer.status {
            200..=299 => {
                let last = self.next + 1;
                self.enabled = true;
                self.skew = i64::try_from(last).unwrap_or(i64::MAX)
                    - i64::try_from(totp::step_now()).unwrap_or(0);
                self.next = last + 1;
            }
            409 if code_is(answer, "EntityAlreadyExists") => self.enabled = true,
            // Should not happen with tracked counters; move past the pair.
            403 => self.next += 2,
            _ => {}
        }
    }

    fn after_deactivate(&mut self, answer: &Answer) {
        if (200..300).contains(&answer.status) || code_is(answer, "NoSuchEntity") {
            self.enabled = false;
        }
    }

    /// A `GetSessionToken` body with a code that should be valid and unused,
    /// or `None` when this device has no budget or fresh code left right now.
    fn sts_body(&mut self) -> Option<(Bytes, u64)> {
        let window = totp::unix_now() / STS_WINDOW_SECONDS;
        if window != self.sts_window {
            self.sts_window = window;
            self.sts_spent = 0;
        }
        if self.sts_spent >= STS_BUDGET {
            return None;
        }
        let t = i64::try_from(totp::step_now()).unwrap_or(0) + self.skew;
        // Centre first: the client's idea of T may be one step off.
        let counter = [0, -1, 1, -2, 2]
            .iter()
            .filter_map(|d| u64::try_from(t + d).ok())
            .find(|c| !self.sts_used.contains(c))?;
        self.sts_used.retain(|c| c + 4 >= counter);
        self.sts_used.push(counter);
        self.sts_spent += 1;
        let mut body = self.sts_prefix.clone();
        body.push_str(&totp::code(&self.key, counter));
        Some((Bytes::from(body), counter))
    }
}

/// A pair that is (with overwhelming probability) not two consecutive codes,
/// different per device, and not trivially rejectable (neither identical nor
/// all zeros), so the server has to search its whole window.
fn wrong_pair(idx: usize) -> (u32, u32) {
    let x = splitmix(idx as u64 ^ 0x5eed);
    let a = u32::try_from(x % 900_000).unwrap_or(0) + 100_000;
    let b = (a + 1 + u32::try_from((x >> 32) % 899_998).unwrap_or(0)) % 900_000 + 100_000;
    (a, b)
}

pub(crate) fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn code_is(answer: &Answer, code: &str) -> bool {
    xml::tag_text(&answer.body, "Code").is_some_and(|c| c == code.as_bytes())
}

/// Returns the `<Code>` of an error answer.
pub(crate) fn error_code(answer: &Answer) -> Option<String> {
    if (200..300).contains(&answer.status) {
        return None;
    }
    xml::tag_string(&answer.body, "Code")
}

pub(crate) struct Shared {
    pub(crate) target: Target,
    pub(crate) max_items: u32,
}

/// A worker: one connection, its counters, an optional deadline.
struct Worker {
    shared: Arc<Shared>,
    conn: Conn,
    stats: WorkerStats,
    deadline: Option<Instant>,
}

impl Worker {
    async fn call(&mut self, action: usize, body: Bytes, sts: bool) -> Option<Answer> {
        let started = Instant::now();
        match self.conn.send(&self.shared.target, body, sts).await {
            Ok(answer) => {
                self.stats.actions[action].record_answer(
                    started.elapsed(),
                    answer.status,
                    &answer.body,
                );
                Some(answer)
            }
            Err(e) => {
                self.stats.actions[action].record_transport_error(started.elapsed(), e);
                // Do not spin on a dead server.
                tokio::time::sleep(Duration::from_millis(10)).await;
                None
            }
        }
    }

    fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

/// Which list calls the read workload makes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ReadMix {
    /// Alternate `ListMFADevices` and `ListVirtualMFADevices`.
    Both,
    /// Only `ListMFADevices` (one user's devices).
    Users,
    /// Only `ListVirtualMFADevices` pages, following markers.
    Pages,
}

/// What the workers of a phase do.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Job {
    /// `EnableMFADevice` / `DeactivateMFADevice`, alternating per device.
    EnableCycle,
    /// `ListMFADevices` for a user and/or a `ListVirtualMFADevices` page.
    Read(ReadMix),
    /// `EnableMFADevice` with a wrong pair on unassigned devices.
    Reject,
    /// `GetSessionToken` with valid, unused codes.
    Sts,
    /// Enable every device that is not enabled (once).
    EnsureEnabled,
    /// Deactivate every device that is enabled (once).
    EnsureDisabled,
}

impl Job {
    fn actions(self) -> &'static [&'static str] {
        match self {
            Job::EnableCycle => &["EnableMFADevice", "DeactivateMFADevice"],
            Job::Read(_) => &["ListMFADevices", "ListVirtualMFADevices"],
            Job::Reject | Job::EnsureEnabled => &["EnableMFADevice"],
            Job::Sts => &["GetSessionToken"],
            Job::EnsureDisabled => &["DeactivateMFADevice"],
        }
    }
}

/// Runs `job` over `devices` with `concurrency` workers, for `duration` (or
/// once over the devices for the one-shot jobs). Returns the devices with
/// their updated state.
pub(crate) async fn run_phase(
    shared: &Arc<Shared>,
    name: &str,
    kind: &'static str,
    job: Job,
    devices: Vec<Device>,
    concurrency: usize,
    duration: Option<Duration>,
) -> (Vec<Device>, PhaseReport) {
    let workers = concurrency.max(1).min(devices.len().max(1));
    let mut buckets: Vec<Vec<Device>> = (0..workers).map(|_| Vec::new()).collect();
    for (i, d) in devices.into_iter().enumerate() {
        buckets[i % workers].push(d);
    }
    let started = Instant::now();
    let deadline = duration.map(|d| started + d);
    let mut handles = Vec::with_capacity(workers);
    for bucket in buckets {
        let worker = Worker {
            shared: Arc::clone(shared),
            conn: Conn::new(),
            stats: WorkerStats::new(job.actions()),
            deadline,
        };
        handles.push(tokio::spawn(run_worker(worker, job, bucket)));
    }
    let mut devices = Vec::new();
    let mut stats = Vec::new();
    let mut exhausted_after = Vec::new();
    for h in handles {
        match h.await {
            Ok((mut ds, ws, done_at)) => {
                devices.append(&mut ds);
                stats.push(ws);
                if let Some(t) = done_at {
                    exhausted_after.push(t.duration_since(started).as_secs_f64());
                }
            }
            Err(e) => eprintln!("loadgen: worker failed: {e}"),
        }
    }
    let elapsed = started.elapsed();
    devices.sort_by_key(|d| d.idx);
    let mut report = PhaseReport::build(name, kind, workers, elapsed, stats);
    if job == Job::Sts && !exhausted_after.is_empty() {
        let latest = exhausted_after.iter().copied().fold(0.0, f64::max);
        report.notes.push(format!(
            "{} of {} workers ran out of valid STS codes (9 per device per 3 min, 5 codes per step window); last at {:.2} s",
            exhausted_after.len(),
            workers,
            latest
        ));
    }
    (devices, report)
}

/// One worker's loop. Returns its devices, counters and, for STS, the time it
/// ran out of usable codes.
async fn run_worker(
    mut worker: Worker,
    job: Job,
    mut devices: Vec<Device>,
) -> (Vec<Device>, WorkerStats, Option<Instant>) {
    let w = &mut worker;
    let mut exhausted = None;
    if devices.is_empty() {
        return (devices, finish(worker), None);
    }
    let count = devices.len();
    match job {
        Job::EnableCycle => {
            let mut i = 0;
            while !w.expired() {
                let d = &mut devices[i % count];
                i += 1;
                if d.enabled {
                    if let Some(a) = w.call(1, d.deactivate.clone(), false).await {
                        d.after_deactivate(&a);
                    }
                } else if let Some(a) = w.call(0, d.enable_body(), false).await {
                    d.after_enable(&a);
                }
            }
        }
        Job::Read(mix) => {
            let first_page = Bytes::from(format!(
                "Action=ListVirtualMFADevices&{IAM}&AssignmentStatus=Any&MaxItems={}",
                w.shared.max_items
            ));
            let mut marker: Option<String> = None;
            let (mut i, mut user) = (0usize, 0usize);
            while !w.expired() {
                let user_turn = match mix {
                    ReadMix::Both => i % 2 == 0,
                    ReadMix::Users => true,
                    ReadMix::Pages => false,
                };
                if user_turn {
                    let d = &devices[user % count];
                    user += 1;
                    w.call(0, d.list_mfa.clone(), false).await;
                } else {
                    let body = match &marker {
                        None => first_page.clone(),
                        Some(m) => {
                            let mut b = Vec::with_capacity(first_page.len() + 8 + m.len() * 3);
                            b.extend_from_slice(&first_page);
                            b.extend_from_slice(b"&Marker=");
                            b.extend_from_slice(enc(m).as_bytes());
                            Bytes::from(b)
                        }
                    };
                    if let Some(a) = w.call(1, body, false).await {
                        let truncated =
                            xml::tag_text(&a.body, "IsTruncated").is_some_and(|t| t == b"true");
                        marker = if truncated && a.status == 200 {
                            xml::tag_string(&a.body, "Marker")
                        } else {
                            None
                        };
                    }
                }
                i += 1;
            }
        }
        Job::Reject => {
            let mut i = 0;
            while !w.expired() {
                let d = &mut devices[i % count];
                i += 1;
                if let Some(a) = w.call(0, d.reject.clone(), false).await {
                    // Only a server that ignores codes (moto) accepts it.
                    if (200..300).contains(&a.status) || code_is(&a, "EntityAlreadyExists") {
                        d.enabled = true;
                    }
                }
            }
        }
        Job::Sts => {
            let mut i = 0;
            let mut idle_pass = 0;
            while !w.expired() {
                let d = &mut devices[i % count];
                i += 1;
                if let Some((body, _counter)) = d.sts_body() {
                    idle_pass = 0;
                    w.call(0, body, true).await;
                } else {
                    idle_pass += 1;
                    if idle_pass >= count {
                        exhausted = Some(Instant::now());
                        break;
                    }
                }
            }
        }
        Job::EnsureEnabled => {
            for d in devices.iter_mut().filter(|d| !d.enabled) {
                if let Some(a) = w.call(0, d.enable_body(), false).await {
                    d.after_enable(&a);
                }
            }
        }
        Job::EnsureDisabled => {
            for d in devices.iter_mut().filter(|d| d.enabled) {
                if let Some(a) = w.call(0, d.deactivate.clone(), false).await {
                    d.after_deactivate(&a);
                }
            }
        }
    }
    (devices, finish(worker), exhausted)
}

fn finish(w: Worker) -> WorkerStats {
    let mut stats = w.stats;
    stats.reconnects = w.conn.reconnects;
    stats
}

/// Sends one `GetSessionToken` (device 0, valid code) and tells whether the
/// server implements it: `Err(reason)` when it answers an unsupported-action
/// code.
pub(crate) async fn sts_probe(shared: &Arc<Shared>, device: &mut Device) -> Result<(), String> {
    let Some((body, _)) = device.sts_body() else {
        return Ok(());
    };
    let mut conn = Conn::new();
    let answer = conn
        .send(&shared.target, body, true)
        .await
        .map_err(|e| format!("STS probe failed: {e}"))?;
    match error_code(&answer) {
        Some(code) if UNSUPPORTED_CODES.contains(&code.as_str()) => Err(format!(
            "server answers GetSessionToken with {code} (HTTP {})",
            answer.status
        )),
        _ => Ok(()),
    }
}

/// Creates `users` users and one virtual MFA device each through the API.
/// Returns the devices that were created and read back.
pub(crate) async fn setup(
    shared: &Arc<Shared>,
    prefix: &str,
    users: usize,
    concurrency: usize,
) -> (Vec<Device>, PhaseReport) {
    let workers = concurrency.max(1).min(users.max(1));
    let started = Instant::now();
    let mut handles = Vec::with_capacity(workers);
    for w in 0..workers {
        let worker = Worker {
            shared: Arc::clone(shared),
            conn: Conn::new(),
            stats: WorkerStats::new(&["CreateUser", "CreateVirtualMFADevice"]),
            deadline: None,
        };
        let prefix = prefix.to_string();
        handles.push(tokio::spawn(setup_worker(
            worker,
            prefix,
            (w..users).step_by(workers),
        )));
    }
    let mut devices = Vec::with_capacity(users);
    let mut stats = Vec::new();
    let mut bad_seeds = 0;
    for h in handles {
        match h.await {
            Ok((mut ds, ws, bad)) => {
                devices.append(&mut ds);
                stats.push(ws);
                bad_seeds += bad;
            }
            Err(e) => eprintln!("loadgen: setup worker failed: {e}"),
        }
    }
    let elapsed = started.elapsed();
    devices.sort_by_key(|d| d.idx);
    let mut report = PhaseReport::build("setup", "setup", workers, elapsed, stats);
    report
        .notes
        .push(format!("{} of {users} users+devices ready", devices.len()));
    if bad_seeds > 0 {
        report.notes.push(format!(
            "{bad_seeds} seeds could not be decoded (base64 of base32 expected)"
        ));
    }
    (devices, report)
}

async fn setup_worker(
    mut w: Worker,
    prefix: String,
    indices: impl Iterator<Item = usize>,
) -> (Vec<Device>, WorkerStats, usize) {
    let mut devices = Vec::new();
    let mut bad_seeds = 0;
    for i in indices {
        let user = format!("{prefix}u{i}");
        let device_name = format!("{prefix}d{i}");
        let body = format!("Action=CreateUser&{IAM}&UserName={}", enc(&user));
        let Some(a) = w.call(0, Bytes::from(body), false).await else {
            continue;
        };
        if a.status != 200 && !code_is(&a, "EntityAlreadyExists") {
            continue;
        }
        let body = format!(
            "Action=CreateVirtualMFADevice&{IAM}&VirtualMFADeviceName={}",
            enc(&device_name)
        );
        let Some(a) = w.call(1, Bytes::from(body), false).await else {
            continue;
        };
        if a.status != 200 {
            continue;
        }
        let Some(serial) = xml::tag_string(&a.body, "SerialNumber") else {
            continue;
        };
        let seed = xml::tag_string(&a.body, "Base32StringSeed");
        let key = if let Some(k) = seed.as_deref().and_then(totp::decode_seed) {
            k
        } else {
            bad_seeds += 1;
            synthetic_key(i)
        };
        devices.push(Device::new(i, &user, &serial, key));
    }
    (devices, finish(w), bad_seeds)
}

/// Deterministic 40-byte key for devices that were not created through the
/// API (`--no-setup`) or whose seed could not be read.
pub(crate) fn synthetic_key(idx: usize) -> Vec<u8> {
    (0..5u64)
        .flat_map(|k| splitmix((idx as u64) << 3 | k).to_be_bytes())
        .collect()
}

/// Devices made up locally for `--no-setup` (e.g. against a bare HTTP server).
pub(crate) fn synthetic_devices(prefix: &str, users: usize) -> Vec<Device> {
    (0..users)
        .map(|i| {
            let user = format!("{prefix}u{i}");
            let serial = format!("arn:aws:iam::123456789012:mfa/{prefix}d{i}");
            Device::new(i, &user, &serial, synthetic_key(i))
        })
        .collect()
}
