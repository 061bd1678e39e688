// Download tickets: good once, for their command and stream, for a minute.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DownloadTickets, TICKET_TTL_MS } from '../../main/api/download-tickets.ts';

test('a ticket opens one download of its stream within its minute', () => {
  const tickets = new DownloadTickets();
  const a = tickets.issue('c1', 'stdout', 1000);
  assert.equal(tickets.redeem(a, 'c1', 'stdout', 2000), true);
  assert.equal(tickets.redeem(a, 'c1', 'stdout', 2000), false, 'used');
  const b = tickets.issue('c1', 'stdout', 1000);
  assert.equal(tickets.redeem(b, 'c1', 'stdout', 1000 + TICKET_TTL_MS), false, 'expired');
  const c = tickets.issue('c1', 'stderr', 1000);
  assert.equal(tickets.redeem(c, 'c2', 'stderr', 1000), false, 'another command');
  assert.equal(tickets.redeem(c, 'c1', 'stderr', 1000), false, 'a wrong try uses it up');
  assert.notEqual(tickets.issue('c1', 'stdout'), tickets.issue('c1', 'stdout'));
});
