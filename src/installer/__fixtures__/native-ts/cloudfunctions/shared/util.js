exports.ok = true
