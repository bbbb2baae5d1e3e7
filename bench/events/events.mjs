// Events per second delivered to many subscribers on one instance (issue 13): SUBSCRIBERS clients
// of the npm `graphql-ws` library (each its own socket, anonymous) subscribe to
// `commitmentChanged(projectId:)`; WRITERS closed-loop HTTP writers create in-kind commitments on
// that project for SECONDS; every subscriber must hear every write. Prints one JSON object.
//
//   node events.mjs <http-url> <ws-url> <token> <project-id> <subscribers> <writers> <seconds>
//
// Every wait is bounded: the script exits 1 when deliveries stop short.

import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [httpUrl, wsUrl, token, projectId, ...numbers] = process.argv.slice(2);
const [subscribers, writers, seconds] = numbers.map(Number);
const PATIENCE_MS = 30_000;

const subscription = `subscription S($projectId: ID) {
  commitmentChanged(projectId: $projectId) { kind commitment { id status description } }
}`;
const create = `mutation C($input: CreateCommitmentInput!) {
  createCommitment(input: $input) { commitment { id } userErrors { code } }
}`;

let partnerId;
async function post(query, variables) {
  const response = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
async function write(n) {
  const data = await post(create, {
    input: { partnerId, projectId, kind: 'TRAINING', description: `events benchmark ${n}` },
  });
  if (data.createCommitment.userErrors.length) throw new Error(JSON.stringify(data.createCommitment.userErrors));
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

partnerId = (await post('{ partners(first: 1) { nodes { id } } }', {})).partners.nodes[0].id;

let delivered = 0;
let lastDelivery = 0;
const heardWarmup = new Set();
const clients = [];
for (let i = 0; i < subscribers; i++) {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
  clients.push(client);
  client.subscribe(
    { query: subscription, variables: { projectId } },
    {
      next: (event) => {
        const description = event.data?.commitmentChanged?.commitment?.description ?? '';
        if (description.startsWith('events warm-up')) {
          heardWarmup.add(i);
        } else {
          delivered += 1;
          lastDelivery = performance.now();
        }
      },
      error: (error) => fail(`subscriber ${i}: ${JSON.stringify(error?.message ?? error?.code ?? error)}`),
      complete: () => {},
    },
  );
}

// Subscriptions start listening a moment after they are sent: write until every one has heard.
const ready = performance.now();
for (let n = 0; heardWarmup.size < subscribers; n++) {
  if (performance.now() - ready > PATIENCE_MS) fail(`only ${heardWarmup.size} of ${subscribers} subscribers listening`);
  await post(create, { input: { partnerId, projectId, kind: 'TRAINING', description: `events warm-up ${n}` } });
  await new Promise((resolve) => setTimeout(resolve, 200));
}
await new Promise((resolve) => setTimeout(resolve, 500));

let written = 0;
const start = performance.now();
const end = start + seconds * 1000;
await Promise.all(
  Array.from({ length: writers }, async () => {
    while (performance.now() < end) {
      await write(written);
      written += 1;
    }
  }),
);
const writesDone = performance.now();
const expected = written * subscribers;
while (delivered < expected && performance.now() - writesDone < PATIENCE_MS) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
if (delivered < expected) fail(`${delivered} of ${expected} events delivered`);
const elapsed = (lastDelivery - start) / 1000;
console.log(JSON.stringify({
  subscribers,
  writers,
  writes: written,
  delivered,
  seconds: elapsed,
  events_per_second: delivered / elapsed,
  writes_per_second: written / ((writesDone - start) / 1000),
  drain_ms: Math.max(0, lastDelivery - writesDone),
}));
await Promise.all(clients.map((client) => client.dispose()));
process.exit(0);
