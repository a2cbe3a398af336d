exports.main = async () => ({})
