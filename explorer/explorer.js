// Mounts GraphiQL (a global of graphiql.min.js, as React and ReactDOM are of theirs) on the page.
// The page is served at the GraphQL endpoint itself, so its own path is where queries go, and
// that path's `/ws` is where subscriptions go (graphql-ws's client, the global `graphqlWs`; the
// socket opens with the first subscription, not with the page).
'use strict';

const socketUrl = new URL(`${window.location.pathname.replace(/\/$/, '')}/ws`, window.location.href);
socketUrl.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
const wsClient = graphqlWs.createClient({ url: socketUrl.href, lazy: true });
const fetcher = GraphiQL.createFetcher({ url: window.location.pathname, wsClient });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher }),
);
