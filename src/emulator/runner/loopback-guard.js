'use strict';
/*
 * Preloaded with `node --require` into cloud function processes when the runner's `loopbackGuard`
 * option is on (the test suite turns it on). The emulator promises that nothing leaves the machine;
 * this makes any attempt fail loudly instead of quietly reaching the internet (for example the
 * SDK's metadata.tencentyun.com probe when TENCENTCLOUD_RUNENV is missing).
 */
const net = require('net');
const dns = require('dns');

function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // node defaults to localhost
  const h = String(host).replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h) || /^::ffff:127\./.test(h);
}

function blocked(what) {
  const err = new Error(`loopback guard: blocked ${what} (only 127.0.0.1 is allowed)`);
  err.code = 'ELOOPBACKGUARD';
  process.stderr.write(`[loopback-guard] BLOCKED ${what}\n`);
  return err;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  let options = args[0];
  if (Array.isArray(options)) options = options[0];
  if (typeof options !== 'object' || options === null) options = { port: args[0], host: typeof args[1] === 'string' ? args[1] : undefined };
  if (!options.path && !isLoopback(options.host)) throw blocked(`connect to ${options.host}:${options.port}`);
  return originalConnect.apply(this, args);
};

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!isLoopback(hostname)) {
    const callback = rest[rest.length - 1];
    const err = blocked(`dns lookup of ${hostname}`);
    if (typeof callback === 'function') {
      process.nextTick(callback, err);
      return {};
    }
    throw err;
  }
  return originalLookup.call(this, hostname, ...rest);
};

const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromisesLookup(hostname, ...rest) {
  if (!isLoopback(hostname)) throw blocked(`dns lookup of ${hostname}`);
  return originalPromisesLookup.call(this, hostname, ...rest);
};
