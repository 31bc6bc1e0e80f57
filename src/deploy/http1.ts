/**
 * HTTP/1.1 framing for the engine client (engine-http.ts): a request's head, an upload's chunks,
 * and an incremental reader of the answers (RFC 9112: a length, chunks, or until the connection
 * closes; no body for 1xx, 204 and 304; a 101 hands the rest of the connection over). stackc
 * sends no HEAD requests.
 *
 * Why not node:http: its client is built for the general case (agents, sockets per request,
 * header validation through regular expressions, async hooks), and a CLI runs all of that cold.
 * Replaying a first deploy's 50 service creates from a fresh Node process, 16 at a time, six
 * runs each: node:http spent 18-30 ms of CPU on them and finished in 36-54 ms; this framing over
 * node:net 8-13 ms and 32-43 ms; the first request after start came back ~4 ms sooner. The Engine
 * API is one well-behaved server (Go's net/http), and this is all of HTTP it needs.
 */

export interface ResponseHead {
  readonly status: number;
  /** Lower-case names; repeated fields joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
}

export interface ResponseHandlers {
  head(head: ResponseHead): void;
  data(chunk: Buffer): void;
  /**
   * The message is complete; `rest` is what the connection carried after it (after a 101: the
   * switched protocol's first bytes). `closed`: the body ran until the connection closed.
   */
  end(rest: Buffer, closed: boolean): void;
}

export interface ResponseReader {
  push(chunk: Buffer): void;
  /** The connection ended: completes a body that runs until the close, or throws for a message cut short. */
  close(): void;
}

/** The engine's answer does not parse as HTTP/1.1. */
export class HttpFramingError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
/** Far above any Engine API head; a peer that sends more is not the engine. */
const MAX_HEAD = 64 * 1024;
/** Line breaks and NUL, and what is not one byte: latin1 would turn U+010D U+010A into CR LF. */
const FORBIDDEN = /[\r\n\0]|[^\x00-\xff]/;

