// PostGraphile 5 (its default "amber" preset) over the bench database: the peer the nested read is
// compared with. A process of its own, started by bench/peer.ts, so its CPU can be measured like the
// server's. Plain JavaScript: PostGraphile is installed in bench/node_modules only (the product's
// install does not carry it), and the type check of the product never sees it.
// Node 20 lacks Promise.withResolvers, which PostGraphile uses: bench/polyfills.cjs is --require'd.
import http from 'node:http';
import process from 'node:process';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: Number(process.env.PEER_POOL_MAX || 10) } }),
  ],
  grafserv: { graphqlPath: '/graphql', graphiql: false },
});
const serv = pgl.createServ(grafserv);
const server = http.createServer();
serv.addTo(server);
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('peer ready\n'));

const stop = () => {
  server.closeAllConnections();
  server.close(() => pgl.release().then(() => process.exit(0)));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
