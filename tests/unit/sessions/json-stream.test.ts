/**
 * The streaming JSON parser: the same values as JSON.parse however the text is cut into chunks
 * (inside strings, escapes, surrogate pairs, numbers, literals), streamed arrays handed out
 * element by element, and invalid or truncated text refused with where it went wrong.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonStreamError, JsonStreamParser, formatJsonPath } from '../../../src/core/sessions/import/json-stream';

function parseChunks(chunks: string[], options?: ConstructorParameters<typeof JsonStreamParser>[0]): unknown {
  const parser = new JsonStreamParser(options);
  for (const chunk of chunks) parser.write(chunk);
  return parser.end();
}

/** `text` cut at the given offsets. */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((n) => Math.max(0, Math.min(text.length, n))))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of points) {
    out.push(text.slice(last, p));
    last = p;
  }
  out.push(text.slice(last));
  return out;
}

function errorOf(chunks: string[], options?: ConstructorParameters<typeof JsonStreamParser>[0]): JsonStreamError {
  try {
    parseChunks(chunks, options);
  } catch (error) {
    if (error instanceof JsonStreamError) return error;
    throw error;
  }
  throw new Error('expected a JsonStreamError');
}

const TRICKY =
  '{"a":"caf\\u00e9 \\ud83d\\ude00 \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t","é😀":[-0,1.5e-7,-12.25E+3,0,1e400,true,false,null,{}],' +
  '"n":{"deep":[[[]],[{"x":""}]]},"__proto__":{"polluted":1}, "ws" : [ 1 , 2 ]\n}';

