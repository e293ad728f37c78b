import type { EntityManager } from '@mikro-orm/postgresql';
import { mintToken } from '../src/auth/tokens';
import { sqlRows } from '../src/db/sql';
import { benchIds } from './load';
import type { Item } from './load-generator';

// The soak step (a measurement, not an assertion): a long run of mixed traffic, a quarter of it
// writes (new features with unique names, new mappings of existing features); run.ts reports the
// server's resident memory before, right after, and after a short idle.

const ADD_FEATURE = `mutation ($input: AddFeatureInput!) { addFeature(input: $input) { feature { id } errors { code message field } } }`;
const MAP_FEATURE = `mutation ($input: MapFeatureInput!) { mapFeature(input: $input) { mapping { id } errors { code message field } } }`;

/** The soak's requests, in order: three reads (cycling through `reads`), then a write, and so on. */
export async function soakItems(
  em: EntityManager,
  url: string,
  options: { requests: number; reads: string[]; readHeaders: Record<string, string>; productCount: number; secret: string },
): Promise<{ items: Item[]; writes: number }> {
  const writes = Math.floor(options.requests / 4);
  const run = Date.now().toString(36);
  // Half of the writes add features (unique names); half map existing features of bench products to a
  // 2026 capability they are not mapped to yet (each pair used once, so none is refused as a duplicate).
  const products = await sqlRows<{ id: string; organization_id: string }>(
    em,
    `select id, organization_id from product where id in (${Array.from({ length: Math.min(options.productCount, 500) }, () => '?').join(', ')})`,
    Array.from({ length: Math.min(options.productCount, 500) }, (_, i) => benchIds.product(i)),
  );
  const pairs = await sqlRows<{ feature: string; organization_id: string; capability: string }>(
    em,
    `select f.id as feature, p.organization_id, c.slug as capability
       from feature f join product p on p.id = f.product_id
       cross join lateral (select c.slug from capability c join framework_edition e on e.id = c.edition_id
                            where e.slug = '2026' and not exists (select 1 from mapping m where m.feature_id = f.id and m.capability_id = c.id)
                            order by c.position limit 1) c
      where p.name like 'Bench Product %'
      order by f.id limit ?`,
    [Math.ceil(writes / 2)],
  );
  const tokens = new Map<string, Record<string, string>>();
  const vendor = async (org: string) => {
    if (!tokens.has(org))
      tokens.set(org, { authorization: `Bearer ${await mintToken({ sub: `bench-soak-${org}`, role: 'VENDOR', org }, { secret: options.secret })}` });
    return tokens.get(org)!;
  };
  const items: Item[] = [];
  let added = 0;
  let mapped = 0;
  for (let i = 0; i < options.requests; i++) {
    if (i % 4 !== 3) {
      items.push([{ url, body: options.reads[i % options.reads.length], headers: options.readHeaders }]);
    } else if ((i >> 2) % 2 === 0 || mapped >= pairs.length) {
      const p = products[added % products.length];
      const body = { query: ADD_FEATURE, variables: { input: { productId: p.id, name: `Soak ${run} feature ${added++}` } } };
      items.push([{ url, body: JSON.stringify(body), headers: await vendor(p.organization_id) }]);
    } else {
      const pair = pairs[mapped++];
      const body = {
        query: MAP_FEATURE,
        variables: { input: { featureId: pair.feature, edition: '2026', capability: pair.capability, relationship: 'SUBSET', strength: 5 } },
      };
      items.push([{ url, body: JSON.stringify(body), headers: await vendor(pair.organization_id) }]);
    }
  }
  return { items, writes: added + mapped };
}
