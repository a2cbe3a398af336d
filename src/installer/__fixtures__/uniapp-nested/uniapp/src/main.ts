export function createApp() { return {} }
