import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/parse/suggest.js';

const TOP_LEVEL = ['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs'];
const SERVICE = ['image', 'environment', 'env_file', 'depends_on', 'deploy', 'ports', 'pid', 'ipc', 'uts'];

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('counts a swap of adjacent characters as one edit', () => {
    expect(editDistance('imgae', 'image')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
  });

  it('stops above the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('suggest', () => {
  it('suggests services for servers', () => {
    expect(suggest('servers', TOP_LEVEL)).toBe('services');
  });

  it('suggests environment for enviroment', () => {
    expect(suggest('enviroment', SERVICE)).toBe('environment');
  });

  it('matches ignoring case, dashes and underscores', () => {
    expect(suggest('depends-on', SERVICE)).toBe('depends_on');
    expect(suggest('Image', SERVICE)).toBe('image');
    expect(suggest('envfile', SERVICE)).toBe('env_file');
  });

  it('finds swapped letters and small slips', () => {
    expect(suggest('imgae', SERVICE)).toBe('image');
    expect(suggest('netwroks', TOP_LEVEL)).toBe('networks');
    expect(suggest('volume', TOP_LEVEL)).toBe('volumes');
  });

  it('prefers the closest candidate', () => {
    expect(suggest('secret', TOP_LEVEL)).toBe('secrets');
    expect(suggest('config', TOP_LEVEL)).toBe('configs');
  });

  it('gives nothing when no candidate is close', () => {
    expect(suggest('healthcheck', TOP_LEVEL)).toBeUndefined();
    expect(suggest('foo', SERVICE)).toBeUndefined();
    expect(suggest('anything', [])).toBeUndefined();
  });

  it('is stricter for short words', () => {
    // `pdi` is one swap from `pid`; `abc` is three edits from every three-letter key.
    expect(suggest('pdi', SERVICE)).toBe('pid');
    expect(suggest('abc', SERVICE)).toBeUndefined();
    expect(suggest('ux', SERVICE)).toBeUndefined();
  });

  it('does not suggest the word itself', () => {
    expect(suggest('image', ['image'])).toBeUndefined();
  });
});
