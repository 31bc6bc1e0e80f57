/** The docker CLI's natural order for names in `stackc ls`, `services` and `ps`. */
import { describe, expect, it } from 'vitest';
import { naturalCompare } from '../../../src/cli/render/natural-order.js';

const sorted = (names: string[]) => [...names].sort(naturalCompare);

describe('natural order', () => {
  it('compares runs of digits as numbers', () => {
    expect(sorted(['s_web.10', 's_web.2', 's_web.1', 's_api.3'])).toEqual(['s_api.3', 's_web.1', 's_web.2', 's_web.10']);
    expect(sorted(['v10b', 'v9z', 'v10a'])).toEqual(['v9z', 'v10a', 'v10b']);
  });

  it('puts a digit before any other character, and a shorter name that is a prefix first', () => {
    expect(sorted(['a_', 'a1', 'a'])).toEqual(['a', 'a1', 'a_']);
    expect(sorted(['web-x', 'web'])).toEqual(['web', 'web-x']);
  });

  it('orders equal numbers by their leading zeros, fewer first', () => {
    expect(sorted(['x007', 'x7', 'x07', 'x8'])).toEqual(['x7', 'x07', 'x007', 'x8']);
    expect(naturalCompare('x0', 'x00')).toBe(-1);
  });

  it('finds equal names equal', () => {
    expect(naturalCompare('s_web.10', 's_web.10')).toBe(0);
    expect(naturalCompare('', '')).toBe(0);
  });
});
