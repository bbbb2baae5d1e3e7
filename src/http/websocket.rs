//! `/graphql/ws`: the subscriptions, over `graphql-transport-ws` (the `graphql-ws` library's
//! protocol) or the legacy `graphql-ws` (subscriptions-transport-ws), told apart by the
//! `Sec-WebSocket-Protocol` the client offers. async-graphql speaks the protocols; this module
//! decides who may connect and for how long, and closes sockets with codes clients act on:
//! 4401 for credentials (async-graphql itself would close a failed `connection_init` with 1002,
//! which a `graphql-ws` client reports as a protocol error), 4403 when the credential's sockets
//! are all taken, 4408 without `connection_init` in time, 1013 when the instance is full, 1001
//! when the server stops.

mod admission;
mod executor;
pub mod sockets;

use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, WebSocketProtocols, WsMessage};
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::http::header::{AUTHORIZATION, SEC_WEBSOCKET_PROTOCOL};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::stream::SplitSink;
use futures::{SinkExt, StreamExt, future};

use admission::{Admission, AdmissionSlot, INIT_TIMEOUT, Refusal, admit, connection_data};
use executor::SubscriptionsOnly;
use sockets::Admitted;

use crate::http::AppState;

/// The instance already holds `CQS_WS_MAX_CONNECTIONS` sockets: try again, maybe elsewhere.
const TRY_AGAIN_LATER: u16 = 1013;
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
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
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
            serve(state, socket, protocol, header, admitted).await;
        })
}

/// The first protocol of `Sec-WebSocket-Protocol` that async-graphql speaks.
fn protocol_of(headers: &HeaderMap) -> Option<WebSocketProtocols> {
    headers
        .get(SEC_WEBSOCKET_PROTOCOL)?
        .to_str()
        .ok()?
        .split(',')
        .find_map(|offered| WebSocketProtocols::from_str(offered.trim()).ok())
}

async fn close(sink: &mut SplitSink<WebSocket, Message>, code: u16, reason: &str) {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
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
    header: Option<String>,
    _admitted: Admitted,
) {
    let limits = state.sockets.limits;
    let (mut sink, source) = socket.split();
    let input = source
        .take_while(|message| future::ready(message.is_ok()))
        .filter_map(|message| {
            future::ready(match message {
                Ok(message @ (Message::Text(_) | Message::Binary(_))) => Some(message.into_data()),
                _ => None,
            })
        });
    let slot: AdmissionSlot = Arc::new(Mutex::new(None));
    let on_init = {
        let (state, slot) = (state.clone(), Arc::clone(&slot));
        move |payload: serde_json::Value| async move {
            let admission = admit(&state, &payload, header).await;
            let outcome = match &admission {
                Ok(admitted) => Ok(connection_data(&state, admitted)),
                Err(refusal) => Err(async_graphql::Error::new(refusal.reason.clone())),
            };
            *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(admission);
            outcome
        }
    };
    let executor = SubscriptionsOnly {
        schema: state.schema.clone(),
        edge: Arc::clone(&state.edge),
    };
    let mut graphql =
        async_graphql::http::WebSocket::new(executor, input, protocol).on_connection_init(on_init);
    if protocol == WebSocketProtocols::GraphQLWS {
        // Clients answer each ping: three keep-alive periods of silence is a dead peer.
        graphql = graphql.keepalive_timeout(limits.keepalive * 3);
    }
    let mut stopping = state.sockets.stopping();
    let mut keepalive = tokio::time::interval_at(
        tokio::time::Instant::now() + limits.keepalive,
        limits.keepalive,
    );
    let check = tokio::time::sleep(limits.init_timeout);
    tokio::pin!(check);
    let mut admission: Option<Admission> = None;
    let mut refusal: Option<Refusal> = None;
    let (code, reason) = loop {
        tokio::select! {
            message = graphql.next() => match message {
                Some(WsMessage::Text(text)) => {
                    match taken(&slot) {
                        Some(Ok(admitted)) => {
                            let next = admitted.next_check(limits.auth_recheck);
                            check.as_mut().reset(next.map_or_else(far_future, |next| tokio::time::Instant::now() + next));
                            admission = Some(admitted);
                        }
                        Some(Err(refused)) => refusal = Some(refused),
                        None => {}
                    }
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                Some(WsMessage::Close(code, reason)) => {
                    break refusal.or_else(|| refused(&slot)).map_or((code, reason), |r| (r.code, r.reason));
                }
                None => {
                    break refusal.or_else(|| refused(&slot)).map_or((NORMAL, String::new()), |r| (r.code, r.reason));
                }
            },
            _ = keepalive.tick(), if admission.is_some() => {
                if sink.send(Message::Text(keepalive_message(protocol).into())).await.is_err() {
                    return;
                }
            }
            () = &mut check => match &admission {
                None => break (INIT_TIMEOUT, "connection_init was not received in time".to_owned()),
                Some(admitted) => match admitted.recheck(&state).await {
                    Ok(()) => {
                        let next = admitted.next_check(limits.auth_recheck);
                        check.as_mut().reset(tokio::time::Instant::now() + next.unwrap_or(limits.auth_recheck));
                    }
                    Err(refusal) => break (refusal.code, refusal.reason),
                },
            },
            _ = stopping.changed() => break (GOING_AWAY, "the server is shutting down".to_owned()),
        }
    };
    close(&mut sink, code, &reason).await;
}

/// The outcome `connection_init` left, taken once.
fn taken(slot: &AdmissionSlot) -> Option<Result<Admission, Refusal>> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// The refusal `connection_init` left, if it was refused.
fn refused(slot: &AdmissionSlot) -> Option<Refusal> {
    taken(slot).and_then(Result::err)
}

/// A deadline that never comes, for a socket with nothing to check.
fn far_future() -> tokio::time::Instant {
    tokio::time::Instant::now() + Duration::from_secs(365 * 24 * 3600)
}
