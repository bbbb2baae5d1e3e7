// Mounts GraphiQL (a global of graphiql.min.js, as React and ReactDOM are of theirs) on the page.
// The page is served at the GraphQL endpoint itself, so its own path is where queries go.
'use strict';

const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher }),
);
