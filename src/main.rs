//! The `cqs` command: parses the command line, sets up logging and dispatches.

use anyhow::Context;
use clap::{Parser, Subcommand};
use cqs::app::{App, shutdown_signal};
use cqs::config::{Config, LogFormat};
use cqs::domain::role::Role;
use cqs::error::AppError;
use cqs::graphql::id::{NodeType, decode_as};
use cqs::seed::demo::{SeedOutcome, seed_demo};
use cqs::service::user::{NewUser, create_api_token_from_cli, create_user_from_cli};
use std::io::{BufRead, IsTerminal};
use tracing_subscriber::EnvFilter;

/// The password piped on standard input, or a generated one (and `true`) at a terminal.
fn read_or_generate_password() -> anyhow::Result<(String, bool)> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok((cqs::auth::password::generate_password(), true));
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Ok((cqs::auth::password::generate_password(), true));
    }
    Ok((password, false))
}

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
    /// Manage users.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
}

#[derive(Subcommand)]
enum TokenAction {
    /// Create an API token for an existing, active user (e.g. for a partner's system) and print
    /// its secret, once, on standard output.
    Create {
        /// The email of the user the token acts for.
        #[arg(long)]
        email: String,
        /// What the token is for, e.g. "ADS accounting system".
        #[arg(long)]
        name: String,
        /// Days until the token expires (1 to 365; 365 when not given).
        #[arg(long)]
        expires_in_days: Option<i64>,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Create a user. The password is read from standard input when it is piped in; otherwise a
    /// random one is generated and printed once.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        display_name: String,
        /// ADMIN, STAFF, PARTNER, ORGANIZATION or VIEWER.
        #[arg(long)]
        role: Role,
        /// The partner a PARTNER account acts for (its GraphQL id).
        #[arg(long)]
        partner: Option<String>,
        /// The organization an ORGANIZATION account acts for (its GraphQL id).
        #[arg(long)]
        organization: Option<String>,
        /// The center a STAFF account works in (its GraphQL id).
        #[arg(long)]
        center: Option<String>,
    },
}

#[derive(Subcommand)]
enum DataSet {
    /// The Mohammédia center as the 2003 article tells it; only into an empty database.
    Demo,
    /// A deterministic data set for the benchmark; only into an empty database.
    Synthetic {
        /// 1 = 1 center, 1,000 organizations, 10,000 projects, about 55,000 commitments.
        #[arg(long, default_value_t = 1)]
        scale: u32,
    },
}

/// `cqs token create`: the secret alone on standard output (for `TOKEN=$(cqs token create …)`),
/// what was made on standard error.
async fn create_token(
    config: &Config,
    email: &str,
    name: &str,
    expires_in_days: Option<i64>,
) -> anyhow::Result<()> {
    let db = cqs::db::connect(&config.database_url).await?;
    cqs::db::migrate(&db).await.context("migrating")?;
    match create_api_token_from_cli(&db, email, name, expires_in_days).await {
        Ok((secret, token)) => {
            println!("{secret}");
            let expires = token
                .expires_at
                .map(|at| at.to_rfc3339())
                .unwrap_or_default();
            eprintln!(
                "API token {name:?} for {email}, expires {expires}; its secret is shown once"
            );
            Ok(())
        }
        Err(AppError::User(errors)) => {
            report(&errors);
            anyhow::bail!("no API token was created");
        }
        Err(err) => Err(err.into()),
    }
}

/// Prints the problems of a command's arguments, one a line, on standard error.
fn report(errors: &[cqs::domain::user_error::UserError]) {
    for error in errors {
        eprintln!(
            "{}: {} ({:?})",
            error.field.join("."),
            error.message,
            error.code
        );
    }
}

/// Logs go to standard error (standard output carries what commands print, such as a token's
/// secret), as text or one JSON object a line (`CQS_LOG_FORMAT`), coloured only at a terminal
/// so that files and collectors get no escape codes.
fn init_logs(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).with_span_list(false).init(),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut config = Config::from_env()?;
    init_logs(config.edge.log_format);
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
        Command::Seed {
            data_set: DataSet::Synthetic { scale },
        } => {
            let db = cqs::db::connect(&config.database_url).await?;
            cqs::db::migrate(&db).await.context("migrating")?;
            match cqs::seed::synthetic::seed_synthetic(&db, scale).await? {
                Some(report) => println!(
                    "synthetic scale {scale}: {} projects, {} commitments, {} disbursements, {} status changes, {} organizations in {:.1}s",
                    report.projects,
                    report.commitments,
                    report.disbursements,
                    report.status_changes,
                    report.organizations,
                    report.elapsed.as_secs_f64()
                ),
                None => tracing::warn!("the database already holds data: nothing loaded"),
            }
        }
        Command::Schema => print!("{}", cqs::graphql::sdl()),
        Command::Token {
            action:
                TokenAction::Create {
                    email,
                    name,
                    expires_in_days,
                },
        } => create_token(&config, &email, &name, expires_in_days).await?,
        Command::User {
            action:
                UserAction::Create {
                    email,
                    display_name,
                    role,
                    partner,
                    organization,
                    center,
                },
        } => {
            let db = cqs::db::connect(&config.database_url).await?;
            cqs::db::migrate(&db).await.context("migrating")?;
            let id = |text: Option<String>, node_type: NodeType| -> anyhow::Result<Option<i64>> {
                text.map(|text| {
                    decode_as(&text, node_type).with_context(|| {
                        format!("{text:?} is not the id of a {}", node_type.name())
                    })
                })
                .transpose()
            };
            let (password, generated) = read_or_generate_password()?;
            let new = NewUser {
                email,
                display_name,
                role,
                password: password.clone(),
                partner_id: id(partner, NodeType::Partner)?,
                organization_id: id(organization, NodeType::Organization)?,
                center_id: id(center, NodeType::Center)?,
            };
            match create_user_from_cli(&db, new).await {
                Ok(user) => {
                    println!("created {} ({:?})", user.email, user.role);
                    if generated {
                        println!("password (shown once): {password}");
                    }
                }
                Err(AppError::User(errors)) => {
                    report(&errors);
                    anyhow::bail!("the user was not created");
                }
                Err(err) => return Err(err.into()),
            }
        }
    }
    Ok(())
}
