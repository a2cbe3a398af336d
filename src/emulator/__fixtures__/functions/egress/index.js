// Fixture: tries to leave the machine; under the loopback guard this must fail before any packet is sent.
const net = require('net');
exports.main = async () => {
  try {
    const socket = net.connect({ host: '10.255.255.1', port: 80 });
    socket.destroy();
    return { blocked: false };
  } catch (err) {
    return { blocked: true, code: err.code, message: err.message };
  }
};
