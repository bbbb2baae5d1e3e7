//! A TCP relay between the application and PostgreSQL that a test can cut and restore, to make
//! the database unreachable without stopping it.

use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

pub struct Relay {
    pub address: SocketAddr,
    target: String,
    tasks: Option<JoinSet<()>>,
}

impl Relay {
    /// Relays a free local port to `target` (`host:port`).
    pub async fn start(target: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("a bound port");
        let mut relay = Self {
            address,
            target: target.to_owned(),
            tasks: None,
        };
        relay.serve(listener);
        relay
    }

    fn serve(&mut self, listener: TcpListener) {
        let target = self.target.clone();
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                connections.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        self.tasks = Some(tasks);
    }

    /// `database_url` with its host and port replaced by the relay's.
    pub fn url_for(&self, database_url: &str) -> String {
        database_url.replacen(&host_and_port(database_url), &self.address.to_string(), 1)
    }

    /// Closes the port and every relayed connection: the database is unreachable.
    pub async fn cut(&mut self) {
        if let Some(mut tasks) = self.tasks.take() {
            tasks.shutdown().await;
        }
    }

    /// Listens again on the same port.
    pub async fn restore(&mut self) {
        let listener = TcpListener::bind(self.address)
            .await
            .expect("the same port again");
        self.serve(listener);
    }
}

/// `host:port` of a `postgres://user@host:port/db` URL.
pub fn host_and_port(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let after_user = after_scheme
        .rsplit_once('@')
        .map_or(after_scheme, |(_, rest)| rest);
    let host = after_user.split(['/', '?']).next().unwrap_or(after_user);
    if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:5432")
    }
}
