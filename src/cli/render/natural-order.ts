/**
 * The order the docker CLI lists stacks, services and tasks in (Go's sortorder.NaturalLess):
 * runs of digits compare as numbers, so `s_web.2` comes before `s_web.10`. Where two names
 * differ in a digit against another character, the digit sorts first; equal numbers with more
 * leading zeros sort after; anything else compares character by character (UTF-16 code units
 * where Go compares UTF-8 bytes: the orders differ only past U+E000, which no stack, service or
 * node name here holds).
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const digitA = isDigit(a, i);
    const digitB = isDigit(b, j);
    if (digitA !== digitB) return digitA ? -1 : 1;
    if (!digitA) {
      if (a[i] !== b[j]) return a[i]! < b[j]! ? -1 : 1;
      i++;
      j++;
      continue;
    }
    const numberA = digitRun(a, i);
    const numberB = digitRun(b, j);
    const order =
      numberA.significant.length - numberB.significant.length ||
      (numberA.significant < numberB.significant ? -1 : numberA.significant > numberB.significant ? 1 : 0) ||
      numberA.zeros - numberB.zeros;
    if (order !== 0) return Math.sign(order);
    i = numberA.end;
    j = numberB.end;
  }
  return Math.sign(a.length - i - (b.length - j));
}

const isDigit = (s: string, at: number) => s.charCodeAt(at) >= 48 && s.charCodeAt(at) <= 57;

/** The digits from `start`: how many leading zeros, the rest, and where the run ends. */
function digitRun(s: string, start: number) {
  let first = start;
  while (s[first] === '0') first++;
  let end = first;
  while (isDigit(s, end)) end++;
  return { zeros: first - start, significant: s.slice(first, end), end };
}
