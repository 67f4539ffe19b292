import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readImportFile, MAX_IMPORT_BYTES } from './campaign-import.ts';

const read = (text: string | Buffer, header: boolean, column?: string) => readImportFile(Readable.from([text]), { header, column });

describe('campaign import - reading the CSV', () => {
  it('import - line numbers as an editor shows them: header counted, mixed line ends, a quoted value over two lines at its first line, a BOM dropped', async () => {
    const file = '\ufeffname;phone\r\nAnna;601 234 567\r\n\r\n"Bea\ntrice";+48 22 123 45 67\nCarla;"501,000,111"\rDario\n';
    const out = await read(file, true);
    expect(out.column).toBe('phone');
    expect(out.lines).toEqual([
      { line: 2, raw: 'Anna;601 234 567', phone: '601 234 567' },
      { line: 3, raw: '', phone: '' },
      { line: 4, raw: '"Bea\ntrice";+48 22 123 45 67', phone: '+48 22 123 45 67' },
      { line: 6, raw: 'Carla;"501,000,111"', phone: '501,000,111' },
      { line: 7, raw: 'Dario', phone: '' },
    ]);
  });

  it.each([
    ['no header, first column by default', 'x', false, undefined, 'column 1', '601234567'],
    ['no header, column 2', '601234567,x', false, '2', 'column 2', 'x'],
    ['header, phone column found by its name', 'Nome,Telefono\nA,601234567', true, undefined, 'Telefono', '601234567'],
    ['header, column named', 'a,b\n1,2', true, 'B', 'b', '2'],
    ['header, no phone-like name: the first', 'a,b\n1,2', true, undefined, 'a', '1'],
  ] as const)('import - %s', async (_what, text, header, column, want, phone) => {
    const out = await read(text === 'x' ? '601234567\n' : `${text}\n`, header, column);
    expect(out.column).toBe(want);
    expect(out.lines[0].phone).toBe(phone);
  });

  it('import - empty lines at the very end are dropped; in the middle they stay (reported as empty)', async () => {
    expect((await read('601234567\n\n501000111\n\n\n', false)).lines.map((l) => l.line)).toEqual([1, 2, 3]);
  });

  it.each([
    ['a column name without a header row', 'a,b\n', false, 'phone', 400, 'without a header row the phone column is a number (1 = the first column), not "phone"'],
    ['a column the header does not have', 'a,b\n', true, 'tel', 400, 'no column "tel" in the header row ("a", "b")'],
    ['a header row expected in an empty file', '', true, undefined, 400, 'the file is empty: there is no header row'],
    ['a file over the size limit', Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x31), false, undefined, 413, 'the file is larger than 2 MB: split it into smaller files'],
  ] as const)('import - refused: %s', async (_what, text, header, column, statusCode, message) => {
    await expect(read(text, header, column)).rejects.toMatchObject({ statusCode, message });
  });
});
