//! Load generator for IAM-MFA awsQuery endpoints (this emulator, moto, or a
//! bare HTTP server for a ceiling).
//!
//! ```text
//! cargo run --release --example loadgen -- --endpoint http://127.0.0.1:4566 \
//!     --users 1000 --duration 10s --concurrency 64 \
//!     --workloads enable,read,reject,sts --pid <server pid> --json out.json
//! cargo run --release --example loadgen -- startup --endpoint http://127.0.0.1:4570 \
//!     --runs 5 -- target/release/iam-mfa-emulator --listen 127.0.0.1:4570
//! ```
//!
//! Phases: setup (`CreateUser` + `CreateVirtualMFADevice` per user, seeds read
//! from the answers), optionally `--enable-all`, then each workload for a
//! fixed time at a fixed number of keep-alive HTTP/1.1 connections
//! (closed loop: one request in flight per connection).
#![allow(
    // Statistics: counts and microseconds converted to f64 for rates and
    // milliseconds; precision loss far below what is printed.
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::too_many_lines
)]

#[path = "loadgen/http.rs"]
mod http;
#[path = "loadgen/startup.rs"]
mod startup;
#[path = "loadgen/stats.rs"]
mod stats;
#[path = "loadgen/totp.rs"]
mod totp;
#[path = "loadgen/workloads.rs"]
mod workloads;
#[path = "loadgen/xml.rs"]
mod xml;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::stats::{PhaseReport, rss_kb};
use crate::workloads::{Device, Job, ReadMix, Shared};

