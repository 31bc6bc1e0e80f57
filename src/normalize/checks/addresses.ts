/**
 * E0608: a static `ipv4_address` / `ipv6_address` must lie inside one of its network's ipam
 * subnets of the same family; without such a subnet the engine refuses any static address.
 * External networks are skipped: their subnets are only known to the engine.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { diagnostic, type Diagnostic, type JsonPath } from '../../parse/diagnostics.js';
import { own } from '../coerce.js';
import type { Check } from './context.js';

function ipv4Bits(address: string): bigint {
  return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Bits(address: string): bigint {
  let text = address.split('%')[0] ?? '';
  // An embedded IPv4 tail (::ffff:10.0.0.1) is two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1] !== undefined) {
    const v4 = ipv4Bits(tail[1]);
    text = `${text.slice(0, -tail[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

type Family = 4 | 6;

/** Whether `address` lies in `cidr` of the same family; undefined when the CIDR is malformed. */
export function inSubnet(address: string, cidr: string, family: Family): boolean | undefined {
  const [base = '', lengthText] = cidr.split('/');
  const width = family === 4 ? 32 : 128;
  const length = lengthText === undefined ? width : Number(lengthText);
  const valid = family === 4 ? isIPv4(base) : isIPv6(base);
  if (!valid || !Number.isInteger(length) || length < 0 || length > width) return undefined;
  const bits = family === 4 ? ipv4Bits : ipv6Bits;
  const shift = BigInt(width - length);
  return bits(address) >> shift === bits(base) >> shift;
}

export const checkStaticAddresses: Check = ({ project }) => {
  const out: Diagnostic[] = [];
  for (const [name, svc] of Object.entries(project.services)) {
    for (const [netKey, attachment] of Object.entries(svc.networks)) {
      const network = own(project.networks, netKey);
      if (attachment === null || network === undefined || network.external) continue;
      for (const family of [4, 6] as const) {
        const address = family === 4 ? attachment.ipv4_address : attachment.ipv6_address;
        if (address === undefined || address === '') continue;
        const path: JsonPath = ['services', name, 'networks', netKey, family === 4 ? 'ipv4_address' : 'ipv6_address'];
        if (!(family === 4 ? isIPv4(address) : isIPv6(address))) {
          out.push(diagnostic('E0506', `\`${address}\` is not an IPv${family} address`, { path }));
          continue;
        }
        const subnets = network.ipam.config
          .map((c) => c.subnet)
          .filter((s): s is string => s !== undefined && (family === 4 ? !s.includes(':') : s.includes(':')));
        if (subnets.length === 0) {
          out.push(
            diagnostic('E0608', `network \`${netKey}\` has no IPv${family} subnet, so \`${address}\` cannot be assigned`, {
              path,
              hint: `add networks.${netKey}.ipam.config[].subnet covering ${address}`,
            }),
          );
        } else if (!subnets.some((s) => inSubnet(address, s, family) === true)) {
          out.push(
            diagnostic('E0608', `\`${address}\` is outside every subnet of network \`${netKey}\` (${subnets.join(', ')})`, { path }),
          );
        }
      }
    }
  }
  return out;
};
