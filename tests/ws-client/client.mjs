// Drives /graphql/ws with the graphql-ws library's own client, as a JavaScript application would.
//
//   node client.mjs subscribe <ws-url> <token> <projectId>
//     subscribes to projectChanged(projectId), prints "subscribed", then the first payload as
//     one JSON line, and exits 0;
//   node client.mjs refused <ws-url> <token>
//     connects with a bad token and prints the close code the client reports ("closed <code>").
//
// Every wait is bounded: the script exits 1 after 30 s whatever happens.

import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [mode, url, token, projectId] = process.argv.slice(2);
setTimeout(() => {
  console.error('timed out');
  process.exit(1);
}, 30_000).unref();

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  // A refused client would retry three times, at once, if the close code allowed it: 4401
  // must not be retried.
  retryAttempts: mode === 'refused' ? 3 : 0,
  retryWait: async () => {},
  lazy: true,
});

const query = `subscription P($projectId: ID) {
  projectChanged(projectId: $projectId) { kind project { id status carrier { contact { email } } } }
}`;

if (mode === 'subscribe') {
  const events = client.iterate({ query, variables: { projectId } });
  console.log('subscribed');
  for await (const event of events) {
    console.log(JSON.stringify(event));
    break;
  }
  await client.dispose();
  process.exit(0);
} else if (mode === 'refused') {
  client.on('closed', (event) => {
    console.log(`closed ${event.code}`);
  });
  try {
    for await (const event of client.iterate({ query, variables: {} })) {
      console.log(`unexpected ${JSON.stringify(event)}`);
    }
  } catch (error) {
    console.log(`error ${error?.code ?? error}`);
  }
  process.exit(0);
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
