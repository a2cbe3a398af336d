// Fixture: a bundle without the main export SCF needs.
exports.handler = async () => 'not main';
