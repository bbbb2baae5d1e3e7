// Runs the GraphQL-over-HTTP audit of `graphql-http` against a live CQS server:
//   node tests/http-audit/audit.mjs http://127.0.0.1:8080/graphql
// Prints one line per audit and a summary by requirement; exits 1 when a MUST fails.
import { serverAudits } from 'graphql-http';

const url = process.argv[2] ?? process.env.CQS_AUDIT_URL ?? 'http://127.0.0.1:8080/graphql';
const results = await Promise.all(serverAudits({ url }).map((audit) => audit.fn()));

const counts = { MUST: { pass: 0, fail: 0 }, SHOULD: { pass: 0, fail: 0 }, MAY: { pass: 0, fail: 0 } };
for (const result of results.sort((a, b) => a.name.localeCompare(b.name))) {
  const requirement = result.name.split(' ')[0];
  const passed = result.status === 'ok';
  counts[requirement][passed ? 'pass' : 'fail'] += 1;
  const reason = passed ? '' : ` -- ${result.reason}`;
  console.log(`${passed ? 'pass' : 'FAIL'} ${result.id} ${result.name}${reason}`);
}
console.log(`audit summary ${JSON.stringify(counts)}`);
process.exit(counts.MUST.fail > 0 ? 1 : 0);