#[derive(Parser)]
#[command(
    name = "loadgen",
    about = "Load generator for IAM MFA awsQuery endpoints",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Time a server command's start until its first answered request, and
    /// its idle RSS (several runs, median).
    Startup(StartupArgs),
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Auth {
    /// Unsigned requests.
    None,
    /// A dummy `SigV4` `Authorization` header naming the iam/sts scope (moto
    /// needs it to route the request; nobody checks the signature).
    Dummy,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum Workload {
    /// `EnableMFADevice` with valid codes / `DeactivateMFADevice`, alternating per device.
    Enable,
    /// `ListMFADevices` for a user and a `ListVirtualMFADevices` page, alternating.
    Read,
    /// `EnableMFADevice` with a wrong pair (full window search on the server).
    Reject,
    /// `GetSessionToken` with valid codes (skipped if the server lacks STS).
    Sts,
    /// Only the `ListMFADevices` half of `read`.
    ReadUsers,
    /// Only the `ListVirtualMFADevices` half of `read`.
    ReadPages,
}

#[derive(clap::Args)]
struct RunArgs {
    /// Base URL of the server (http only).
    #[arg(long, default_value = "http://127.0.0.1:4566")]
    endpoint: String,
    /// Users (each with one virtual MFA device) to create.
    #[arg(long, default_value_t = 1000)]
    users: usize,
    /// How long each workload runs (e.g. 10s, 500ms, 2m).
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    duration: Duration,
    /// Connections (= requests in flight) per workload.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Connections for setup and bookkeeping phases (default: --concurrency).
    #[arg(long)]
    setup_concurrency: Option<usize>,
    /// Workloads to run, in order.
    #[arg(long, value_delimiter = ',', default_value = "enable,read,reject,sts")]
    workloads: Vec<Workload>,
    /// Server process id: its RSS is read before and after every phase.
    #[arg(long)]
    pid: Option<u32>,
    /// Write the results as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Tokio worker threads of the generator (1 = current-thread runtime).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Prefix of user and device names (default: derived from the clock, so
    /// repeated runs against one server do not collide).
    #[arg(long)]
    prefix: Option<String>,
    /// `MaxItems` of the `ListVirtualMFADevices` pages in the read workload.
    #[arg(long, default_value_t = 10)]
    max_items: u32,
    /// Request signing.
    #[arg(long, value_enum, default_value_t = Auth::None)]
    auth: Auth,
    /// Do not create users/devices; make them up locally (for servers that
    /// answer every POST the same way, such as `bare_axum`).
    #[arg(long)]
    no_setup: bool,
    /// After setup, enable every device once (timed as its own phase).
    #[arg(long)]
    enable_all: bool,
    /// Name of the target in the output.
    #[arg(long)]
    label: Option<String>,
}

#[derive(clap::Args)]
struct StartupArgs {
    /// URL the started server will answer on.
    #[arg(long)]
    endpoint: String,
    /// Start/stop cycles; the median is reported.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Wait after the first answer before reading the idle RSS.
    #[arg(long, default_value = "1s", value_parser = parse_duration)]
    idle_wait: Duration,
    /// Give up when the server has not answered after this long.
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    timeout: Duration,
    /// Request signing of the probe request.
    #[arg(long, value_enum, default_value_t = Auth::None)]
    auth: Auth,
    /// Form body of the probe request.
    #[arg(long, default_value = "Action=ListUsers&Version=2010-05-08")]
    body: String,
    /// Write the results as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Name of the server in the output.
    #[arg(long)]
    label: Option<String>,
    /// Server command line.
    #[arg(last = true, required = true)]
    command: Vec<String>,
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit) = s
        .find(|c: char| c.is_ascii_alphabetic())
        .map_or((s, "s"), |i| (&s[..i], &s[i..]));
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("bad duration {s:?}"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" | "min" => value * 60.0,
        _ => return Err(format!("bad duration unit in {s:?} (use ms, s or m)")),
    };
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(format!("bad duration {s:?}"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[derive(Serialize)]
struct RunReport {
    label: Option<String>,
    endpoint: String,
    users: usize,
    devices_ready: usize,
    concurrency: usize,
    threads: usize,
    duration_s: f64,
    max_items: u32,
    workloads: Vec<String>,
    started_unix: u64,
    phases: Vec<PhaseReport>,
}

fn main() {
    let cli = Cli::parse();
    let threads = match &cli.command {
        Some(Command::Startup(_)) => 1,
        None => cli.run.threads.max(1),
    };
    let runtime = if threads == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
    };
    let runtime = match runtime {
        Ok(r) => r,
        Err(e) => {
            eprintln!("loadgen: cannot start runtime: {e}");
            std::process::exit(2);
        }
    };
    let result = runtime.block_on(async {
        let work = async {
            match cli.command {
                Some(Command::Startup(args)) => run_startup(args).await,
                None => run_load(cli.run).await,
            }
        };
        // Stop cleanly (and kill a spawned server) on Ctrl-C / SIGTERM.
        tokio::select! {
            r = work => r,
            () = shutdown_signal() => Err("interrupted".to_string()),
        }
    });
    if let Err(e) = result {
        eprintln!("loadgen: {e}");
        std::process::exit(1);
    }
}

async fn shutdown_signal() {
    let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

async fn run_startup(args: StartupArgs) -> Result<(), String> {
    let target = http::Target::parse(&args.endpoint, args.auth == Auth::Dummy).await?;
    let opts = startup::StartupOptions {
        target: &target,
        command: &args.command,
        runs: args.runs.max(1),
        idle_wait: args.idle_wait,
        timeout: args.timeout,
        body: Bytes::from(args.body.clone()),
        label: args.label.clone(),
    };
    let report = startup::measure(&opts).await?;
    println!(
        "{}: start to first answer median {:.1} ms (min {:.1}, max {:.1}, {} runs), idle RSS {}",
        args.label.as_deref().unwrap_or("server"),
        report.median_ms,
        report.min_ms,
        report.max_ms,
        report.runs_ms.len(),
        report.idle_rss_median_kb.map_or_else(
            || "?".to_string(),
            |kb| format!("{:.1} MB", kb as f64 / 1024.0)
        )
    );
    if let Some(path) = &args.json {
        write_json(path, &report)?;
    }
    Ok(())
}

fn write_json<T: Serialize>(path: &PathBuf, value: &T) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| format!("json: {e}"))?;
    std::fs::write(path, text + "\n").map_err(|e| format!("write {}: {e}", path.display()))
}

/// Runs one phase with RSS readings around it and prints its line.
async fn phase(
    shared: &Arc<Shared>,
    args: &RunArgs,
    devices: Vec<Device>,
    (name, kind, job): (&str, &'static str, Job),
    concurrency: usize,
    duration: Option<Duration>,
    phases: &mut Vec<PhaseReport>,
) -> Vec<Device> {
    let (before, _) = rss_kb(args.pid);
    let (devices, mut report) =
        workloads::run_phase(shared, name, kind, job, devices, concurrency, duration).await;
    let (after, peak) = rss_kb(args.pid);
    report.rss_before_kb = before;
    report.rss_after_kb = after;
    report.rss_peak_after_kb = peak;
    eprintln!("{}", progress_line(&report));
    phases.push(report);
    devices
}

fn progress_line(r: &PhaseReport) -> String {
    format!(
        "  {:<16} {:>8} requests in {:>6.2} s = {:>9.0} req/s, p99 {:.3} ms, {} errors",
        r.phase,
        r.requests,
        r.elapsed_s,
        r.requests_per_s,
        r.latency.p99_ms,
        r.requests - r.ok
    )
}

async fn run_load(args: RunArgs) -> Result<(), String> {
    let target = http::Target::parse(&args.endpoint, args.auth == Auth::Dummy).await?;
    let shared = Arc::new(Shared {
        target,
        max_items: args.max_items.clamp(1, 1000),
    });
    let started_unix = totp::unix_now();
    let prefix = args
        .prefix
        .clone()
        .unwrap_or_else(|| format!("lg{}x", started_unix % 1_000_000));
    let setup_conc = args.setup_concurrency.unwrap_or(args.concurrency);
    let mut phases = Vec::new();

    let mut devices = if args.no_setup {
        workloads::synthetic_devices(&prefix, args.users)
    } else {
        let (before, _) = rss_kb(args.pid);
        let (devices, mut report) =
            workloads::setup(&shared, &prefix, args.users, setup_conc).await;
        let (after, peak) = rss_kb(args.pid);
        report.rss_before_kb = before;
        report.rss_after_kb = after;
        report.rss_peak_after_kb = peak;
        eprintln!("{}", progress_line(&report));
        phases.push(report);
        devices
    };
    if devices.is_empty() {
        print_table(&phases);
        return Err("setup produced no devices; is the endpoint an IAM server?".to_string());
    }
    if args.enable_all {
        devices = phase(
            &shared,
            &args,
            devices,
            ("enable_all", "setup", Job::EnsureEnabled),
            setup_conc,
            None,
            &mut phases,
        )
        .await;
    }
    for workload in &args.workloads {
        let d = Some(args.duration);
        devices = match workload {
            Workload::Enable => {
                phase(
                    &shared,
                    &args,
                    devices,
                    ("enable", "workload", Job::EnableCycle),
                    args.concurrency,
                    d,
                    &mut phases,
                )
                .await
            }
            Workload::Read | Workload::ReadUsers | Workload::ReadPages => {
                let (name, mix) = match workload {
                    Workload::ReadUsers => ("read-users", ReadMix::Users),
                    Workload::ReadPages => ("read-pages", ReadMix::Pages),
                    _ => ("read", ReadMix::Both),
                };
                phase(
                    &shared,
                    &args,
                    devices,
                    (name, "workload", Job::Read(mix)),
                    args.concurrency,
                    d,
                    &mut phases,
                )
                .await
            }
            Workload::Reject => {
                if devices.iter().any(|d| d.enabled) {
                    devices = phase(
                        &shared,
                        &args,
                        devices,
                        ("prep:deactivate", "prep", Job::EnsureDisabled),
                        setup_conc,
                        None,
                        &mut phases,
                    )
                    .await;
                }
                phase(
                    &shared,
                    &args,
                    devices,
                    ("reject", "workload", Job::Reject),
                    args.concurrency,
                    d,
                    &mut phases,
                )
                .await
            }
            Workload::Sts => {
                let probe = workloads::sts_probe(&shared, &mut devices[0]).await;
                if let Err(reason) = probe {
                    eprintln!("  sts skipped: {reason}");
                    phases.push(PhaseReport::skipped("sts", "workload", reason));
                    devices
                } else {
                    if devices.iter().any(|d| !d.enabled) {
                        devices = phase(
                            &shared,
                            &args,
                            devices,
                            ("prep:enable", "prep", Job::EnsureEnabled),
                            setup_conc,
                            None,
                            &mut phases,
                        )
                        .await;
                    }
                    phase(
                        &shared,
                        &args,
                        devices,
                        ("sts", "workload", Job::Sts),
                        args.concurrency,
                        d,
                        &mut phases,
                    )
                    .await
                }
            }
        };
    }

    println!(
        "target {} ({}), {} users, {} connections, {} generator thread(s), {:?} per workload",
        args.label.as_deref().unwrap_or("-"),
        args.endpoint,
        devices.len(),
        args.concurrency,
        args.threads,
        args.duration
    );
    print_table(&phases);
    if let Some(path) = &args.json {
        let report = RunReport {
            label: args.label.clone(),
            endpoint: args.endpoint.clone(),
            users: args.users,
            devices_ready: devices.len(),
            concurrency: args.concurrency,
            threads: args.threads,
            duration_s: args.duration.as_secs_f64(),
            max_items: shared.max_items,
            workloads: args
                .workloads
                .iter()
                .filter_map(|w| w.to_possible_value().map(|v| v.get_name().to_string()))
                .collect(),
            started_unix,
            phases,
        };
        write_json(path, &report)?;
    }
    Ok(())
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or_else(
        || "-".to_string(),
        |kb| format!("{:.1}", kb as f64 / 1024.0),
    )
}

fn counts<K: std::fmt::Display>(map: &std::collections::BTreeMap<K, u64>) -> String {
    let mut s = String::new();
    for (k, v) in map {
        if !s.is_empty() {
            s.push(' ');
        }
        let _ = write!(s, "{k}={v}");
    }
    s
}

fn print_table(phases: &[PhaseReport]) {
    println!(
        "{:<22} {:>5} {:>9} {:>7} {:>10} {:>8} {:>8} {:>8} {:>15}  errors",
        "phase",
        "conn",
        "requests",
        "secs",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "RSS MB bef→aft"
    );
    for p in phases {
        if let Some(reason) = &p.skipped {
            println!("{:<22} skipped: {reason}", p.phase);
            continue;
        }
        let mut errors = counts(&p.errors_by_code);
        let non_ok: std::collections::BTreeMap<_, _> = p
            .by_http_status
            .iter()
            .filter(|(s, _)| !(200..300).contains(*s))
            .map(|(s, c)| (*s, *c))
            .collect();
        if !non_ok.is_empty() {
            let _ = write!(errors, " [HTTP {}]", counts(&non_ok));
        }
        if !p.transport_errors.is_empty() {
            let _ = write!(errors, " [io {}]", counts(&p.transport_errors));
        }
        println!(
            "{:<22} {:>5} {:>9} {:>7.2} {:>10.0} {:>8.3} {:>8.3} {:>8.3} {:>15}  {}",
            p.phase,
            p.concurrency,
            p.requests,
            p.elapsed_s,
            p.requests_per_s,
            p.latency.p50_ms,
            p.latency.p99_ms,
            p.latency.max_ms,
            format!("{}→{}", mb(p.rss_before_kb), mb(p.rss_after_kb)),
            errors.trim()
        );
        if p.actions.len() > 1 {
            for a in &p.actions {
                println!(
                    "  {:<20} {:>5} {:>9} {:>7} {:>10.0} {:>8.3} {:>8.3} {:>8.3}",
                    a.action,
                    "",
                    a.requests,
                    "",
                    a.requests_per_s,
                    a.latency.p50_ms,
                    a.latency.p99_ms,
                    a.latency.max_ms
                );
            }
        }
        for note in &p.notes {
            println!("  note: {note}");
        }
        if p.reconnects > 0 {
            println!(
                "  note: {} reconnects (server closed keep-alive connections)",
                p.reconnects
            );
        }
    }
}
