import http from 'node:http';
import { buildDiscovery } from '/work/main/packages/server/src/discovery/index.js';
import { sampleDefinitions } from '/work/main/packages/server/src/discovery/testdata/definitions.js';
const d = buildDiscovery(sampleDefinitions, { serverAddress: '127.0.0.1:1' });
const srv = http.createServer((req, res) => {
  console.log(req.method, req.url, '| accept:', req.headers.accept, '| inm:', req.headers['if-none-match'] ?? '');
  const a = d.serve(req.url!, req.headers.accept, req.headers['if-none-match'] as string | undefined);
  if (a) { res.writeHead(a.status, a.headers); res.end(a.body); return; }
  res.writeHead(404, { 'Content-Type': 'application/json' }); res.end(JSON.stringify({kind:'Status',apiVersion:'v1',metadata:{},status:'Failure',reason:'NotFound',code:404,message:'the server could not find the requested resource'}));
});
srv.listen(18081, '127.0.0.1', () => console.log('listening'));
setTimeout(() => srv.close(), 20000);
