import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../../src/parse/env-file.js';

describe('parseEnvFile', () => {
  it('reads the dotenv dialect', () => {
    const text = [
      '# comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      'SPACED = around ',
      'INLINE=abc # comment',
      'HASH=abc#not-a-comment',
      "SINGLE='literal $PLAIN \\n'",
      'DOUBLE="line1\\nline2 $PLAIN"',
      'MULTI="first',
      'second"',
      'REF=${PLAIN}-x',
      'EMPTY=',
      'EQUALS=a=b=c',
    ].join('\n');
    expect(parseEnvFile(text).vars).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SPACED: 'around',
      INLINE: 'abc',
      HASH: 'abc#not-a-comment',
      SINGLE: 'literal $PLAIN \\n',
      DOUBLE: 'line1\nline2 value',
      MULTI: 'first\nsecond',
      REF: 'value-x',
      EMPTY: '',
      EQUALS: 'a=b=c',
    });
  });

  it('takes a bare name from the lookup environment', () => {
    expect(parseEnvFile('HOME\nNOPE', { HOME: '/root' }).vars).toEqual({ HOME: '/root' });
  });

  it('reports bad lines with their line numbers', () => {
    const result = parseEnvFile('OK=1\n1BAD=2\nQ="open');
    expect(result.vars).toEqual({ OK: '1' });
    expect(result.errors.map((e) => e.line)).toEqual([2, 3]);
  });

  it('handles CRLF and a byte-order mark', () => {
    expect(parseEnvFile('\uFEFFA=1\r\nB=2\r\n').vars).toEqual({ A: '1', B: '2' });
  });
});
