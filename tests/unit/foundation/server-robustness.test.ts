import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../core/server/http/server.js';
import { Session } from '../../../core/server/session.js';
import type { Envelope } from '../../../core/shared/errors.js';
import { tempDir } from '../helpers.js';
import { rawRequest, serveProject, type ServedProject } from './server-process.js';

/**
 * No request may stop the local server: a corpus of malformed requests is sent over raw TCP to a
 * real `casus serve` process, and after every one the server must still be running and answer a
 * good request.
 */
describe('the local server survives malformed requests', () => {
  const dir = tempDir();
  let server: ServedProject;
  let host: string;

  beforeAll(async () => {
    server = await serveProject(dir);
    host = `Host: 127.0.0.1:${server.port}`;
  });
  afterAll(() => server.stop());

  const auth = () => `X-Casus-Token: ${server.token}`;
  /** A complete request with the right Host and token, and a body. */
  const post = (path: string, body: string | Buffer, extra: string[] = []) => [
    [
      `POST ${path} HTTP/1.1`,
      host,
      auth(),
      'Connection: close',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...extra,
      '',
      '',
    ].join('\r\n'),
    body,
  ];
  const get = (target: string, extra: string[] = []) => [
    [`GET ${target} HTTP/1.1`, host, 'Connection: close', ...extra, '', ''].join('\r\n'),
  ];

  async function stillServes(afterCase: string): Promise<void> {
    expect(server.alive(), `the server stopped after: ${afterCase}`).toBe(true);
    const res = await rawRequest(server.port, post('/api/session.get', '{}'));
    expect(res.status, `no good answer after: ${afterCase}`).toBe(200);
    expect((JSON.parse(res.body) as Envelope<unknown>).ok).toBe(true);
  }

  it('answers the two requests that used to end the process with a 400 JSON envelope', async () => {
    const badUrl = await rawRequest(server.port, get('http://['));
    expect(badUrl.status).toBe(400);
    expect(JSON.parse(badUrl.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await stillServes('GET http://[');

    const badMethod = await rawRequest(server.port, post('/api/%E0%A4%A', '{}'));
    expect(badMethod.status).toBe(400);
    expect(JSON.parse(badMethod.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await stillServes('POST /api/%E0%A4%A');
  });

  it('keeps running through a corpus of malformed requests', async () => {
    const H = () => host;
    const corpus: [string, (string | Buffer)[], { cut?: boolean }?][] = [
      // Request lines and targets.
      ['absolute URL with a broken IPv6 host', get('http://[')],
      ['absolute URL with credentials and a broken host', get('http://user:pw@[::1')],
      ['absolute URL of our own host', get(`http://127.0.0.1:${server.port}/api/session.get`)],
      ['absolute URL of another scheme', get('javascript:alert(1)')],
      ['asterisk target', get('*')],
      ['OPTIONS *', [`OPTIONS * HTTP/1.1\r\n${H()}\r\nConnection: close\r\n\r\n`]],
      ['protocol-relative path', get('//evil.example/x')],
      ['path traversal', get('/../../../../etc/passwd')],
      ['encoded traversal', get('/%2e%2e/%2e%2e/%2e%2e/etc/passwd')],
      ['bad percent-encoding in a page path', get('/%E0%A4%A')],
      ['a lone percent sign', get('/%')],
      ['an encoded NUL', get('/index.html%00.js')],
      ['overlong UTF-8', get('/%C0%AE%C0%AE/')],
      ['a 60 KB path', get(`/${'a/'.repeat(30_000)}`)],
      ['a bad query string', get('/?x=%ZZ&&&==&%')],
      ['bad percent-encoding in an API method', post('/api/%E0%A4%A', '{}')],
      ['a lone percent sign in an API method', post('/api/%', '{}')],
      ['an encoded slash in an API method', post('/api/..%2F..%2Fproject.info', '{}')],
      ['an empty API method', post('/api/', '{}')],
      ['a 10 KB API method', post(`/api/${'x'.repeat(10_000)}`, '{}')],
      ['an API method on a prototype name', post('/api/__proto__', '{}')],
      ['an API method named constructor', post('/api/constructor', '{}')],
      ['garbage instead of a request line', ['\u0000\u0001\u0002 garbage\r\n\r\n']],
      ['no HTTP version', ['GET /\r\n\r\n']],
      ['HTTP/9.9', [`GET / HTTP/9.9\r\n${H()}\r\n\r\n`]],
      ['an unknown method', [`BREW /api/session.get HTTP/1.1\r\n${H()}\r\n\r\n`]],
      ['a WebDAV method', [`PROPFIND / HTTP/1.1\r\n${H()}\r\nConnection: close\r\n\r\n`]],
      ['DELETE on the API', [`DELETE /api/session.get HTTP/1.1\r\n${H()}\r\n${auth()}\r\n\r\n`]],
      ['a lower-case method', [`get / HTTP/1.1\r\n${H()}\r\n\r\n`]],
      // Headers.
      ['a 100 KB header', get('/', [`X-Big: ${'a'.repeat(100_000)}`])],
      [
        '5000 headers',
        get(
          '/',
          Array.from({ length: 5000 }, (_, i) => `X-H${i}: ${i}`),
        ),
      ],
      ['control characters in a header value', get('/', ['X-Bad: a\u0001\u0002b'])],
      ['a header without a colon', get('/', ['Broken header line'])],
      ['no Host header', ['GET / HTTP/1.1\r\nConnection: close\r\n\r\n']],
      ['an empty Host header', ['GET / HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n']],
      ['two Host headers', get('/', ['Host: evil.example'])],
      ['a foreign Origin', get('/', ['Origin: null'])],
      ['two token headers', post('/api/session.get', '{}', [auth()])],
      ['a non-numeric Content-Length', post('/api/session.get', '{}', ['Content-Length: abc'])],
      [
        'a negative Content-Length',
        [`POST /api/session.get HTTP/1.1\r\n${H()}\r\n${auth()}\r\nContent-Length: -5\r\n\r\n{}`],
      ],
      [
        'Content-Length and chunked together',
        post('/api/session.get', '{}', ['Transfer-Encoding: chunked']),
      ],
      [
        'broken chunked encoding',
        [
          `POST /api/session.get HTTP/1.1\r\n${H()}\r\n${auth()}\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
        ],
      ],
      ['Expect: 100-continue', post('/api/session.get', '{}', ['Expect: 100-continue'])],
      ['an unknown Expect', post('/api/session.get', '{}', ['Expect: coffee'])],
      [
        'an upgrade to WebSocket',
        get('/', [
          'Connection: Upgrade',
          'Upgrade: websocket',
          'Sec-WebSocket-Key: x',
          'Sec-WebSocket-Version: 13',
        ]),
      ],
      // Bodies.
      ['bad JSON', post('/api/session.get', '{oops')],
      ['JSON null', post('/api/session.get', 'null')],
      ['a JSON array', post('/api/project.info', '[1,2,3]')],
      ['a JSON string', post('/api/project.info', '"x"')],
      ['a huge number', post('/api/project.info', '1e999999')],
      [
        'JSON nested 100 000 deep',
        post('/api/project.info', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      ],
      ['a __proto__ key', post('/api/sources.get', '{"__proto__":{"id":"x"},"id":{"toString":1}}')],
      ['the wrong type for a field', post('/api/sources.get', '{"id":["a"]}')],
      ['a text/plain body', post('/api/session.get', '{}', ['Content-Type: text/plain'])],
      [
        'a multipart body',
        post('/api/session.get', '--x\r\n\r\njunk\r\n--x--', [
          'Content-Type: multipart/form-data; boundary=x',
        ]),
      ],
      [
        'a charset that does not exist',
        post('/api/session.get', '{}', ['Content-Type: application/json; charset=klingon']),
      ],
      ['a gzip body that is not gzip', post('/api/session.get', '{}', ['Content-Encoding: gzip'])],
      [
        'a non-UTF-8 body',
        post('/api/session.get', Buffer.from([0xff, 0xfe, 0x7b, 0xc3, 0x28, 0x7d])),
      ],
      ['lone surrogates', post('/api/sources.get', '{"id":"\\ud800\\udfff\\udc00"}')],
      ['NUL bytes in the body', post('/api/sources.get', '{"id":"a\u0000b"}')],
      [
        'a base64 import of garbage',
        post(
          '/api/import.file',
          JSON.stringify({
            caseId: null,
            documentType: 'x',
            file: { fileName: '../../x.docx', dataBase64: '!!!' },
          }),
        ),
      ],
      // Requests broken off midway.
      ['a request line cut off', ['GET / HT'], { cut: true }],
      [
        'headers cut off',
        [`POST /api/session.get HTTP/1.1\r\n${H()}\r\nX-Casus-To`],
        { cut: true },
      ],
      [
        'a body cut off',
        [
          `POST /api/session.get HTTP/1.1\r\n${H()}\r\n${auth()}\r\nContent-Length: 100\r\n\r\n{"a":`,
        ],
        { cut: true },
      ],
      [
        'a chunked body cut off',
        [
          `POST /api/session.get HTTP/1.1\r\n${H()}\r\n${auth()}\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"a"`,
        ],
        { cut: true },
      ],
      [
        'a bad request, then a good one on the same connection',
        [...get('http://['), ...post('/api/session.get', '{}')],
      ],
    ];
    for (const [name, parts, opts] of corpus) {
      const res = await rawRequest(server.port, parts, opts);
      // A malformed request is the client's error: never an internal error of ours.
      expect(res.status, name).toBeLessThan(500);
      if (res.status >= 400 && /application\/json/.test(res.text)) {
        expect(() => JSON.parse(res.body) as unknown, name).not.toThrow();
      }
      await stillServes(name);
    }
  });
});

describe('an unexpected throw while answering', () => {
  const dir = tempDir();

  it('becomes a 500 JSON envelope, and the server keeps serving', async () => {
    // A renderer folder whose index.html is a directory: reading it throws EISDIR.
    const staticDir = join(dir, 'renderer');
    mkdirSync(join(staticDir, 'index.html'), { recursive: true });
    const session = new Session({ remember: false });
    const server = await startServer({ session, staticDir });
    try {
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(500);
      expect(await page.json()).toMatchObject({ ok: false, error: { code: 'internal' } });
      const api = await fetch(`${server.url}/api/session.get`, {
        method: 'POST',
        body: '{}',
        headers: { 'X-Casus-Token': server.token },
      });
      expect(api.status).toBe(200);
    } finally {
      await server.close();
      session.close();
    }
  });
});

describe('a request body over the 80 MB cap', () => {
  const MB = 1024 * 1024;
  let server: RunningServer;
  const session = new Session({ remember: false });

  beforeAll(async () => {
    server = await startServer({ session });
  });
  afterAll(async () => {
    await server.close();
    session.close();
  });

  const expect413 = (status: number, body: string) => {
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('80 MB') as unknown },
    });
  };

  it('is refused by its Content-Length with 413, before the body is read', async () => {
    // Only the headers are sent: the answer cannot wait for the body.
    const res = await rawRequest(server.port, [
      [
        'POST /api/session.get HTTP/1.1',
        `Host: 127.0.0.1:${server.port}`,
        `X-Casus-Token: ${server.token}`,
        `Content-Length: ${90 * MB}`,
        '',
        '',
      ].join('\r\n'),
    ]);
    expect413(res.status, res.body);
  });

  it('gets the 413 answer, not a connection reset, when the client sends it all', async () => {
    const res = await fetch(`${server.url}/api/import.file`, {
      method: 'POST',
      body: Buffer.alloc(81 * MB, 0x20),
      headers: { 'X-Casus-Token': server.token, 'Content-Type': 'application/json' },
    });
    expect413(res.status, await res.text());
  });

  it('without a Content-Length: answered with 413 once the stream passes the cap', async () => {
    const { request } = await import('node:http');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/session.get',
          method: 'POST',
          headers: { 'X-Casus-Token': server.token, 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(MB, 0x20);
      let sent = 0;
      let answered = false;
      req.on('response', () => (answered = true));
      // Keep sending until the server answers (or far past the cap).
      const pump = () => {
        while (!answered && sent < 200) {
          sent++;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect413(answer.status, answer.body);
    const still = await fetch(`${server.url}/api/session.get`, {
      method: 'POST',
      body: '{}',
      headers: { 'X-Casus-Token': server.token },
    });
    expect(still.status).toBe(200);
  });
});
