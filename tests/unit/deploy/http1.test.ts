/**
 * HTTP/1.1 framing: request heads, and answers read from every way the bytes can arrive
 * (whole, a byte at a time, cut at each position), as the engine's Go server frames them.
 */
import { describe, expect, it } from 'vitest';
import { chunk, HttpFramingError, LAST_CHUNK, requestHead, responseReader, type ResponseHead } from '../../../src/deploy/http1.js';

interface Read {
  head?: ResponseHead;
  body: string;
  rest?: string;
  /** Ended by the connection's close. */
  closed?: boolean;
}

/** Feeds the parts in order, then the connection's end when `closed`. */
function read(parts: readonly string[], { closed = false } = {}): Read {
  const out: Read = { body: '' };
  const reader = responseReader({
    head: (head) => {
      expect(out.head).toBeUndefined();
      out.head = head;
    },
    data: (chunk) => {
      out.body += chunk.toString('latin1');
    },
    end: (rest, closed) => {
      expect(out.rest).toBeUndefined();
      out.rest = rest.toString('latin1');
      out.closed = closed;
    },
  });
  for (const part of parts) reader.push(Buffer.from(part, 'latin1'));
  if (closed) reader.close();
  return out;
}

/** The message whole, a byte at a time, and cut in two at every position: all read the same. */
function everySplit(message: string, options: { closed?: boolean } = {}): Read {
  const whole = read([message], options);
  expect(read([...message], options)).toEqual(whole);
  for (let at = 1; at < message.length; at++) expect(read([message.slice(0, at), message.slice(at)], options)).toEqual(whole);
  return whole;
}

describe('request head', () => {
  it('writes the request line and the headers in order, ending with an empty line', () => {
    expect(requestHead('POST', '/services/create?x=1', { Host: 'api.moby.localhost', 'Content-Length': '2' })).toBe(
      'POST /services/create?x=1 HTTP/1.1\r\nHost: api.moby.localhost\r\nContent-Length: 2\r\n\r\n',
    );
  });

  it('frames an upload as chunks: size in hex, the bytes, CRLF; a zero-size chunk ends it', () => {
    expect(Buffer.concat([chunk(Buffer.from('hello')), chunk(Buffer.alloc(26, 'a')), Buffer.from(LAST_CHUNK)]).toString('latin1')).toBe(
      `5\r\nhello\r\n1a\r\n${'a'.repeat(26)}\r\n0\r\n\r\n`,
    );
  });

  it('refuses line breaks and NULs in the target and the headers, and spaces in the target', () => {
    expect(() => requestHead('GET', '/x\r\nEvil: 1', {})).toThrow(TypeError);
    expect(() => requestHead('GET', '/a b', {})).toThrow(TypeError);
    expect(() => requestHead('GET', '/x', { 'X-Registry-Auth': 'abc\r\nEvil: 1' })).toThrow(/X-Registry-Auth/);
    expect(() => requestHead('GET', '/x', { 'X\nY': 'v' })).toThrow(TypeError);
    expect(() => requestHead('GET', '/x', { A: 'v\0' })).toThrow(TypeError);
    // Not one byte: written as latin1, U+010D U+010A would become CR LF.
    expect(() => requestHead('GET', '/x', { A: 'v\u010d\u010aEvil: 1' })).toThrow(TypeError);
    expect(() => requestHead('GET', '/x\u010d\u010a', {})).toThrow(TypeError);
    expect(requestHead('GET', '/x', { A: 'caf\u00e9' })).toBe('GET /x HTTP/1.1\r\nA: caf\u00e9\r\n\r\n');
  });
});

