// Fixture: a function whose code fails.
exports.main = async (event) => {
  throw new Error(`boom: ${event.why || 'no reason'}`);
};
