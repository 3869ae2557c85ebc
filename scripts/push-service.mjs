#!/usr/bin/env node
// Starts web-push-testing (tests/e2e's devDependencies), a Web Push service stand-in for the
// tests, on 127.0.0.1:
//
//   node scripts/push-service.mjs PORT
//
// Prints "push-service: ready on http://127.0.0.1:PORT" once it listens; exits 1 when it cannot
// (the port is taken: scripts/services.sh then tries another). Its API, as the tests use it:
//   POST /subscribe {applicationServerKey, userVisibleOnly: "true"}
//        -> {data: {endpoint, keys: {p256dh, auth}, clientHash}}: a browser's subscription
//   POST /notify/CLIENT_HASH: the push resource; checks the VAPID token against the
//        subscription's key and the TTL header, decrypts the aes128gcm body, keeps its text;
//        201, or 410 once expired, 400 for anything wrong
//   POST /get-notifications {clientHash} -> {data: {messages: [text, ...]}}
//   POST /expire-subscription/CLIENT_HASH: later pushes to it get 410 Gone
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const TestingServer = require('web-push-testing/src/server.js');
const { PushApiModel } = require('web-push-testing/src/PushApiModel.js');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node scripts/push-service.mjs PORT');
  process.exit(2);
}

const model = new PushApiModel();
const server = new TestingServer(model, port);
// startServer() would listen on every interface and name endpoints after "localhost".
model.notifyUrl = `http://127.0.0.1:${port}/notify/`;
server.setRequestHandlers();
const listener = server._app.listen(port, '127.0.0.1', () => {
  console.log(`push-service: ready on http://127.0.0.1:${port}`);
});
listener.on('error', (error) => {
  console.error(`push-service: ${error.message}`);
  process.exit(1);
});
