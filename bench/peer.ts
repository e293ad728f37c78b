import http from 'node:http';
import type { AddressInfo } from 'node:net';

// PostGraphile 5 over the same database, as the peer for the nested read ProductCoverage needs
// (product → features → mappings → capability → domains). Started in this process, on loopback.

export interface Peer {
  url: string;
  /** The nested read in PostGraphile's own schema. */
  query: string;
  stop(): Promise<void>;
}

export async function startPostGraphile(connectionString: string): Promise<Peer> {
  const { postgraphile } = await import('postgraphile');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { grafserv } = await import('postgraphile/grafserv/node');
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: 10 } } as never)],
    grafserv: { graphqlPath: '/graphql', graphiql: false },
  } as never);
  const serv = pgl.createServ(grafserv);
  const server = http.createServer();
  serv.addTo(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    query: `query Nested($id: UUID!) {
      productById(id: $id) {
        id name
        featuresByProductId { nodes { id name
          mappingsByFeatureId { nodes { id status
            capabilityByCapabilityId { id slug
              capabilityDomainsByCapabilityId { nodes { frameworkDomainByDomainId { id slug } } } } } } } }
      }
    }`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Releasing the instance releases its server and its pool too.
      await pgl.release();
    },
  };
}
