// Fixture: a function that takes event.ms to answer (timeouts, concurrent instances).
exports.main = (event) => new Promise((resolve) => setTimeout(() => resolve({ pid: process.pid }), event.ms || 0));
