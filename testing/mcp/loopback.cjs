// Preloaded with `node -r ./loopback.cjs`: the MCP test servers have no host option and would bind
// every interface, so listen() calls that name no host are pinned to 127.0.0.1.
'use strict';
const net = require('net');
const original = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const rest = args.slice(1);
    if (typeof rest[0] !== 'string') {
      return original.call(this, Number(args[0]), '127.0.0.1', ...rest);
    }
  } else if (args[0] && typeof args[0] === 'object' && !args[0].path) {
    args[0] = Object.assign({}, args[0], { host: '127.0.0.1' });
  }
  return original.apply(this, args);
};
