/** Dead letters: one shape (bounded reason and payload), written past the rows ClickHouse refuses, and a refusal never silent. */
import { describe, expect, it } from 'vitest';
import type { DeadLetterRow } from '../store/rows.ts';
import { deadLetter, DeadLettersRefusedError, DeadLetterWriter, MAX_PAYLOAD, MAX_REASON } from './writer.ts';

const NOW = Date.parse('2026-11-20T10:00:00.123Z');

describe('deadLetter', () => {
  it.each([
    ['a short input, as it is', { tenant: 'demo', source: 'http:u1', reason: 'ts: bad', payload: '{}' },
      { tenant: 'demo', received_at: '2026-11-20 10:00:00.123', source: 'http:u1', reason: 'ts: bad', payload: '{}' }],
    ['a bus message keeps its ref', { tenant: 'demo', source: 'cc.demo.events.x', reason: 'r', payload: 'p', ref: '7@1' },
      { tenant: 'demo', received_at: '2026-11-20 10:00:00.123', source: 'cc.demo.events.x', reason: 'r', payload: 'p', ref: '7@1' }],
    ['a huge reason and payload are cut to their bounds', { tenant: 'demo', source: 's', reason: 'r'.repeat(5000), payload: 'p'.repeat(100_000) },
      { tenant: 'demo', received_at: '2026-11-20 10:00:00.123', source: 's', reason: 'r'.repeat(MAX_REASON), payload: 'p'.repeat(MAX_PAYLOAD) }],
  ])('%s', (_name, input, row) => {
    expect(deadLetter(input, NOW)).toEqual(row);
  });
});

describe('DeadLetterWriter', () => {
  /** A ClickHouse that refuses any insert holding a row whose payload is 'poison'. */
  function refusing() {
    const stored: DeadLetterRow[] = [];
    const repo = {
      insertDeadLetters: async (rows: DeadLetterRow[]) => {
        if (rows.some((r) => r.payload === 'poison')) throw Object.assign(new Error('Cannot parse input'), { code: '27' });
        stored.push(...rows);
      },
    };
    return { writer: new DeadLetterWriter(repo), stored };
  }
  const rows = ['a', 'poison', 'b', 'c'].map((payload) => deadLetter({ tenant: 'demo', source: 's', reason: 'r', payload }, NOW));

  it('stores every row but the one refused, then says which it could not store', async () => {
    const { writer, stored } = refusing();
    const err = await writer.write(rows).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadLettersRefusedError);
    expect((err as DeadLettersRefusedError).rows.map((r) => r.payload)).toEqual(['poison']);
    expect(stored.map((r) => r.payload).sort()).toEqual(['a', 'b', 'c']);
  });

  it('writes nothing for no rows, and all of them in one insert otherwise', async () => {
    const { writer, stored } = refusing();
    await writer.write([]);
    await writer.write([rows[0], rows[2]]);
    expect(stored.map((r) => r.payload)).toEqual(['a', 'b']);
  });
});
