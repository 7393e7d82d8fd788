//! Per-action latency histograms and outcome counters, merged across workers.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

/// Latencies are recorded in microseconds, 1 µs to 100 s, 3 significant digits.
#[allow(
    clippy::expect_used,
    reason = "constant bounds that hdrhistogram accepts"
)]
fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 100_000_000, 3).expect("static histogram bounds are valid")
}

/// Outcomes of one action (e.g. `EnableMFADevice`) within one phase.
pub(crate) struct ActionStats {
    pub(crate) name: &'static str,
    pub(crate) hist: Histogram<u64>,
    pub(crate) requests: u64,
    pub(crate) ok: u64,
    pub(crate) by_status: BTreeMap<u16, u64>,
    pub(crate) by_code: BTreeMap<String, u64>,
    pub(crate) transport_errors: BTreeMap<String, u64>,
}

impl ActionStats {
    pub(crate) fn new(name: &'static str) -> Self {
        Self {
            name,
            hist: new_histogram(),
            requests: 0,
            ok: 0,
            by_status: BTreeMap::new(),
            by_code: BTreeMap::new(),
            transport_errors: BTreeMap::new(),
        }
    }

    pub(crate) fn record_answer(&mut self, latency: Duration, status: u16, body: &[u8]) {
        self.requests += 1;
        self.hist.saturating_record(micros(latency));
        *self.by_status.entry(status).or_default() += 1;
        if (200..300).contains(&status) {
            self.ok += 1;
        } else {
            let code = crate::xml::tag_text(body, "Code").map_or_else(
                || "(no Code)".to_string(),
                |c| String::from_utf8_lossy(c).into_owned(),
            );
            *self.by_code.entry(code).or_default() += 1;
        }
    }

    pub(crate) fn record_transport_error(&mut self, latency: Duration, error: String) {
        self.requests += 1;
        self.hist.saturating_record(micros(latency));
        *self.transport_errors.entry(error).or_default() += 1;
    }

    #[allow(
        clippy::expect_used,
        reason = "all histograms come from new_histogram and share bounds"
    )]
    pub(crate) fn merge(&mut self, other: &Self) {
        self.hist.add(&other.hist).expect("histograms share bounds");
        self.requests += other.requests;
        self.ok += other.ok;
        for (k, v) in &other.by_status {
            *self.by_status.entry(*k).or_default() += v;
        }
        for (k, v) in &other.by_code {
            *self.by_code.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.transport_errors {
            *self.transport_errors.entry(k.clone()).or_default() += v;
        }
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX).max(1)
}

/// One worker's counters for a phase: one `ActionStats` per action it used.
pub(crate) struct WorkerStats {
    pub(crate) actions: Vec<ActionStats>,
    pub(crate) reconnects: u64,
}

impl WorkerStats {
    pub(crate) fn new(names: &[&'static str]) -> Self {
        Self {
            actions: names.iter().map(|n| ActionStats::new(n)).collect(),
            reconnects: 0,
        }
    }
}

/// Latency percentiles in milliseconds.
#[allow(
    clippy::struct_field_names,
    reason = "the unit suffix is part of the JSON field names"
)]
#[derive(Serialize, Clone, Default)]
pub(crate) struct LatencySummary {
    pub(crate) p50_ms: f64,
    pub(crate) p90_ms: f64,
    pub(crate) p99_ms: f64,
    pub(crate) p999_ms: f64,
    pub(crate) max_ms: f64,
    pub(crate) mean_ms: f64,
}

impl LatencySummary {
    fn of(h: &Histogram<u64>) -> Self {
        if h.is_empty() {
            return Self::default();
        }
        let ms = |us: u64| us as f64 / 1000.0;
        Self {
            p50_ms: ms(h.value_at_quantile(0.50)),
            p90_ms: ms(h.value_at_quantile(0.90)),
            p99_ms: ms(h.value_at_quantile(0.99)),
            p999_ms: ms(h.value_at_quantile(0.999)),
            max_ms: ms(h.max()),
            mean_ms: h.mean() / 1000.0,
        }
    }
}

