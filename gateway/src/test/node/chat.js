#!/usr/bin/env node
// Streams a chat through the gateway with @grpc/grpc-js, printing the answer as it arrives.
//
//   node chat.js [address] [model] [prompt]
//   node chat.js 127.0.0.1:50051 llama3.2 "Why is the sky blue?"
//
// With --json, prints one JSON summary line at the end instead of the text (used by the tests).
// Environment: GATEWAY_CA (PEM file) switches to TLS; GATEWAY_TIMEOUT_MS sets the deadline.
'use strict';

const path = require('path');
const fs = require('fs');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const args = process.argv.slice(2).filter((a) => a !== '--json');
const json = process.argv.includes('--json');
const address = args[0] || '127.0.0.1:50051';
const model = args[1] || 'llama3.2';
const prompt = args[2] || 'Why is the sky blue?';

const protoRoot = path.resolve(__dirname, '../../../../sdk-grpc/src/main/proto');
const definition = protoLoader.loadSync('ollama/api/v1/chat.proto', {
  includeDirs: [protoRoot],
  keepCase: true,
  longs: Number,
  defaults: true,
  oneofs: true,
});
const api = grpc.loadPackageDefinition(definition).ollama.api.v1;

const credentials = process.env.GATEWAY_CA
  ? grpc.credentials.createSsl(fs.readFileSync(process.env.GATEWAY_CA))
  : grpc.credentials.createInsecure();
// Keepalive as the gateway permits by default: a ping every 30 s, also on idle connections.
const client = new api.ChatService(address, credentials, {
  'grpc.keepalive_time_ms': 30000,
  'grpc.keepalive_permit_without_calls': 1,
});

const deadline = new Date(Date.now() + Number(process.env.GATEWAY_TIMEOUT_MS || 60000));
const call = client.ChatStream(
  { model, messages: [{ role: 'user', content: prompt }] },
  { deadline },
);

let text = '';
let chunks = 0;
let last = null;
let node = '';
call.on('metadata', (md) => {
  const v = md.get('x-ollama-node');
  node = v.length > 0 ? String(v[0]) : '';
});
call.on('data', (chunk) => {
  chunks += 1;
  last = chunk;
  const piece = chunk.message ? chunk.message.content : '';
  text += piece;
  if (!json) {
    process.stdout.write(piece);
  }
});
call.on('error', (err) => {
  console.error(`\nchat failed: ${grpc.status[err.code]}: ${err.details}`);
  client.close();
  process.exitCode = 1;
});
call.on('end', () => {
  const done = last !== null && last.done === true;
  const evalCount = done && last.metrics ? Number(last.metrics.eval_count) : 0;
  if (json) {
    console.log(JSON.stringify({ chunks, done, doneReason: last && last.done_reason, evalCount, node, text }));
  } else {
    console.log(`\n[${chunks} chunks from ${node}, ${evalCount} tokens, ${last && last.done_reason}]`);
  }
  client.close();
  process.exitCode = done ? 0 : 1;
});
