// PostGraphile 5 uses Promise.withResolvers, which Node 20 lacks; --require'd by bench/peer.ts into the peer process.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
