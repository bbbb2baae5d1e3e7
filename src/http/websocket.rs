//! `/graphql/ws`: the subscriptions, over `graphql-transport-ws` (the `graphql-ws` library's
//! protocol) or the legacy `graphql-ws` (subscriptions-transport-ws), told apart by the
//! `Sec-WebSocket-Protocol` the client offers. async-graphql speaks the protocols; this module
//! decides who may connect and for how long, and closes sockets with codes clients act on:
//! 4401 for credentials (async-graphql itself would close a failed `connection_init` with 1002,
//! which a `graphql-ws` client reports as a protocol error), 4403 when the credential's (or an
//! anonymous client address's) sockets are all taken, 4408 without `connection_init` in time,
//! 1013 when the instance is full or the caller over its rate limit, 1001 when the server stops.

mod admission;
mod executor;
pub mod sockets;

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use async_graphql::http::{WebSocketProtocols, WsMessage};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::http::header::{AUTHORIZATION, SEC_WEBSOCKET_PROTOCOL};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::stream::{SplitSink, SplitStream};
use futures::{SinkExt, Stream, StreamExt, future};
use tokio::time::Instant;

use admission::{
    Admission, AdmissionSlot, INIT_TIMEOUT, Refusal, TRY_AGAIN_LATER, admit, connection_data,
};
use executor::SubscriptionsOnly;
use sockets::Admitted;

use crate::http::AppState;

/// The server is stopping.
const GOING_AWAY: u16 = 1001;
/// The socket ended normally.
const NORMAL: u16 = 1000;

/// Upgrades `GET /graphql/ws` to a socket. The instance limit is checked before anything else;
/// a refused socket is still upgraded, so that the client reads a close code rather than a
/// failed handshake.
pub async fn graphql_ws(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let Some(protocol) = protocol_of(&headers) else {
        return (
            StatusCode::BAD_REQUEST,
            "offer the graphql-transport-ws or the graphql-ws subprotocol",
        )
            .into_response();
    };
    let client = state.edge.trusted_proxies.client_address(peer, &headers);
    let header = headers
        .get(AUTHORIZATION)
        .map(|value| value.to_str().unwrap_or("malformed").to_owned());
    let admitted = state.sockets.admit();
    upgrade
        .protocols([protocol.sec_websocket_protocol()])
        .on_upgrade(move |socket| async move {
            let Some(admitted) = admitted else {
                tracing::warn!(%client, "refused a socket: CQS_WS_MAX_CONNECTIONS reached");
                let (mut sink, _) = socket.split();
                close(
                    &mut sink,
                    TRY_AGAIN_LATER,
                    "too many connections: try again later",
                )
                .await;
                return;
            };
            serve(state, socket, protocol, (header, client), admitted).await;
        })
}

/// The first protocol of `Sec-WebSocket-Protocol` that async-graphql speaks: the one the
/// upgrade answers and the socket speaks.
fn protocol_of(headers: &HeaderMap) -> Option<WebSocketProtocols> {
    headers
        .get(SEC_WEBSOCKET_PROTOCOL)?
        .to_str()
        .ok()?
        .split(',')
        .find_map(|offered| WebSocketProtocols::from_str(offered.trim()).ok())
}

/// The longest reason a close frame holds (RFC 6455: 125 bytes of payload, 2 for the code).
const MAX_REASON_BYTES: usize = 123;

/// Sends a close frame, its reason cut to what the frame holds, and closes.
async fn close(sink: &mut SplitSink<WebSocket, Message>, code: u16, reason: &str) {
    let mut end = reason.len().min(MAX_REASON_BYTES);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    crate::http::metrics::count_socket_close(code);
    let frame = CloseFrame {
        code,
        reason: reason[..end].into(),
    };
    let _ = sink.send(Message::Close(Some(frame))).await;
    let _ = sink.close().await;
}

/// The keep-alive message of each protocol: `ping` (answered by the client's `pong`) or the
/// legacy `ka`.
fn keepalive_message(protocol: WebSocketProtocols) -> &'static str {
    match protocol {
        WebSocketProtocols::GraphQLWS => r#"{"type":"ping"}"#,
        WebSocketProtocols::SubscriptionsTransportWS => r#"{"type":"ka"}"#,
    }
}

/// Runs one socket until the client leaves, its credential lapses, or the server stops.
async fn serve(
    state: AppState,
    socket: WebSocket,
    protocol: WebSocketProtocols,
    caller: (Option<String>, IpAddr),
    _admitted: Admitted,
) {
    let limits = state.sockets.limits;
    let (mut sink, source) = socket.split();
    let mut session = Session::default();
    let mut graphql = engine(&state, protocol, source, caller, &session.slot);
    let mut stopping = state.sockets.stopping();
    let mut keepalive =
        tokio::time::interval_at(Instant::now() + limits.keepalive, limits.keepalive);
    keepalive.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let check = tokio::time::sleep(limits.init_timeout);
    tokio::pin!(check);
    let (code, reason) = loop {
        tokio::select! {
            message = graphql.next() => match message {
                Some(WsMessage::Text(text)) => {
                    if let Some(next) = session.note_init(limits.auth_recheck) {
                        check.as_mut().reset(next);
                    }
                    if !send(&mut sink, text, limits.keepalive).await {
                        return;
                    }
                }
                Some(WsMessage::Close(code, reason)) => break session.closing(code, reason),
                None => break session.closing(NORMAL, String::new()),
            },
            _ = keepalive.tick(), if session.admission.is_some() => {
                if !send(&mut sink, keepalive_message(protocol).to_owned(), limits.keepalive).await {
                    return;
                }
            }
            () = &mut check => match session.recheck(&state).await {
                Ok(next) => check.as_mut().reset(next),
                Err(refusal) => break (refusal.code, refusal.reason),
            },
            true = stopped(&mut stopping) => {
                break (GOING_AWAY, "the server is shutting down".to_owned());
            }
        }
    };
    tracing::debug!(code, %reason, "closing a socket");
    close(&mut sink, code, &reason).await;
}

