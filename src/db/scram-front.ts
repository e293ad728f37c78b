import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';

// PGLiteSocketServer answers every startup message with AuthenticationOk: any user, any password,
// superuser. This front speaks just enough of the PostgreSQL wire protocol to demand one user name
// and a password (SCRAM-SHA-256, as a real server does by default), then hands the connection to the
// database listening on a private Unix socket. Nothing reaches the database before authentication.

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const MAX_STARTUP_BYTES = 10_000;
const AUTH_TIMEOUT_MS = 10_000;
const ITERATIONS = 4096;

export interface ScramFrontOptions {
  user: string;
  password: string;
  /** Where the unauthenticated database listens (a Unix socket in an owner-only folder). */
  upstreamPath: string;
  host: string;
  port: number;
  maxConnections: number;
}

export interface ScramFront {
  port: number;
  stop(): Promise<void>;
}

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function authentication(code: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(code);
  return message('R', Buffer.concat([head, data]));
}

function fatal(code: string, text: string): Buffer {
  const fields = [`SFATAL`, `VFATAL`, `C${code}`, `M${text}`].map((f) => Buffer.from(`${f}\0`, 'utf8'));
  return message('E', Buffer.concat([...fields, Buffer.from([0])]));
}

/** key\0value\0…\0 of a startup message. */
function startupParameters(packet: Buffer): Map<string, string> {
  const parts = packet.subarray(8).toString('utf8').split('\0');
  const params = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) params.set(parts[i], parts[i + 1]);
  return params;
}

function scramAttributes(text: string): Map<string, string> {
  return new Map(text.split(',').map((kv) => [kv.slice(0, 1), kv.slice(2)]));
}

export function startScramFront(options: ScramFrontOptions): Promise<ScramFront> {
  const salt = randomBytes(16);
  const saltedPassword = pbkdf2Sync(options.password.normalize('NFKC'), salt, ITERATIONS, 32, 'sha256');
  const storedKey = sha256(hmac(saltedPassword, 'Client Key'));
  const serverKey = hmac(saltedPassword, 'Server Key');
  const sockets = new Set<net.Socket>();

  const handle = (client: net.Socket) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const refuse = (code: string, text: string) => {
      client.end(fatal(code, text));
      setTimeout(() => client.destroy(), 1000).unref();
    };
    const timer = setTimeout(() => refuse('08P01', 'authentication timed out'), AUTH_TIMEOUT_MS);
    timer.unref();

    let buffer = Buffer.alloc(0);
    let startup: Buffer | null = null;
    let user = '';
    let clientFirstBare = '';
    let serverFirst = '';
    let nonce = '';

    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > MAX_STARTUP_BYTES) return refuse('08P01', 'startup packet too large');
      while (!client.destroyed) {
        if (!startup) {
          // Untyped packets: int32 length, int32 code.
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (length < 8 || length > MAX_STARTUP_BYTES) return refuse('08P01', 'invalid startup packet');
          if (buffer.length < length) return;
          const packet = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          const code = packet.readInt32BE(4);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            client.write('N');
            continue;
          }
          if (code !== PROTOCOL_3) return refuse('08P01', 'unsupported protocol (cancel requests are not supported)');
          user = startupParameters(packet).get('user') ?? '';
          if (user !== options.user) return refuse('28000', `role "${user}" is not permitted on the embedded database`);
          startup = Buffer.from(packet);
          client.write(authentication(10, Buffer.from('SCRAM-SHA-256\0\0', 'latin1')));
          continue;
        }
        // Typed messages: byte type, int32 length (itself included).
        if (buffer.length < 5) return;
        const length = buffer.readInt32BE(1);
        if (length < 4 || length > MAX_STARTUP_BYTES) return refuse('08P01', 'invalid message');
        if (buffer.length < 1 + length) return;
        const type = String.fromCharCode(buffer[0]);
        const body = buffer.subarray(5, 1 + length);
        buffer = buffer.subarray(1 + length);
        if (type !== 'p') return refuse('28P01', `password authentication failed for user "${user}"`);
        if (!serverFirst) {
          // SASLInitialResponse: mechanism\0, int32 length, client-first-message ("n,,n=…,r=<nonce>").
          const end = body.indexOf(0);
          if (body.subarray(0, end).toString('latin1') !== 'SCRAM-SHA-256') return refuse('28000', 'only SCRAM-SHA-256 is accepted');
          const clientFirst = body.subarray(end + 5).toString('utf8');
          if (!clientFirst.startsWith('n,,') && !clientFirst.startsWith('y,,')) return refuse('28000', 'channel binding is not supported');
          clientFirstBare = clientFirst.slice(3);
          const clientNonce = scramAttributes(clientFirstBare).get('r');
          if (!clientNonce) return refuse('08P01', 'invalid SCRAM message');
          nonce = clientNonce + randomBytes(18).toString('base64');
          serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${ITERATIONS}`;
          client.write(authentication(11, Buffer.from(serverFirst, 'utf8')));
          continue;
        }
        // SASLResponse: client-final-message "c=biws,r=<nonce>,p=<proof>".
        const clientFinal = body.toString('utf8');
        const proofAt = clientFinal.lastIndexOf(',p=');
        const attributes = scramAttributes(clientFinal);
        const proof = Buffer.from(attributes.get('p') ?? '', 'base64');
        const authMessage = `${clientFirstBare},${serverFirst},${clientFinal.slice(0, Math.max(proofAt, 0))}`;
        const clientSignature = hmac(storedKey, authMessage);
        const valid =
          proofAt > 0 &&
          attributes.get('r') === nonce &&
          proof.length === clientSignature.length &&
          timingSafeEqual(sha256(Buffer.from(proof.map((b, i) => b ^ clientSignature[i]))), storedKey);
        if (!valid) return refuse('28P01', `password authentication failed for user "${user}"`);
        clearTimeout(timer);
        client.off('data', onData);
        client.write(authentication(12, Buffer.from(`v=${hmac(serverKey, authMessage).toString('base64')}`, 'utf8')));
        // The database answers the original startup message itself (AuthenticationOk, parameters, ready).
        const upstream = net.connect(options.upstreamPath);
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        upstream.write(startup);
        if (buffer.length) upstream.write(buffer);
        client.pipe(upstream).pipe(client);
        return;
      }
    };
    client.on('data', onData);
  };

  const server = net.createServer(handle);
  server.maxConnections = options.maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        stop: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