describe('JsonStreamParser', () => {
  it('parses what JSON.parse parses, cut at every single offset', () => {
    const expected = JSON.parse(TRICKY);
    for (let at = 0; at <= TRICKY.length; at++) {
      expect(parseChunks(cut(TRICKY, [at])), `cut at ${at}`).toEqual(expected);
    }
  });

  it('parses it one character at a time (every boundary at once)', () => {
    const value = parseChunks([...TRICKY].flatMap((ch) => (ch.length === 2 ? [ch[0]!, ch[1]!] : [ch])));
    expect(value).toEqual(JSON.parse(TRICKY));
  });

  it('keeps "__proto__" as an own property, as JSON.parse does', () => {
    const value = parseChunks([TRICKY]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('agrees with JSON.parse on generated documents cut at random places', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), (value, at, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const points = at.map((n) => n % (text.length + 1));
        expect(parseChunks(cut(text, points))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on strings of any code units, escaped or not, cut anywhere', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(), (s, n) => {
        const text = JSON.stringify({ s });
        // Escape every non-ASCII character too, so \\u escapes get cut as well.
        const escaped = text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        for (const t of [text, escaped]) expect(parseChunks(cut(t, [n % (t.length + 1)]))).toEqual({ s });
      }),
      { numRuns: 300 },
    );
  });

  it('hands out the elements of streamed arrays one by one and keeps them out of the document', () => {
    const seen: [string, number, unknown][] = [];
    const text = '{"format":"x","samples":[{"t":1},{"t":2}],"log":{"entries":[1,[2]]},"other":[3]}';
    for (let at = 0; at <= text.length; at++) {
      seen.length = 0;
      const doc = parseChunks(cut(text, [at]), {
        streamPaths: [['samples'], ['log', 'entries']],
        onElement: (path, index, value) => seen.push([path, index, value]),
      });
      expect(doc).toEqual({ format: 'x', samples: [], log: { entries: [] }, other: [3] });
      expect(seen).toEqual([
        ['samples', 0, { t: 1 }],
        ['samples', 1, { t: 2 }],
        ['log.entries', 0, 1],
        ['log.entries', 1, [2]],
      ]);
    }
  });

  it('streams only at the given path, not an array of the same name deeper down', () => {
    const seen: unknown[] = [];
    const doc = parseChunks(['{"a":{"samples":[1]},"samples":[2]}'], { streamPaths: [['samples']], onElement: (_p, _i, v) => seen.push(v) });
    expect(doc).toEqual({ a: { samples: [1] }, samples: [] });
    expect(seen).toEqual([2]);
  });

  it('says where invalid text goes wrong: line, column, character and path', () => {
    const text = '{"session":{"id":"a"},\n"samples":[\n{"t":1},\n{"t":1x}\n]}';
    for (let at = 0; at <= text.length; at++) {
      const error = errorOf(cut(text, [at]));
      expect(error.message).toBe('unexpected "x" (expected a comma or "}") at line 4, column 7 (character 51), in samples[1].t');
      expect(error.truncated).toBe(false);
    }
  });

  it('names truncation and what it was inside, wherever the text stops', () => {
    expect(errorOf(['{"samples":[{"url":"http://exa']).message).toBe(
      'the text ends before the JSON does (inside a string) at line 1, column 31 (character 31), in samples[0].url',
    );
    expect(errorOf(['{"a":[1,2']).truncated).toBe(true);
    expect(errorOf(['{"a":tr']).message).toMatch(/^the text ends before the JSON does \(inside "tr"\) at line 1, column 8/);
    expect(errorOf(['{"a":"\\u00']).message).toMatch(/inside a string/);
    expect(errorOf(['']).message).toMatch(/^the text is empty/);
    expect(errorOf(['  \n ']).message).toMatch(/^the text is empty/);
    // Every proper prefix of a document is truncated.
    for (let at = 0; at < TRICKY.length - 1; at++) expect(errorOf([TRICKY.slice(0, at)]).truncated, `prefix ${at}`).toBe(true);
  });

  it.each([
    ['[1,]', /unexpected "]" \(expected a value\) at line 1, column 4/],
    ['{"a":1,}', /unexpected "}" \(expected a key in double quotes\)/],
    ['{a:1}', /unexpected "a" \(expected a key in double quotes or "}"\)/],
    ['{"a" 1}', /unexpected "1" \(expected a colon\)/],
    ['[01]', /an invalid number "01"/],
    ['[-]', /an invalid number "-"/],
    ['[1.]', /an invalid number "1."/],
    ['[1e]', /an invalid number "1e"/],
    ['[+1]', /unexpected "\+" \(expected a value\)/],
    ['["a\tb"]', /a control character \(U\+0009\) inside a string/],
    ['["\\x"]', /an invalid escape "\\x"/],
    ['["\\u12G4"]', /an invalid \\u escape: "G" is not a hex digit/],
    ['[nul]', /an unknown word "nul"/],
    ['[truex]', /an unknown word "truex"/],
    ['{"a":1}}', /unexpected "}" \(expected nothing after the end of the document\)/],
    ['{"a":1] ', /unexpected "]" \(expected a comma or "}"\)/],
    ['[1}', /unexpected "}" \(expected a comma or "]"\)/],
    ['{"a":[1}', /unexpected "}" \(expected a comma or "]"\) at line 1, column 8 \(character 8\), in a$/],
  ])('refuses %j however it is cut', (text, message) => {
    for (let at = 0; at <= text.length; at++) {
      const error = errorOf(cut(text, [at]));
      expect(error.message).toMatch(message);
      expect(() => JSON.parse(text)).toThrow();
    }
  });

  it('reads a byte-order mark at the start and counts columns after it', () => {
    expect(parseChunks(['\ufeff{"a":1}'])).toEqual({ a: 1 });
    expect(errorOf(['\ufeff{x']).message).toMatch(/at line 1, column 2 /);
    expect(errorOf(['{"a":"\ufeff"}\ufeff']).message).toMatch(/expected nothing after the end/);
  });

  it('writes paths the way every import error does', () => {
    expect(formatJsonPath(['samples', 12, 't'])).toBe('samples[12].t');
    expect(formatJsonPath(['log', 'entries', 0, 'odd key'])).toBe('log.entries[0]["odd key"]');
    expect(formatJsonPath([])).toBe('');
  });
});