describe('answers', () => {
  it('reads a body of a given length; headers by lower-case name, repeated ones joined', () => {
    const read = everySplit('HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 13\r\nWarning: a\r\nwarning: b\r\n\r\n{"ID":"abc1"}');
    expect(read).toEqual({ head: { status: 201, headers: { 'content-type': 'application/json', 'content-length': '13', warning: 'a, b' } }, body: '{"ID":"abc1"}', rest: '', closed: false });
  });

  it('takes header names that an object inherits as names like any other', () => {
    expect(read(['HTTP/1.1 204 No Content\r\nConstructor: x\r\ntoString: y\r\n\r\n']).head?.headers).toEqual({ constructor: 'x', tostring: 'y' });
  });

  it('reads chunks, with extensions and trailers, to the last chunk', () => {
    const message = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[{"a"\r\n3;name=value\r\n:1}\r\nA \r\n,{"b":22}]\r\n0\r\nX-Trailer: t\r\n\r\n';
    expect(everySplit(message)).toEqual({ head: { status: 200, headers: { 'transfer-encoding': 'chunked' } }, body: '[{"a":1},{"b":22}]', rest: '', closed: false });
  });

  it('reads a body without length or chunks until the connection closes', () => {
    const read = everySplit('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it', { closed: true });
    expect(read).toMatchObject({ body: 'all of it', rest: '', closed: true });
    // Without the close it is not over yet.
    const open = everySplit('HTTP/1.0 200 OK\r\n\r\nsome');
    expect(open.body).toBe('some');
    expect(open.rest).toBeUndefined();
  });

  it('takes no body for 204 and 304, nor for a length of 0', () => {
    expect(everySplit('HTTP/1.1 204 No Content\r\n\r\n')).toEqual({ head: { status: 204, headers: {} }, body: '', rest: '', closed: false });
    expect(read(['HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\n\r\n'])).toMatchObject({ body: '', rest: '' });
    expect(read(['HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'])).toMatchObject({ body: '', rest: '' });
  });

  it('skips interim answers and hands over what follows a 101', () => {
    expect(everySplit('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')).toMatchObject({ head: { status: 200 }, body: 'ok', rest: '' });
    const switched = read(['HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0002hi']);
    expect(switched).toEqual({ head: { status: 101, headers: { connection: 'Upgrade', upgrade: 'tcp' } }, body: '', rest: '\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0002hi', closed: false });
  });

  it('gives back what comes after a complete answer', () => {
    expect(read(['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1'])).toMatchObject({ body: 'ok', rest: 'HTTP/1.1' });
  });

  it('says when the connection closed before or in the middle of an answer', () => {
    expect(() => read([], { closed: true })).toThrow('the engine closed the connection without answering');
    const cut = [
      'HTTP/1.1 200',
      'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n',
    ];
    for (const message of cut) expect(() => read([message], { closed: true }), message).toThrow('the engine closed the connection in the middle of an answer');
  });

  it('refuses what is not HTTP/1.1 framing', () => {
    const bad: [string, RegExp][] = [
      ['SSH-2.0-OpenSSH_9.2\r\n\r\n', /other than HTTP\/1.1: "SSH-2.0/],
      ['HTTP/2 200\r\n\r\n', /other than HTTP\/1.1/],
      ['HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', /malformed header line/],
      ['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /invalid Content-Length/],
      ['HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n', /invalid Content-Length/],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /malformed chunk size/],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n', /longer than it announced/],
    ];
    for (const [message, error] of bad) {
      expect(() => read([message]), message).toThrow(HttpFramingError);
      expect(() => read([message]), message).toThrow(error);
    }
    // A head whose body cannot be framed is not handed on as an answer.
    let heads = 0;
    const reader = responseReader({ head: () => (heads += 1), data: () => undefined, end: () => undefined });
    expect(() => reader.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok'))).toThrow(/invalid Content-Length/);
    expect(heads).toBe(0);
    expect(() => read([`HTTP/1.1 200 OK\r\nX: ${'y'.repeat(70_000)}`])).toThrow(/head too long/);
    expect(() => read([`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'1'.repeat(2000)}`])).toThrow(/line too long/);
  });
});