export function requestHead(method: string, target: string, headers: Readonly<Record<string, string>>): string {
  // Values come from the caller's data (names, credentials); a line break would smuggle a header in.
  if (FORBIDDEN.test(target) || target.includes(' ')) throw new TypeError(`invalid request target ${JSON.stringify(target)}`);
  let head = `${method} ${target} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (FORBIDDEN.test(name) || FORBIDDEN.test(value)) throw new TypeError(`invalid value for request header ${JSON.stringify(name)}`);
    head += `${name}: ${value}\r\n`;
  }
  return `${head}\r\n`;
}

/** One chunk of a body sent in chunked transfer coding (RFC 9112 7.1); `data` is not empty. */
export function chunk(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, CRLF]);
}

/** The chunk that ends a chunked body, with no trailers. */
export const LAST_CHUNK = '0\r\n\r\n';

type Body =
  | { readonly kind: 'head' }
  | { readonly kind: 'length'; left: number }
  | { readonly kind: 'chunk-size' }
  | { readonly kind: 'chunk-data'; left: number }
  | { readonly kind: 'chunk-end' }
  | { readonly kind: 'trailers' }
  | { readonly kind: 'until-close' }
  | { readonly kind: 'done' };

/** Reads one answer. */
export function responseReader(handlers: ResponseHandlers): ResponseReader {
  let state: Body = { kind: 'head' };
  let pending: Buffer = Buffer.alloc(0);

  const finish = (closed = false) => {
    state = { kind: 'done' };
    const rest = pending;
    pending = Buffer.alloc(0);
    handlers.end(rest, closed);
  };

  /** Hands on up to `left` bytes of body; returns how many are still to come. */
  const pass = (left: number): number => {
    const take = Math.min(left, pending.length);
    if (take) {
      handlers.data(pending.subarray(0, take));
      pending = pending.subarray(take);
    }
    return left - take;
  };

  /** The next CRLF-terminated line, or undefined until it has arrived. */
  const line = (limit: number): string | undefined => {
    const at = pending.indexOf(CRLF);
    if (at < 0) {
      if (pending.length > limit) throw new HttpFramingError('the engine sent a line too long to be HTTP');
      return undefined;
    }
    const text = pending.subarray(0, at).toString('latin1');
    pending = pending.subarray(at + 2);
    return text;
  };

  const readHead = (): boolean => {
    const at = pending.indexOf(HEAD_END);
    if (at < 0) {
      if (pending.length > MAX_HEAD) throw new HttpFramingError('the engine sent a head too long to be HTTP');
      return false;
    }
    const [statusLine = '', ...fields] = pending.subarray(0, at).toString('latin1').split('\r\n');
    pending = pending.subarray(at + 4);
    const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
    if (!status) throw new HttpFramingError(`the engine answered something other than HTTP/1.1: ${JSON.stringify(statusLine.slice(0, 40))}`);
    const code = Number(status[1]);
    const headers: Record<string, string> = {};
    for (const field of fields) {
      const colon = field.indexOf(':');
      if (colon <= 0) throw new HttpFramingError(`the engine sent a malformed header line: ${JSON.stringify(field.slice(0, 40))}`);
      const name = field.slice(0, colon).trim().toLowerCase();
      const value = field.slice(colon + 1).trim();
      headers[name] = Object.hasOwn(headers, name) ? `${headers[name]}, ${value}` : value;
    }
    // An interim answer (100 Continue and the like): the real one follows.
    if (code >= 100 && code < 200 && code !== 101) return true;
    // Framing first: a head whose body cannot be read is an error, not an answer.
    state = bodyOf(code, headers);
    handlers.head({ status: code, headers });
    if (state.kind === 'done') finish();
    return true;
  };

  const step = (): boolean => {
    switch (state.kind) {
      case 'head':
        return readHead();
      case 'length':
        state.left = pass(state.left);
        if (state.left) return false;
        finish();
        return true;
      case 'chunk-size': {
        const text = line(1024);
        if (text === undefined) return false;
        const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(text);
        if (!size) throw new HttpFramingError(`the engine sent a malformed chunk size: ${JSON.stringify(text.slice(0, 40))}`);
        const left = parseInt(size[1]!, 16);
        state = left ? { kind: 'chunk-data', left } : { kind: 'trailers' };
        return true;
      }
      case 'chunk-data':
        state.left = pass(state.left);
        if (state.left) return false;
        state = { kind: 'chunk-end' };
        return true;
      case 'chunk-end':
        if (pending.length < 2) return false;
        if (pending[0] !== 13 || pending[1] !== 10) throw new HttpFramingError('the engine sent a chunk longer than it announced');
        pending = pending.subarray(2);
        state = { kind: 'chunk-size' };
        return true;
      case 'trailers': {
        const text = line(MAX_HEAD);
        if (text === undefined) return false;
        if (text === '') finish();
        return true;
      }
      case 'until-close':
        pass(pending.length);
        return false;
      case 'done':
        return false;
    }
  };

  return {
    push(chunk) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (state.kind !== 'done' && step());
    },
    close() {
      if (state.kind === 'until-close') finish(true);
      else if (state.kind !== 'done') {
        throw new HttpFramingError(state.kind === 'head' && !pending.length ? 'the engine closed the connection without answering' : 'the engine closed the connection in the middle of an answer');
      }
    },
  };
}

function bodyOf(status: number, headers: Readonly<Record<string, string>>): Body {
  if (status === 101 || status === 204 || status === 304) return { kind: 'done' };
  if (/(?:^|,)\s*chunked\s*$/i.test(headers['transfer-encoding'] ?? '')) return { kind: 'chunk-size' };
  const length = headers['content-length'];
  if (length !== undefined) {
    if (!/^\d{1,15}$/.test(length)) throw new HttpFramingError(`the engine sent an invalid Content-Length: ${JSON.stringify(length.slice(0, 40))}`);
    const left = Number(length);
    return left ? { kind: 'length', left } : { kind: 'done' };
  }
  return { kind: 'until-close' };
}
