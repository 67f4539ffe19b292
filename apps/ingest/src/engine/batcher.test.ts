/** When the pending batch is committed: by size or age, settled facts in a quiet spell, and not while a commit is written unless the batch has grown to twice its size. */
import { describe, expect, it } from 'vitest';
import { commitDue, type BatchState } from './batcher.ts';

const options = { batchSize: 100, flushMs: 500 };

describe('batcher - commitDue', () => {
  it.each<[string, BatchState, boolean]>([
    ['nothing pending, nothing settled', { count: 0, ageMs: 0, emitted: false, writing: false }, false],
    ['nothing pending, facts settled by time alone', { count: 0, ageMs: 0, emitted: true, writing: false }, true],
    ['a few events, young', { count: 10, ageMs: 100, emitted: false, writing: false }, false],
    ['a few events, flush time reached', { count: 10, ageMs: 500, emitted: false, writing: false }, true],
    ['a full batch', { count: 100, ageMs: 0, emitted: false, writing: false }, true],
    ['a full batch while the previous commit is written: it grows', { count: 150, ageMs: 900, emitted: false, writing: true }, false],
    ['twice the batch size while a commit is written: the consumer waits for it', { count: 200, ageMs: 0, emitted: false, writing: true }, true],
    ['settled facts while a commit is written', { count: 0, ageMs: 0, emitted: true, writing: true }, false],
  ])('%s', (_name, state, due) => {
    expect(commitDue(state, options)).toBe(due);
  });
});
