// Fixture: a function that holds its instance until the file event.gate exists (instance scaling under queued calls,
// counted without timing anything).
const { existsSync } = require('fs');

exports.main = (event) =>
  new Promise((resolve) => {
    const check = () => (existsSync(event.gate) ? resolve({ pid: process.pid }) : setTimeout(check, 10));
    check();
  });
