/**
 * Where each part of a merged document came from. Merging -f files, `extends` and `include`
 * move nodes between files and paths; this trie records, for the subtrees that moved, the file
 * and the path inside that file. Everything below a recorded node inherits it, so a single file
 * needs one entry and the cost grows only with what was actually moved.
 */
import type { JsonPath, PathSegment } from './diagnostics.js';

export interface Origin {
  readonly file: string;
  readonly path: JsonPath;
}

interface TrieNode {
  origin?: Origin;
  children: Map<PathSegment, TrieNode>;
}

export interface Origins {
  readonly root: TrieNode;
}

export function originsOf(file: string, path: JsonPath = []): Origins {
  return { root: { origin: { file, path }, children: new Map() } };
}

/** The file and in-file path of the node at `path`, by the deepest recorded ancestor. */
export function locate(origins: Origins, path: JsonPath): Origin | undefined {
  let node: TrieNode | undefined = origins.root;
  let found = node.origin;
  let depth = 0;
  for (let i = 0; i < path.length && node; i++) {
    node = node.children.get(path[i]!);
    if (node?.origin) {
      found = node.origin;
      depth = i + 1;
    }
  }
  return found && { file: found.file, path: [...found.path, ...path.slice(depth)] };
}

/**
 * Makes `dst` at `dstPath` come from where `src` at `srcPath` came from, replacing whatever
 * `dst` recorded under that path (the subtree was replaced), and keeping `src`'s finer records.
 */
export function graft(dst: Origins, dstPath: JsonPath, src: Origins, srcPath: JsonPath): void {
  const origin = locate(src, srcPath);
  const target = nodeAt(dst.root, dstPath, true)!;
  if (origin) target.origin = origin;
  const source = nodeAt(src.root, srcPath, false);
  target.children = source ? cloneChildren(source.children) : new Map();
}

function nodeAt(root: TrieNode, path: JsonPath, create: boolean): TrieNode | undefined {
  let node = root;
  for (const seg of path) {
    let next = node.children.get(seg);
    if (!next) {
      if (!create) return undefined;
      next = { children: new Map() };
      node.children.set(seg, next);
    }
    node = next;
  }
  return node;
}

function cloneChildren(children: Map<PathSegment, TrieNode>): Map<PathSegment, TrieNode> {
  const out = new Map<PathSegment, TrieNode>();
  for (const [seg, child] of children) {
    out.set(seg, { ...(child.origin ? { origin: child.origin } : {}), children: cloneChildren(child.children) });
  }
  return out;
}
