/**
 * A streaming JSON parser: text goes in chunk by chunk (a chunk may end anywhere, inside a
 * string, an escape, a number or a literal), values come out as they complete. The elements of
 * chosen arrays (a session file's `samples`, `requests`…) are handed out one by one and never
 * kept, so a file of any size is held one element at a time. Errors say what and where: the
 * line, column and character offset, and the JSON path (`samples[12].t`).
 */

/** Where the parser is in the text: 1-based line and column, 0-based character offset. */
export interface JsonPosition {
  offset: number;
  line: number;
  column: number;
}

/** Keys and indexes from the root to a value: `['samples', 12, 't']`. */
export type JsonPath = (string | number)[];

/** Invalid or truncated JSON; `truncated` when the text ended before the value did. */
export class JsonStreamError extends Error {
  override readonly name = 'JsonStreamError';
  constructor(
    message: string,
    readonly position: JsonPosition,
    readonly path: JsonPath,
    readonly truncated: boolean,
    /** What is wrong, without where (the message adds where). */
    readonly reason: string,
  ) {
    super(message);
  }
}

/** What the parser reports as it goes. */
export interface JsonStreamOptions {
  /** Arrays (by path from the root, e.g. `[['samples'], ['log', 'entries']]`) whose elements go to onElement. */
  streamPaths?: readonly (readonly string[])[];
  /** One element of a streamed array, complete; its array stays empty in the parsed document. */
  onElement?: (arrayPath: string, index: number, value: unknown) => void;
  /** A streamed array ended after `length` elements (a HAR's reader learns here that its pages are all read). */
  onArrayEnd?: (arrayPath: string, length: number) => void;
}

