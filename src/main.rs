//! The `cqs` command: parses the command line, sets up logging and dispatches.

use anyhow::Context;
use clap::{Parser, Subcommand};
use cqs::app::{App, shutdown_signal};
use cqs::config::Config;
use cqs::seed::demo::{SeedOutcome, seed_demo};
use tracing_subscriber::EnvFilter;

/// CQS: the GraphQL API of a Centre de qualification sociale.
///
/// Configuration comes from the environment: CQS_BIND (default 127.0.0.1:8080) and
/// CQS_DATABASE_URL or DATABASE_URL (default sqlite://cqs.db?mode=rwc).
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations and serve the API (the default command).
    Serve {
        /// Load the demo data set (the Mohammédia center) if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending migrations and exit.
    Migrate,
    /// Load a data set into the database.
    Seed {
        #[command(subcommand)]
        data_set: DataSet,
    },
    /// Print the GraphQL schema (SDL) to standard output.
    Schema,
}

#[derive(Subcommand)]
enum DataSet {
    /// The Mohammédia center as the 2003 article tells it; only into an empty database.
    Demo,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let mut config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => {
            config.demo = demo;
            tracing::info!(?config, "starting");
            let app = App::build(&config).await?;
            tracing::info!(address = %app.local_addr()?, "serving GraphQL at /graphql");
            app.run_until_stopped(shutdown_signal()).await?;
        }
        Command::Migrate => {
            let db = cqs::db::connect(&config.database_url).await?;
            cqs::db::migrate(&db).await.context("migrating")?;
            tracing::info!("migrations applied");
        }
        Command::Seed {
            data_set: DataSet::Demo,
        } => {
            let db = cqs::db::connect(&config.database_url).await?;
            cqs::db::migrate(&db).await.context("migrating")?;
            match seed_demo(&db).await.context("loading the demo data")? {
                SeedOutcome::Seeded => tracing::info!("demo data loaded"),
                SeedOutcome::AlreadyPopulated => {
                    tracing::warn!("the database already holds data: nothing loaded");
                }
            }
        }
        Command::Schema => print!("{}", cqs::graphql::sdl()),
    }
    Ok(())
}