describe('JsonStreamParser on a document that is one value', () => {
  it.each(['0', '-1.5e3', 'true', 'null', '"x"', ' 7 '])('parses %j', (text) => {
    for (let at = 0; at <= text.length; at++) expect(parseChunks(cut(text, [at]))).toEqual(JSON.parse(text));
  });
  it('says a number cut off inside a container is truncated', () => {
    expect(errorOf(['[1,2']).message).toBe('the text ends before the JSON does (inside the number 2) at line 1, column 5 (character 5), in [1]');
  });
});

describe('JsonStreamParser on streamed elements (scanned, then materialized by JSON.parse)', () => {
  const streamOptions = (seen: unknown[]) => ({ streamPaths: [['items']], onElement: (_p: string, _i: number, v: unknown) => seen.push(v) });

  it('hands out the same elements as JSON.parse, cut anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (items, at, pretty) => {
        const text = JSON.stringify({ before: 1, items, after: [2] }, null, pretty ? 1 : undefined);
        const seen: unknown[] = [];
        const doc = parseChunks(cut(text, at.map((n) => n % (text.length + 1))), streamOptions(seen));
        expect(seen).toEqual(JSON.parse(text).items);
        expect(doc).toEqual({ before: 1, items: [], after: [2] });
      }),
      { numRuns: 300 },
    );
  });

  it('skips strings of streamed elements by search: escaped quotes, backslashes and brackets in them, cut at any two places', () => {
    const items = [{ a: 'x\\"]}', b: ['\\', '"', '{['] }, { c: 'plain "quoted" \\\\ end' }, [']', { d: '\\u005c' }], { e: '' }];
    const text = JSON.stringify({ items, after: '\\' });
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j += 3) {
        const seen: unknown[] = [];
        const doc = parseChunks(cut(text, [i, j]), { streamPaths: [['items']], onElement: (_p, _i, v) => seen.push(v) });
        expect(seen).toEqual(items);
        expect(doc).toEqual({ items: [], after: '\\' });
      }
    }
  });

  it('says when a streamed array ends, and after how many elements', () => {
    const ends: [string, number][] = [];
    parseChunks(['{"log":{"pages":[{"id":"a"},{"id":"b"}],"entries":[]},"x":[1]}'], {
      streamPaths: [['log', 'pages'], ['log', 'entries']],
      onArrayEnd: (path, length) => ends.push([path, length]),
    });
    expect(ends).toEqual([
      ['log.pages', 2],
      ['log.entries', 0],
    ]);
  });

  it('places an error inside an element exactly where the full parser places it', () => {
    const text = '{"items":[\n{"a":[1,2],"b":"x\\"y"},\n{"a":[1,2],"b":"ok"}\n]}';
    const breakages = [
      (t: string) => t.replace('"ok"', '"o\tk"'),
      (t: string) => t.replace('"b":"ok"', '"b" "ok"'),
      (t: string) => t.replace('[1,2],"b":"ok"', '[1,2,],"b":"ok"'),
      (t: string) => t.replace('"ok"}', '"ok"]'),
      (t: string) => t.replace('"ok"', '"\\q"'),
      (t: string) => t.replace('[1,2],"b":"ok"', '[1,02],"b":"ok"'),
      (t: string) => t.slice(0, t.indexOf('"ok"') + 2),
      (t: string) => t.slice(0, t.indexOf('[1,2],"b":"ok"') + 3),
    ];
    for (const breakIt of breakages) {
      const broken = breakIt(text);
      const plain = errorOf([broken]);
      for (let at = 0; at <= broken.length; at++) {
        const streamed = errorOf(cut(broken, [at]), streamOptions([]));
        expect(streamed.message, `${broken} cut at ${at}`).toBe(plain.message);
        expect(streamed.truncated).toBe(plain.truncated);
      }
    }
  });
});
