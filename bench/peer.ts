import { spawn } from 'node:child_process';
import path from 'node:path';
import { cpuMs } from './proc';
import { stopGroup } from './server';

// PostGraphile 5 on the same database, in a process of its own (bench/peer-server.mjs), with the
// same nested read as ours: product -> features -> mappings -> capability -> domains. Both sides
// unfiltered: ours as REVIEWER (who sees every mapping, approved or not, public or not), the peer
// over the tables as they are.

export const PEER_PORT = 4620;

/** Ours, through the gateway. */
export const OURS_NESTED = `query Nested($id: ID!) { product(id: $id) { id name
  features { id name mappings { id status capability { id slug domains { id slug } } } } } }`;

/**
 * The peer's schema, as its default preset really names things: `productByRowId(rowId:)`, the
 * columns' own ids as `rowId` (its `id` is a global Node ID), relations as `<table>By<Column>`.
 */
export const PEER_NESTED = `query Nested($id: UUID!) { productByRowId(rowId: $id) { rowId name
  featuresByProductId { nodes { rowId name mappingsByFeatureId { nodes { rowId status
    capabilityByCapabilityId { rowId slug capabilityDomainsByCapabilityId { nodes { frameworkDomainByDomainId { rowId slug } } } } } } } } } }`;

interface Product {
  features: { mappings: { capability: { domains: unknown[] } }[] }[];
}

/** Rows of our answer: features, mappings, capability-domain links. */
export function oursRows(data: { product: Product | null }) {
  const features = data.product?.features ?? [];
  const mappings = features.flatMap((f) => f.mappings);
  return {
    found: data.product !== null,
    features: features.length,
    mappings: mappings.length,
    domains: mappings.reduce((n, m) => n + m.capability.domains.length, 0),
  };
}

interface PeerProduct {
  featuresByProductId: {
    nodes: { mappingsByFeatureId: { nodes: { capabilityByCapabilityId: { capabilityDomainsByCapabilityId: { nodes: unknown[] } } }[] } }[];
  };
}

export function peerRows(data: { productByRowId: PeerProduct | null }) {
  const features = data.productByRowId?.featuresByProductId.nodes ?? [];
  const mappings = features.flatMap((f) => f.mappingsByFeatureId.nodes);
  return {
    found: data.productByRowId !== null,
    features: features.length,
    mappings: mappings.length,
    domains: mappings.reduce((n, m) => n + m.capabilityByCapabilityId.capabilityDomainsByCapabilityId.nodes.length, 0),
  };
}

export interface PeerProcess {
  url: string;
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function startPeer(databaseUrl: string, poolMax: string, cpus?: string): Promise<PeerProcess> {
  const node = [process.execPath, '--require', path.join(__dirname, 'polyfills.cjs'), path.join(__dirname, 'peer-server.mjs')];
  const argv = cpus ? ['taskset', '-c', cpus, ...node] : node;
  const child = spawn(argv[0], argv.slice(1), {
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(PEER_PORT), PEER_POOL_MAX: poolMax },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const url = `http://127.0.0.1:${PEER_PORT}/graphql`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostGraphile exited (${child.exitCode}):\n${output.slice(-3000)}`);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (res.ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) {
      await stopGroup(child);
      throw new Error(`PostGraphile was not ready within 60 s:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, cpuMs: () => cpuMs([child.pid!]), stop: () => stopGroup(child, () => output) };
}
