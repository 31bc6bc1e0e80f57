import { describe, expect, it } from 'vitest';
import { splitCommandLine } from '../../../src/normalize/command-line.js';
import { codes, service } from './helpers.js';

describe('splitCommandLine', () => {
  it.each([
    ['echo hello world', ['echo', 'hello', 'world']],
    ['  spaced   out  ', ['spaced', 'out']],
    ['sh -c "echo $HOME && ls"', ['sh', '-c', 'echo $HOME && ls']],
    ["sh -c 'echo \"hi\"'", ['sh', '-c', 'echo "hi"']],
    ['a\\ b c', ['a b', 'c']],
    ['say "a \\"quoted\\" word"', ['say', 'a "quoted" word']],
    ["'single \\ keeps'", ['single \\ keeps']],
    ['empty "" arg', ['empty', '', 'arg']],
    ["con'cat'\"ed\"", ['concated']],
    ['tab\tand\nnewline', ['tab', 'and', 'newline']],
    ['', []],
    ['trailing\\', ['trailing\\']],
    ['a|b;c', ['a|b;c']],
  ])('%j', (text, words) => {
    expect(splitCommandLine(text)).toEqual(words);
  });

  it.each(['"open', "it's", 'a "b'])('rejects unbalanced %j', (text) => {
    expect(typeof splitCommandLine(text)).toBe('string');
  });
});

describe('command and entrypoint', () => {
  it('splits the string form and keeps the list form', () => {
    const { svc } = service('image: x\ncommand: python app.py --port "80 80"\nentrypoint: ["/bin/sh", "-c", 1]');
    expect(svc.command).toEqual(['python', 'app.py', '--port', '80 80']);
    expect(svc.entrypoint).toEqual(['/bin/sh', '-c', '1']);
  });

  it('is null when absent and [] when empty', () => {
    expect(service('image: x').svc.command).toBeNull();
    expect(service('image: x\nentrypoint: ""').svc.entrypoint).toEqual([]);
    expect(service('image: x\ncommand: []').svc.command).toEqual([]);
  });

  it('reports unbalanced quotes as E0506', () => {
    const { diagnostics } = service('image: x\ncommand: echo "oops');
    expect(codes(diagnostics)).toEqual([{ code: 'E0506', path: ['services', 'web', 'command'] }]);
  });
});
