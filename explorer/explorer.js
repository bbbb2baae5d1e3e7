// Mounts GraphiQL (a global of graphiql.min.js, as React and ReactDOM are of theirs) on the page.
// The page is served at the GraphQL endpoint itself, so its own path is where queries go, and
// that path's `/ws` is where subscriptions go (graphql-ws's client, the global `graphqlWs`; a
// socket opens with the first subscription, not with the page).
'use strict';

const socketUrl = new URL(`${window.location.pathname.replace(/\/$/, '')}/ws`, window.location.href);
socketUrl.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';

// The headers tab signs queries in over HTTP; a socket has no headers, so they travel in its
// `connection_init` instead (as GraphiQL itself does when it opens sockets by URL): one client
// per set of headers, so that a subscription runs as whoever the tab names when it starts.
const socketsByHeaders = new Map();
const MAX_CLIENTS = 4;
const socketFor = (headers) => {
  const key = JSON.stringify(headers ?? {});
  let client = socketsByHeaders.get(key);
  if (!client) {
    client = graphqlWs.createClient({ url: socketUrl.href, lazy: true, connectionParams: headers ?? {} });
    socketsByHeaders.set(key, client);
    if (socketsByHeaders.size > MAX_CLIENTS) {
      const [oldest, stale] = socketsByHeaders.entries().next().value;
      socketsByHeaders.delete(oldest);
      stale.dispose();
    }
  }
  return client;
};

const fetcher = (params, options) =>
  GraphiQL.createFetcher({ url: window.location.pathname, wsClient: socketFor(options?.headers) })(
    params,
    options,
  );
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher }),
);
