//! A `/graphql/ws` client at the protocol level (tokio-tungstenite), for both protocols: every
//! frame is read with a bounded wait, keep-alives are answered and skipped.

use std::net::SocketAddr;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::TestApp;

/// The longest wait for any one frame: generous, so that a slow machine does not fail a test,
/// never a timing assertion.
const WAIT: Duration = Duration::from_secs(20);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `graphql-transport-ws`, the `graphql-ws` library's.
    TransportWs,
    /// The legacy `graphql-ws` of subscriptions-transport-ws.
    Legacy,
}

pub const BOTH: [Protocol; 2] = [Protocol::TransportWs, Protocol::Legacy];

impl Protocol {
    fn name(self) -> &'static str {
        match self {
            Protocol::TransportWs => "graphql-transport-ws",
            Protocol::Legacy => "graphql-ws",
        }
    }
}

/// What the server sent that is not a keep-alive.
#[derive(Debug)]
pub enum Frame {
    Json(Value),
    Closed(u16, String),
}

pub struct Socket {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub protocol: Protocol,
}

impl Socket {
    /// Opens `/graphql/ws` with `protocol`, and `Authorization: <header>` when given.
    pub async fn open(app: &TestApp, protocol: Protocol, header: Option<&str>) -> Self {
        Self::open_at(app.address, protocol, header).await
    }

    /// Opens `/graphql/ws` on the server at `address` (a `cqs serve` process, say).
    pub async fn open_at(address: SocketAddr, protocol: Protocol, header: Option<&str>) -> Self {
        let mut request = format!("ws://{address}/graphql/ws")
            .into_client_request()
            .expect("a websocket request");
        let headers = request.headers_mut();
        headers.insert(
            "sec-websocket-protocol",
            HeaderValue::from_static(protocol.name()),
        );
        if let Some(header) = header {
            headers.insert("authorization", HeaderValue::from_str(header).unwrap());
        }
        let (stream, response) = tokio_tungstenite::connect_async(request)
            .await
            .expect("the upgrade succeeds");
        assert_eq!(
            response.headers()["sec-websocket-protocol"],
            protocol.name(),
            "the server speaks the protocol offered"
        );
        Self { stream, protocol }
    }

    /// Opens a socket and sends `connection_init` with `payload`.
    pub async fn init(app: &TestApp, protocol: Protocol, payload: Value) -> Self {
        Self::init_at(app.address, protocol, payload).await
    }

    /// [`Socket::init`] on the server at `address`.
    pub async fn init_at(address: SocketAddr, protocol: Protocol, payload: Value) -> Self {
        let mut socket = Self::open_at(address, protocol, None).await;
        socket
            .send(json!({ "type": "connection_init", "payload": payload }))
            .await;
        socket
    }

    /// [`Socket::connected`] to the server at `address` (a `cqs serve` process, say).
    pub async fn connected_at(
        address: SocketAddr,
        protocol: Protocol,
        token: Option<&str>,
    ) -> Self {
        let payload = match token {
            Some(token) => json!({ "Authorization": format!("Bearer {token}") }),
            None => json!({}),
        };
        let mut socket = Self::init_at(address, protocol, payload).await;
        let ack = socket.next().await;
        assert!(
            matches!(&ack, Frame::Json(message) if message["type"] == "connection_ack"),
            "acknowledged: {ack:?}"
        );
        socket
    }

    /// A socket acknowledged with `Authorization: Bearer <token>` in `connection_init`
    /// (anonymous without a token).
    pub async fn connected(app: &TestApp, protocol: Protocol, token: Option<&str>) -> Self {
        Self::connected_at(app.address, protocol, token).await
    }

    pub async fn send(&mut self, message: Value) {
        self.stream
            .send(Message::Text(message.to_string().into()))
            .await
            .expect("the frame is sent");
    }

    /// Starts operation `id`: `subscribe` or the legacy `start`.
    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        let kind = match self.protocol {
            Protocol::TransportWs => "subscribe",
            Protocol::Legacy => "start",
        };
        self.send(json!({ "type": kind, "id": id, "payload": { "query": query, "variables": variables } }))
            .await;
    }

    /// The next frame that is not a keep-alive (a `ping` is answered with a `pong`).
    pub async fn next(&mut self) -> Frame {
        loop {
            let frame = tokio::time::timeout(WAIT, self.stream.next())
                .await
                .expect("a frame within the bounded wait");
            match frame {
                Some(Ok(Message::Text(text))) => {
                    let message: Value = serde_json::from_str(&text).expect("JSON");
                    match message["type"].as_str() {
                        Some("ping") => self.send(json!({ "type": "pong" })).await,
                        Some("ka") | Some("pong") => {}
                        _ => return Frame::Json(message),
                    }
                }
                Some(Ok(Message::Close(frame))) => {
                    return match frame {
                        Some(frame) => Frame::Closed(frame.code.into(), frame.reason.to_string()),
                        None => Frame::Closed(1005, String::new()),
                    };
                }
                Some(Ok(_)) => {}
                Some(Err(err)) => return Frame::Closed(1006, err.to_string()),
                None => return Frame::Closed(1006, "the stream ended".to_owned()),
            }
        }
    }

    /// Waits for the server's keep-alive (`ping` or the legacy `ka`), skipping nothing else.
    pub async fn keepalive(&mut self) -> String {
        let frame = tokio::time::timeout(WAIT, self.stream.next())
            .await
            .expect("a frame within the bounded wait");
        match frame {
            Some(Ok(Message::Text(text))) => {
                let message: Value = serde_json::from_str(&text).expect("JSON");
                message["type"].as_str().unwrap_or_default().to_owned()
            }
            other => panic!("expected a keep-alive, got {other:?}"),
        }
    }

    /// The next frame, which must be the payload of operation `id` (`next` or `data`).
    pub async fn payload(&mut self, id: &str) -> Value {
        match self.next().await {
            Frame::Json(message)
                if message["id"] == id
                    && matches!(message["type"].as_str(), Some("next" | "data")) =>
            {
                message["payload"].clone()
            }
            other => panic!("expected a payload of {id}, got {other:?}"),
        }
    }

    /// The next frame, which must complete operation `id`.
    pub async fn completed(&mut self, id: &str) {
        match self.next().await {
            Frame::Json(message) if message["id"] == id && message["type"] == "complete" => {}
            other => panic!("expected {id} to complete, got {other:?}"),
        }
    }

    /// Reads until the server closes the socket: its code and reason. Messages before the
    /// close (such as the legacy protocol's `connection_error`) are returned too.
    pub async fn close_code(&mut self) -> (u16, String, Vec<Value>) {
        let mut before = Vec::new();
        loop {
            match self.next().await {
                Frame::Json(message) => before.push(message),
                Frame::Closed(code, reason) => return (code, reason, before),
            }
        }
    }
}

/// Waits until `count` subscriptions listen on the application's bus, so that a write made next
/// is heard (bounded: a subscription that never starts fails the test).
pub async fn wait_for_subscribers(app: &TestApp, count: usize) {
    let listening = async {
        while app.changes.subscribers() < count {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(WAIT, listening)
        .await
        .unwrap_or_else(|_| panic!("{count} subscriptions listen within the bounded wait"));
}
