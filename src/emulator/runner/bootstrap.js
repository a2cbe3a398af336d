'use strict';
/*
 * The process a warm cloud function instance runs in (like SCF's runtime): loads the deployed
 * index.js once, then serves one invocation at a time from the runner over IPC. The per-call
 * identity (WX_OPENID, ...) lives in process.env because that is where wx-server-sdk's
 * getWXContext reads it; keys from the previous call are removed first so nothing leaks between
 * callers.
 *
 * argv[2]: absolute path of the function's index.js
 */
const functionFile = process.argv[2];
let handler;

function loadHandler() {
  if (handler) return handler;
  const mod = require(functionFile);
  const main = mod && (mod.main || (mod.default && mod.default.main));
  if (typeof main !== 'function') {
    throw new Error(`${functionFile} does not export main(event, context)`);
  }
  handler = main;
  return handler;
}

function describe(err) {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: typeof err === 'string' ? err : JSON.stringify(err) };
}

process.on('message', async (msg) => {
  if (!msg || msg.type !== 'invoke') return;
  for (const key of msg.clearKeys) delete process.env[key];
  Object.assign(process.env, msg.env);
  let reply;
  try {
    const main = loadHandler();
    const value = await main(msg.event, msg.context);
    // SCF returns the JSON encoding of the value; undefined becomes null.
    reply = { type: 'result', id: msg.id, ok: true, json: JSON.stringify(value === undefined ? null : value) };
  } catch (err) {
    reply = { type: 'result', id: msg.id, ok: false, error: describe(err), loadFailed: !handler };
  }
  process.send(reply);
});

process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
