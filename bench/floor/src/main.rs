//! The SQLite floor of the benchmark: runs a scenario's SQL (the statements separated by `;` in
//! a file) in a closed loop on `--connections` connections for `--seconds`, through sqlx — the
//! driver the API uses — and prints requests per second and latency percentiles as JSON.
//!
//! `cqs-floor <database-url> <sql-file> <connections> <seconds>`

use std::time::{Duration, Instant};

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sea_orm::sqlx::{Executor, Row};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, file, connections, seconds] = args.as_slice() else {
        return Err("usage: cqs-floor <database-url> <sql-file> <connections> <seconds>".into());
    };
    let connections: u32 = connections.parse()?;
    let duration = Duration::from_secs_f64(seconds.parse()?);
    let script = std::fs::read_to_string(file)?;
    let statements: Vec<String> = script
        .split(';')
        .map(|s| {
            s.lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|s| !s.trim().is_empty())
        .collect();
    let options: SqliteConnectOptions = url
        .parse::<SqliteConnectOptions>()?
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(connections)
        .min_connections(connections)
        .connect_with(options)
        .await?;
    let deadline = Instant::now() + duration;
    let mut workers = Vec::new();
    for worker in 0..connections {
        let pool = pool.clone();
        // `{worker}` in a statement becomes the worker's number (one project per connection).
        // Leaked: the statements live as long as the run, and the driver wants them 'static.
        let mine: &'static [String] = Vec::leak(
            statements
                .iter()
                .map(|s| s.replace("{worker}", &worker.to_string()))
                .collect(),
        );
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut rows = 0usize;
            let mut retries = 0usize;
            'requests: while Instant::now() < deadline {
                let started = Instant::now();
                let mut conn = pool.acquire().await.expect("a connection");
                for statement in mine {
                    let fetched = match conn.fetch_all(statement.as_str()).await {
                        Ok(fetched) => fetched,
                        Err(_) => {
                            // SQLite's lock wait ran out: undo and retry, as a careful client does.
                            let _ = conn.execute("ROLLBACK").await;
                            retries += 1;
                            continue 'requests;
                        }
                    };
                    // Read every column of every row, as a client would.
                    for row in &fetched {
                        for i in 0..row.len() {
                            let _ = row.try_get_raw(i);
                        }
                    }
                    rows += fetched.len();
                }
                latencies.push(started.elapsed());
            }
            (latencies, rows, retries)
        }));
    }
    let mut latencies = Vec::new();
    let mut rows = 0;
    let mut retries = 0;
    for worker in workers {
        let (l, r, e) = worker.await?;
        latencies.extend(l);
        rows += r;
        retries += e;
    }
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * p) as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let report = serde_json::json!({
        "requests": latencies.len(),
        "rps": latencies.len() as f64 / duration.as_secs_f64(),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "rows_per_request": rows as f64 / latencies.len().max(1) as f64,
        "retries": retries,
    });
    println!("{report}");
    Ok(())
}
