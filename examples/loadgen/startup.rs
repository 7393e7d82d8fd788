//! `loadgen startup`: spawn a server command, time how long until it first
//! answers a request, read its idle RSS, stop it; repeat and take the median.

use std::process::Stdio;
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde::Serialize;

use crate::http::{Conn, Target};
use crate::stats::rss_kb;

#[derive(Serialize)]
pub(crate) struct StartupReport {
    pub(crate) label: Option<String>,
    pub(crate) command: Vec<String>,
    pub(crate) runs_ms: Vec<f64>,
    pub(crate) median_ms: f64,
    pub(crate) min_ms: f64,
    pub(crate) max_ms: f64,
    /// First answer's HTTP status of each run.
    pub(crate) statuses: Vec<u16>,
    /// RSS after the first answer plus the idle wait, per run.
    pub(crate) idle_rss_kb: Vec<u64>,
    pub(crate) idle_rss_median_kb: Option<u64>,
}

pub(crate) fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        f64::midpoint(v[n / 2 - 1], v[n / 2])
    }
}

pub(crate) struct StartupOptions<'a> {
    pub(crate) target: &'a Target,
    pub(crate) command: &'a [String],
    pub(crate) runs: usize,
    pub(crate) idle_wait: Duration,
    pub(crate) timeout: Duration,
    pub(crate) body: Bytes,
    pub(crate) label: Option<String>,
}

pub(crate) async fn measure(opts: &StartupOptions<'_>) -> Result<StartupReport, String> {
    let (program, args) = opts
        .command
        .split_first()
        .ok_or("startup: no command given after --")?;
    let mut runs_ms = Vec::new();
    let mut statuses = Vec::new();
    let mut idle_rss_kb = Vec::new();
    for run in 0..opts.runs {
        // The port must be free, or we would time someone else's server.
        if tokio::net::TcpStream::connect(opts.target.addr)
            .await
            .is_ok()
        {
            return Err(format!(
                "startup: something already listens on {}",
                opts.target.addr
            ));
        }
        let started = Instant::now();
        let mut child = tokio::process::Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("startup: cannot run {program}: {e}"))?;
        let pid = child.id();
        let status = loop {
            if started.elapsed() > opts.timeout {
                let _ = child.kill().await;
                return Err(format!("startup: no answer within {:?}", opts.timeout));
            }
            if let Ok(Some(exit)) = child.try_wait() {
                return Err(format!("startup: {program} exited early: {exit}"));
            }
            let mut conn = Conn::new();
            match conn.send(opts.target, opts.body.clone(), false).await {
                Ok(answer) => break answer.status,
                Err(_) => tokio::time::sleep(Duration::from_micros(500)).await,
            }
        };
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        tokio::time::sleep(opts.idle_wait).await;
        let (rss, _) = rss_kb(pid);
        let _ = child.kill().await;
        let _ = child.wait().await;
        eprintln!(
            "startup run {}: first answer (HTTP {status}) after {ms:.1} ms, idle RSS {} kB",
            run + 1,
            rss.map_or_else(|| "?".to_string(), |r| r.to_string())
        );
        runs_ms.push(ms);
        statuses.push(status);
        if let Some(r) = rss {
            idle_rss_kb.push(r);
        }
        // Let the listener's port be released before the next run.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let idle_rss_median_kb = if idle_rss_kb.is_empty() {
        None
    } else {
        let as_f: Vec<f64> = idle_rss_kb.iter().map(|&v| v as f64).collect();
        Some(median(&as_f) as u64)
    };
    Ok(StartupReport {
        label: opts.label.clone(),
        command: opts.command.to_vec(),
        median_ms: median(&runs_ms),
        min_ms: runs_ms.iter().copied().fold(f64::INFINITY, f64::min),
        max_ms: runs_ms.iter().copied().fold(0.0, f64::max),
        runs_ms,
        statuses,
        idle_rss_kb,
        idle_rss_median_kb,
    })
}