#[derive(Serialize, Clone)]
pub(crate) struct ActionReport {
    pub(crate) action: &'static str,
    pub(crate) requests: u64,
    pub(crate) ok: u64,
    pub(crate) requests_per_s: f64,
    pub(crate) latency: LatencySummary,
    pub(crate) errors_by_code: BTreeMap<String, u64>,
    pub(crate) by_http_status: BTreeMap<u16, u64>,
    pub(crate) transport_errors: BTreeMap<String, u64>,
}

/// Everything printed and written for one phase.
#[derive(Serialize, Clone, Default)]
pub(crate) struct PhaseReport {
    pub(crate) phase: String,
    /// `workload`, `setup` or `prep` (bookkeeping between workloads).
    pub(crate) kind: &'static str,
    pub(crate) skipped: Option<String>,
    pub(crate) concurrency: usize,
    pub(crate) elapsed_s: f64,
    pub(crate) requests: u64,
    pub(crate) ok: u64,
    pub(crate) requests_per_s: f64,
    pub(crate) latency: LatencySummary,
    pub(crate) errors_by_code: BTreeMap<String, u64>,
    pub(crate) by_http_status: BTreeMap<u16, u64>,
    pub(crate) transport_errors: BTreeMap<String, u64>,
    pub(crate) reconnects: u64,
    pub(crate) actions: Vec<ActionReport>,
    pub(crate) rss_before_kb: Option<u64>,
    pub(crate) rss_after_kb: Option<u64>,
    pub(crate) rss_peak_after_kb: Option<u64>,
    pub(crate) notes: Vec<String>,
}

impl PhaseReport {
    pub(crate) fn skipped(phase: &str, kind: &'static str, reason: String) -> Self {
        Self {
            phase: phase.to_string(),
            kind,
            skipped: Some(reason),
            ..Self::default()
        }
    }

    /// Merges the workers' counters into one report.
    pub(crate) fn build(
        phase: &str,
        kind: &'static str,
        concurrency: usize,
        elapsed: Duration,
        workers: Vec<WorkerStats>,
    ) -> Self {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let mut merged: Vec<ActionStats> = Vec::new();
        let mut reconnects = 0;
        for w in workers {
            reconnects += w.reconnects;
            for a in w.actions {
                match merged.iter_mut().find(|m| m.name == a.name) {
                    Some(m) => m.merge(&a),
                    None => merged.push(a),
                }
            }
        }
        merged.retain(|a| a.requests > 0);
        let mut total = ActionStats::new("all");
        for a in &merged {
            total.merge(a);
        }
        let actions = merged
            .iter()
            .map(|a| ActionReport {
                action: a.name,
                requests: a.requests,
                ok: a.ok,
                requests_per_s: a.requests as f64 / secs,
                latency: LatencySummary::of(&a.hist),
                errors_by_code: a.by_code.clone(),
                by_http_status: a.by_status.clone(),
                transport_errors: a.transport_errors.clone(),
            })
            .collect();
        Self {
            phase: phase.to_string(),
            kind,
            skipped: None,
            concurrency,
            elapsed_s: secs,
            requests: total.requests,
            ok: total.ok,
            requests_per_s: total.requests as f64 / secs,
            latency: LatencySummary::of(&total.hist),
            errors_by_code: total.by_code,
            by_http_status: total.by_status,
            transport_errors: total.transport_errors,
            reconnects,
            actions,
            rss_before_kb: None,
            rss_after_kb: None,
            rss_peak_after_kb: None,
            notes: Vec::new(),
        }
    }
}

/// `VmRSS` and `VmHWM` (peak) of a process, in kB, from `/proc/<pid>/status`.
pub(crate) fn rss_kb(pid: Option<u32>) -> (Option<u64>, Option<u64>) {
    let Some(pid) = pid else { return (None, None) };
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return (None, None);
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    };
    (field("VmRSS:"), field("VmHWM:"))
}
