//! Who is on the other end: the TCP peer, unless the peer is one of our own proxies
//! (`CQS_TRUSTED_PROXIES`), in which case the address it says it received the request from.
//! The rate limiter and the login throttle both key on this one answer, so a forged
//! `X-Forwarded-For` from anyone but a trusted proxy changes nothing.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The proxies whose forwarding headers are believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn new(networks: Vec<IpNet>) -> Self {
        Self(networks)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client's address. Behind trusted proxies it is the right-most address of
    /// `X-Forwarded-For` (else `Forwarded`) that is not itself a trusted proxy: entries to its
    /// left were written by the client and prove nothing. An entry that is not an address ends
    /// the walk at the last hop known for sure.
    pub fn client_address(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.ip().to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for(headers);
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(address) = parse_hop(hop) else {
                return client;
            };
            client = address;
            if !self.trusts(address) {
                return address;
            }
        }
        client
    }
}

/// The hops of every `X-Forwarded-For` header, in order; when there is none, the `for=` of every
/// `Forwarded` element (RFC 7239).
fn forwarded_for(headers: &HeaderMap) -> Vec<String> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .flat_map(|value| {
                value
                    .split(',')
                    .map(|item| item.trim().to_owned())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let forwarded_for = values("x-forwarded-for");
    if !forwarded_for.is_empty() {
        return forwarded_for;
    }
    values("forwarded")
        .iter()
        .map(|element| {
            element
                .split(';')
                .find_map(|pair| {
                    let (name, value) = pair.trim().split_once('=')?;
                    name.eq_ignore_ascii_case("for")
                        .then(|| value.trim().trim_matches('"').to_owned())
                })
                // An element without `for=` is a hop we cannot name.
                .unwrap_or_default()
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(address.to_canonical());
    }
    if let Ok(address) = hop.parse::<SocketAddr>() {
        return Some(address.ip().to_canonical());
    }
    hop.strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(address, _)| address.parse::<IpAddr>().ok())
        .map(|address| address.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|net| net.parse().unwrap()).collect())
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, value.parse().unwrap());
        }
        headers
    }

    fn peer(address: &str) -> SocketAddr {
        SocketAddr::new(address.parse().unwrap(), 40_000)
    }

    fn ip(address: &str) -> IpAddr {
        address.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let forged = headers(&[
            ("x-forwarded-for", "198.51.100.9"),
            ("forwarded", "for=198.51.100.10"),
        ]);
        assert_eq!(
            trusted.client_address(peer("203.0.113.5"), &forged),
            ip("203.0.113.5")
        );
        assert_eq!(
            TrustedProxies::default().client_address(peer("127.0.0.1"), &forged),
            ip("127.0.0.1"),
            "no proxy is trusted unless configured"
        );
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client() {
        let trusted = proxies(&["10.0.0.0/8", "192.0.2.1/32"]);
        let chain = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 10.1.1.1")]);
        assert_eq!(
            trusted.client_address(peer("192.0.2.1"), &chain),
            ip("203.0.113.7"),
            "the address the client wrote itself (6.6.6.6) is not believed"
        );
        let split = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "203.0.113.8"),
        ]);
        assert_eq!(
            trusted.client_address(peer("10.0.0.2"), &split),
            ip("203.0.113.8"),
            "several headers read as one list"
        );
    }

    #[test]
    fn a_trusted_peer_without_forwarding_is_the_client() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            trusted.client_address(peer("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
        let all_trusted = headers(&[("x-forwarded-for", "10.0.0.9, 10.0.0.8")]);
        assert_eq!(
            trusted.client_address(peer("10.0.0.2"), &all_trusted),
            ip("10.0.0.9"),
            "a chain of our own proxies ends at the left-most"
        );
    }

    #[test]
    fn garbage_in_the_chain_stops_at_the_last_known_hop() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let garbage = headers(&[("x-forwarded-for", "203.0.113.1, unknown, 10.0.0.7")]);
        assert_eq!(
            trusted.client_address(peer("10.0.0.2"), &garbage),
            ip("10.0.0.7")
        );
    }

    #[test]
    fn forwarded_is_read_when_x_forwarded_for_is_absent() {
        let trusted = proxies(&["10.0.0.0/8", "::1/128"]);
        let forwarded = headers(&[(
            "forwarded",
            r#"for=6.6.6.6, for="[2001:db8::7]:4711";proto=https, for=10.0.0.3"#,
        )]);
        assert_eq!(
            trusted.client_address(peer("::1"), &forwarded),
            ip("2001:db8::7")
        );
        let with_port = headers(&[("x-forwarded-for", "203.0.113.4:5555")]);
        assert_eq!(
            trusted.client_address(peer("10.0.0.1"), &with_port),
            ip("203.0.113.4")
        );
    }

    #[test]
    fn ipv4_mapped_peers_match_ipv4_networks() {
        let trusted = proxies(&["127.0.0.1/32"]);
        let chain = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            trusted.client_address(peer("::ffff:127.0.0.1"), &chain),
            ip("203.0.113.9")
        );
    }
}