/// Sends one message; false when the socket is gone or the client has not taken it within
/// three keep-alive periods. A client that stops reading must not hold its socket's task (and
/// its credential checks and the stop signal) forever: its socket is dropped instead, and its
/// subscriptions with it, without a close frame the client would not read anyway.
async fn send(sink: &mut SplitSink<WebSocket, Message>, text: String, keepalive: Duration) -> bool {
    let sent = tokio::time::timeout(keepalive * 3, sink.send(Message::Text(text.into()))).await;
    let sent = matches!(sent, Ok(Ok(())));
    if sent {
        crate::http::metrics::count_socket_message();
    }
    sent
}

/// async-graphql's protocol engine over the socket's incoming frames: it answers
/// `connection_init` through [`admit`], which leaves its outcome in `slot` for the socket's loop.
fn engine(
    state: &AppState,
    protocol: WebSocketProtocols,
    source: SplitStream<WebSocket>,
    (header, client): (Option<String>, IpAddr),
    slot: &AdmissionSlot,
) -> impl Stream<Item = WsMessage> + Unpin + Send + use<> {
    let input = source
        .take_while(|message| future::ready(message.is_ok()))
        .filter_map(|message| {
            future::ready(match message {
                Ok(message @ (Message::Text(_) | Message::Binary(_))) => Some(message.into_data()),
                _ => None,
            })
        });
    let on_init = {
        let (state, slot) = (state.clone(), Arc::clone(slot));
        move |payload: serde_json::Value| async move {
            let admission = admit(&state, &payload, header, client).await;
            let outcome = match &admission {
                Ok(admitted) => Ok(connection_data(&state, admitted)),
                Err(refusal) => Err(async_graphql::Error::new(refusal.reason.clone())),
            };
            *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(admission);
            outcome
        }
    };
    let executor = SubscriptionsOnly::new(
        state.schema.clone(),
        Arc::clone(&state.edge),
        state.sockets.limits.max_subscriptions,
    );
    let engine =
        async_graphql::http::WebSocket::new(executor, input, protocol).on_connection_init(on_init);
    match protocol {
        // Clients answer each ping: three keep-alive periods without a message is a dead peer.
        WebSocketProtocols::GraphQLWS => {
            engine.keepalive_timeout(state.sockets.limits.keepalive * 3)
        }
        // Legacy clients send nothing while idle.
        WebSocketProtocols::SubscriptionsTransportWS => engine,
    }
}

/// What one socket knows of its caller.
#[derive(Default)]
struct Session {
    slot: AdmissionSlot,
    admission: Option<Admission>,
    refusal: Option<Refusal>,
}

impl Session {
    /// Picks up the outcome of `connection_init` once the engine answered it (its answer is the
    /// text about to be sent): the instant of the first credential check when admitted.
    fn note_init(&mut self, recheck: Duration) -> Option<Instant> {
        let outcome = self
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()?;
        match outcome {
            Ok(admitted) => {
                let next = admitted.next_check(recheck);
                self.admission = Some(admitted);
                Some(next.map_or_else(far_future, |next| Instant::now() + next))
            }
            Err(refusal) => {
                self.refusal = Some(refusal);
                None
            }
        }
    }

    /// The close code and reason: a refused `connection_init`'s own, rather than the engine's
    /// 1002 (or, in the legacy protocol, a plain end).
    fn closing(mut self, code: u16, reason: String) -> (u16, String) {
        let _ = self.note_init(Duration::ZERO);
        match self.refusal {
            Some(refusal) => (refusal.code, refusal.reason),
            None => (code, reason),
        }
    }

    /// Before `connection_init`, the end of its wait; after, the credential's periodic check:
    /// the instant of the next one, or why the socket must close.
    async fn recheck(&self, state: &AppState) -> Result<Instant, Refusal> {
        let Some(admitted) = &self.admission else {
            return Err(Refusal::new(
                INIT_TIMEOUT,
                "connection_init was not received in time",
            ));
        };
        admitted.recheck(state).await?;
        let recheck = state.sockets.limits.auth_recheck;
        Ok(Instant::now() + admitted.next_check(recheck).unwrap_or(recheck))
    }
}

/// Completes (true) once the server stops, at once if it already has: a socket upgraded while
/// the server stops closes too.
async fn stopped(stopping: &mut tokio::sync::watch::Receiver<bool>) -> bool {
    stopping.wait_for(|stop| *stop).await.is_ok()
}

/// A deadline that never comes, for a socket with nothing to check.
fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(365 * 24 * 3600)
}