/** `samples[12].t`, `log.entries[0]["odd key"]`: how a path is written in every error. */
export function formatJsonPath(path: readonly unknown[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

const enum State {
  Value,
  ArrayFirst,
  ArrayNext,
  ObjectFirst,
  ObjectKey,
  Colon,
  ObjectNext,
  String,
  Number,
  Literal,
  /** Inside an object or array that is an element of a streamed array (see readElement). */
  Element,
  Done,
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS: Readonly<Record<string, unknown>> = { true: true, false: false, null: null };

interface Frame {
  array: boolean;
  value: Record<string, unknown> | unknown[];
  /** The key being filled (objects) or the next index (arrays). */
  key: string | number;
  /** Streamed array: its elements go to onElement under this name. */
  streamed: string | null;
}

/** See the file's comment. `write` each chunk, then `end()` for the document. */
export class JsonStreamParser {
  private state = State.Value;
  private readonly stack: Frame[] = [];
  private root: unknown = undefined;
  private readonly streamPaths: readonly (readonly string[])[];
  private readonly streamDepth: number;
  private readonly onElement: JsonStreamOptions['onElement'];
  private readonly onArrayEnd: JsonStreamOptions['onArrayEnd'];

  // A string, number or literal in progress (it may span chunks).
  private text = '';
  private isKey = false;
  /** 0 none; 1 after a backslash; 2-5 reading the four hex digits of \u. */
  private escape = 0;
  private hex = 0;
  private literal = '';
  // An element of a streamed array being read (see readElement).
  private elementParts: string[] = [];
  private elementDepth = 0;
  private elementInString = false;
  private elementEscape = false;
  /** The next backslash at or after the scan in the chunk being written (-1: none), or -2 before it is searched. */
  private nextBackslash = -2;

  // Position of the next character.
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private tokenStart: JsonPosition = { offset: 0, line: 1, column: 1 };

  constructor(options: JsonStreamOptions = {}) {
    this.streamPaths = options.streamPaths ?? [];
    this.streamDepth = Math.max(0, ...this.streamPaths.map((p) => p.length));
    this.onElement = options.onElement;
    this.onArrayEnd = options.onArrayEnd;
  }

  /** The position of the next character to read. */
  get position(): JsonPosition {
    return { offset: this.offset, line: this.line, column: this.offset - this.lineStart + 1 };
  }

  /** The document so far (the root container being filled, or the finished value). */
  get document(): unknown {
    return this.stack.length ? this.stack[0]!.value : this.root;
  }

  /** The path of the value being read. */
  get path(): JsonPath {
    return this.stack.map((frame) => frame.key);
  }

  write(chunk: string): void {
    const length = chunk.length;
    let i = 0;
    // A byte-order mark is allowed before the document, nowhere else.
    if (this.offset === 0 && chunk.charCodeAt(0) === 0xfeff) {
      i = 1;
      this.lineStart = 1;
    }
    const base = this.offset;
    this.nextBackslash = -2;
    try {
      while (i < length) {
        switch (this.state) {
          case State.String:
            i = this.readString(chunk, i, base);
            break;
          case State.Number:
            i = this.readNumber(chunk, i, base);
            break;
          case State.Literal:
            i = this.readLiteral(chunk, i, base);
            break;
          case State.Element:
            i = this.readElement(chunk, i, base);
            break;
          default: {
            const c = chunk.charCodeAt(i);
            if (c === 0x20 || c === 0x09 || c === 0x0d) {
              i++;
              continue;
            }
            if (c === 0x0a) {
              i++;
              this.line++;
              this.lineStart = base + i;
              continue;
            }
            this.offset = base + i;
            this.structural(c, chunk[i]!);
            // An element keeps its opening bracket: readElement reads from it.
            if ((this.state as State) !== State.Element) i++;
          }
        }
      }
    } finally {
      this.offset = base + i;
    }
  }

  /** Ends the text: returns the document (streamed arrays empty), or throws if it is incomplete. */
  end(): unknown {
    // Only a document that is one number or literal may end in one: inside a container it is cut off.
    if (this.stack.length === 0 && this.state === State.Number) this.finishNumber();
    else if (this.stack.length === 0 && this.state === State.Literal && Object.hasOwn(LITERALS, this.literal)) this.finishLiteral();
    if (this.state === State.Element) throw this.elementError(this.elementParts.join(''), true);
    if (this.state !== State.Done) {
      const inside =
        this.state === State.String
          ? this.isKey
            ? 'inside a key'
            : 'inside a string'
          : this.state === State.Literal
            ? `inside "${this.literal}"`
            : this.state === State.Number
              ? `inside the number ${this.text}`
              : null;
      const what = this.stack.length === 0 && this.state === State.Value ? 'the text is empty' : `the text ends before the JSON does${inside ? ` (${inside})` : ''}`;
      throw this.error(what, this.position, true);
    }
    return this.root;
  }

  private structural(c: number, ch: string): void {
    switch (this.state) {
      case State.Value:
      case State.ArrayFirst:
        if (c === 0x5d && this.state === State.ArrayFirst) return this.closeContainer(true);
        return this.startValue(c, ch);
      case State.ArrayNext:
        if (c === 0x2c) {
          this.state = State.Value;
          return;
        }
        if (c === 0x5d) return this.closeContainer(true);
        throw this.unexpected(ch, 'a comma or "]"');
      case State.ObjectFirst:
      case State.ObjectKey:
        if (c === 0x22) {
          this.startString(true);
          return;
        }
        if (c === 0x7d && this.state === State.ObjectFirst) return this.closeContainer(false);
        throw this.unexpected(ch, this.state === State.ObjectFirst ? 'a key in double quotes or "}"' : 'a key in double quotes');
      case State.Colon:
        if (c === 0x3a) {
          this.state = State.Value;
          return;
        }
        throw this.unexpected(ch, 'a colon');
      case State.ObjectNext:
        if (c === 0x2c) {
          this.state = State.ObjectKey;
          return;
        }
        if (c === 0x7d) return this.closeContainer(false);
        throw this.unexpected(ch, 'a comma or "}"');
      case State.Done:
        throw this.unexpected(ch, 'nothing after the end of the document');
    }
  }

  private startValue(c: number, ch: string): void {
    this.tokenStart = this.position;
    const top = this.stack[this.stack.length - 1];
    if (top?.streamed != null && (c === 0x7b || c === 0x5b)) {
      this.elementParts = [];
      this.elementDepth = 0;
      this.elementInString = false;
      this.elementEscape = false;
      this.state = State.Element;
      return;
    }
    if (c === 0x22) return this.startString(false);
    if (c === 0x7b) return this.open(false);
    if (c === 0x5b) return this.open(true);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.text = ch;
      this.state = State.Number;
      return;
    }
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      this.literal = ch;
      this.state = State.Literal;
      return;
    }
    throw this.unexpected(ch, 'a value');
  }

  private startString(isKey: boolean): void {
    this.tokenStart = this.position;
    this.text = '';
    this.isKey = isKey;
    this.escape = 0;
    this.state = State.String;
  }

  private readString(chunk: string, start: number, base: number): number {
    let i = start;
    const length = chunk.length;
    while (i < length) {
      if (this.escape === 0) {
        // The common case: a run of plain characters, taken as one slice.
        let j = i;
        let c = 0;
        while (j < length) {
          c = chunk.charCodeAt(j);
          if (c === 0x22 || c === 0x5c || c < 0x20) break;
          j++;
        }
        if (j > i) this.text += chunk.slice(i, j);
        if (j === length) return j;
        this.offset = base + j;
        if (c === 0x22) {
          const value = this.text;
          this.text = '';
          if (this.isKey) {
            this.stack[this.stack.length - 1]!.key = value;
            this.state = State.Colon;
          } else this.complete(value);
          return j + 1;
        }
        if (c === 0x5c) {
          this.escape = 1;
          i = j + 1;
          continue;
        }
        throw this.error(`a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')}) inside a string; it must be escaped`, this.position);
      }
      const ch = chunk[i]!;
      this.offset = base + i;
      if (this.escape === 1) {
        const simple = ESCAPES[ch];
        if (simple !== undefined) {
          this.text += simple;
          this.escape = 0;
        } else if (ch === 'u') {
          this.escape = 2;
          this.hex = 0;
        } else throw this.error(`an invalid escape "\\${printable(ch)}" inside a string`, this.position);
      } else {
        const digit = parseInt(ch, 16);
        if (Number.isNaN(digit)) throw this.error(`an invalid \\u escape: "${printable(ch)}" is not a hex digit`, this.position);
        this.hex = this.hex * 16 + digit;
        if (++this.escape === 6) {
          this.text += String.fromCharCode(this.hex);
          this.escape = 0;
        }
      }
      i++;
    }
    return i;
  }

  private readNumber(chunk: string, start: number, base: number): number {
    let i = start;
    const length = chunk.length;
    while (i < length) {
      const c = chunk.charCodeAt(i);
      if ((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d) i++;
      else break;
    }
    this.text += chunk.slice(start, i);
    if (i < length) {
      this.offset = base + i;
      this.finishNumber();
    }
    return i;
  }

  private finishNumber(): void {
    const text = this.text;
    this.text = '';
    if (!NUMBER.test(text)) throw this.error(`an invalid number "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`, this.tokenStart);
    this.complete(Number(text));
  }

  private readLiteral(chunk: string, start: number, base: number): number {
    let i = start;
    const length = chunk.length;
    while (i < length) {
      const c = chunk.charCodeAt(i);
      if (c < 0x61 || c > 0x7a) break;
      this.literal += chunk[i];
      i++;
      if (this.literal.length > 5) break;
    }
    if (i < length || this.literal.length > 5) {
      this.offset = base + i;
      this.finishLiteral();
    }
    return i;
  }

  private finishLiteral(): void {
    const word = this.literal;
    if (!Object.hasOwn(LITERALS, word)) throw this.error(`an unknown word "${word}" (expected a value: true, false, null, a number, a string, an object or an array)`, this.tokenStart);
    this.literal = '';
    this.complete(LITERALS[word]);
  }

  /**
   * An object or array element of a streamed array: its extent is found by a scan that only
   * tracks strings, escapes and nesting, and its text is materialized by the engine's JSON.parse
   * (several times faster than building it here). Text JSON.parse refuses is parsed again by
   * this parser, for the error with its place.
   */
  private readElement(chunk: string, start: number, base: number): number {
    let i = start;
    const length = chunk.length;
    let depth = this.elementDepth;
    let inString = this.elementInString;
    let escape = this.elementEscape;
    while (i < length) {
      if (inString) {
        if (escape) {
          escape = false;
          i++;
          continue;
        }
        // A string's characters are skipped by search, not one by one (most of a HAR is strings).
        const quote = chunk.indexOf('"', i);
        if (this.nextBackslash !== -1 && this.nextBackslash < i) this.nextBackslash = chunk.indexOf('\\', i);
        const end = quote === -1 ? length : quote;
        if (this.nextBackslash !== -1 && this.nextBackslash < end) {
          escape = true;
          i = this.nextBackslash + 1;
          continue;
        }
        if (quote === -1) {
          i = length;
          break;
        }
        inString = false;
        i = quote + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) {
          i++;
          this.elementParts.push(chunk.slice(start, i));
          this.offset = base + i;
          const text = this.elementParts.join('');
          this.elementParts = [];
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            throw this.elementError(text, false);
          }
          this.complete(value);
          return i;
        }
      } else if (c === 0x0a) {
        this.line++;
        this.lineStart = base + i + 1;
      }
      i++;
    }
    this.elementParts.push(chunk.slice(start, i));
    this.elementDepth = depth;
    this.elementInString = inString;
    this.elementEscape = escape;
    return i;
  }

  /** The error in an element's text, placed in the whole document. */
  private elementError(text: string, truncated: boolean): JsonStreamError {
    const inner = new JsonStreamParser();
    let found: JsonStreamError | null = null;
    try {
      inner.write(text);
      // JSON.parse refused it, so this parser will too; at the latest, the text ends too early.
      inner.end();
    } catch (error) {
      if (!(error instanceof JsonStreamError)) throw error;
      found = error;
    }
    const start = this.tokenStart;
    const rel = found?.position ?? inner.position;
    const at = {
      offset: start.offset + rel.offset,
      line: start.line + rel.line - 1,
      column: rel.line === 1 ? start.column + rel.column - 1 : rel.column,
    };
    const path = [...this.path, ...(found?.path ?? [])];
    return this.error(found?.reason ?? 'invalid JSON', at, truncated || (found?.truncated ?? false), path);
  }

  private open(array: boolean): void {
    const value: Record<string, unknown> | unknown[] = array ? [] : {};
    let streamed: string | null = null;
    if (array && this.stack.length > 0 && this.stack.length <= this.streamDepth) {
      const path = this.stack.map((f) => String(f.key));
      const match = this.streamPaths.find((p) => p.length === path.length && p.every((key, k) => key === path[k]));
      if (match) streamed = match.join('.');
    }
    this.stack.push({ array, value, key: array ? 0 : '', streamed });
    this.state = array ? State.ArrayFirst : State.ObjectFirst;
  }

  private closeContainer(array: boolean): void {
    const frame = this.stack.pop()!;
    if (frame.array !== array) throw this.unexpected(array ? ']' : '}', 'the end of the enclosing container');
    if (frame.streamed !== null) this.onArrayEnd?.(frame.streamed, frame.key as number);
    this.complete(frame.value);
  }

  private complete(value: unknown): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) {
      this.root = value;
      this.state = State.Done;
      return;
    }
    if (frame.array) {
      const index = frame.key as number;
      if (frame.streamed !== null) this.onElement?.(frame.streamed, index, value);
      else (frame.value as unknown[]).push(value);
      frame.key = index + 1;
      this.state = State.ArrayNext;
    } else {
      const key = frame.key as string;
      // Like JSON.parse, "__proto__" is an own property, never the prototype.
      if (key === '__proto__') Object.defineProperty(frame.value, key, { value, enumerable: true, writable: true, configurable: true });
      else (frame.value as Record<string, unknown>)[key] = value;
      this.state = State.ObjectNext;
    }
  }

  private unexpected(ch: string, expected: string): JsonStreamError {
    return this.error(`unexpected "${printable(ch)}" (expected ${expected})`, this.position);
  }

  private error(what: string, at: JsonPosition, truncated = false, exactPath?: JsonPath): JsonStreamError {
    if (exactPath) return this.located(what, at, truncated, exactPath);
    const path = this.path;
    // An array's key is the next index: while between elements it names none yet.
    const frame = this.stack[this.stack.length - 1];
    const between = frame && (frame.array ? this.state === State.ArrayFirst || this.state === State.ArrayNext : this.state === State.ObjectFirst || this.state === State.ObjectKey);
    // While a key is read, the object's key is still the previous one.
    if (between || (this.state === State.String && this.isKey)) path.pop();
    return this.located(what, at, truncated, path);
  }

  private located(what: string, at: JsonPosition, truncated: boolean, path: JsonPath): JsonStreamError {
    const where = `line ${at.line}, column ${at.column} (character ${at.offset + 1})`;
    const within = path.length ? `, in ${formatJsonPath(path)}` : '';
    return new JsonStreamError(`${what} at ${where}${within}`, at, path, truncated, what);
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function printable(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : ch;
}
