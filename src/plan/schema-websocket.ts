// The `websocket` test: open one connection, then send and expect messages on it, step by step.
import { Type, type TSchema } from '@sinclair/typebox';
import { duration, strict, StringMap, testCommon } from './schema-common.js';
import { WebSocketJudgeStep } from './schema-judge.js';

// Generic in the value (unlike the ui steps' helper) so each step keeps its static type.
const step = <K extends string, V extends TSchema>(key: K, value: V, description: string) =>
  Type.Object({ [key]: value } as { [P in K]: V }, { ...strict, description });

const closeCode = (description: string) => Type.Integer({ minimum: 1000, maximum: 4999, description });

/**
 * The websocket schemas. A function of the JSONPath assertion schema, which lives in schema.ts:
 * importing it from there would be an import cycle, since schema.ts lists every test type.
 */
export function webSocketSchemas<J extends TSchema>(jsonPathAssertion: J) {
  const WebSocketExpect = Type.Object(
    {
      json: Type.Optional(Type.Unknown({ description: 'The message is JSON that deep-partially matches this value (extra keys allowed).' })),
      text: Type.Optional(Type.String({ description: 'The message text equals this, or matches `/regex/flags`.' })),
      jsonPath: Type.Optional(Type.Record(Type.String(), jsonPathAssertion, { description: 'JSONPath (e.g. `$.name`) → assertions on the JSON message.' })),
      within: Type.Optional(duration('How long to wait for the message (default 5s).')),
      skipOthers: Type.Optional(Type.Boolean({ description: 'Skip messages that do not match until one does (default false: the next message must match).' })),
    },
    { ...strict, minProperties: 1, description: 'The message to wait for: `json`, `text` and/or `jsonPath`, all of which must hold. One check with expected and actual.' },
  );

  const WebSocketStep = Type.Union(
    [
      step('send', Type.Union([
        Type.String({ description: 'Text sent as is.' }),
        Type.Object({ json: Type.Unknown({ description: 'A value sent as JSON text.' }) }, { ...strict, description: 'A JSON message.' }),
        Type.Object({ text: Type.String({ description: 'Text sent as is.' }) }, { ...strict, description: 'A text message.' }),
      ], { title: 'text, { json: VALUE } or { text: TEXT }', description: 'The message; templates such as `${{ captures.id }}` are resolved when it is sent.' }), 'Send a message.'),
      step('expect', WebSocketExpect, 'Wait for a message and check it.'),
      step('capture', Type.Record(Type.String(), Type.String({ description: 'A JSONPath into the message, e.g. `$.id`.' }), {
        description: 'Values to capture from the message the last `expect` matched: name → JSONPath. Use as `${{ captures.name }}`.',
      }), 'Capture values from the last matched message.'),
      step('expectNoMessage', duration('How long no message may arrive.'), 'Check that no message arrives for a while.'),
      step('judge', WebSocketJudgeStep, 'Have the LLM judge score the last matched message, or all of them, against a rubric.'),
      step('close', Type.Union([
        closeCode('Close code, e.g. `1000` (normal closure) or an application code 3000–4999.'),
        Type.Object({
          code: Type.Optional(closeCode('Close code (default 1000).')),
          reason: Type.Optional(Type.String({ maxLength: 123, description: 'Close reason (at most 123 bytes).' })),
        }, { ...strict, description: 'Close code and reason.' }),
      ], { title: 'a close code, or { code, reason }', description: 'How to close.' }), 'Close the connection and wait for the server to confirm.'),
      step('expectClose', Type.Union([
        Type.Literal(true, { description: 'The server closes the connection, with any code.' }),
        Type.Object({
          code: Type.Optional(closeCode('Expected close code, e.g. `1000`.')),
          reason: Type.Optional(Type.String({ description: 'Expected close reason: exact, or `/regex/flags`.' })),
          within: Type.Optional(duration('How long to wait for the close (default 5s).')),
        }, { ...strict, description: 'The close code, reason, or both, and how long to wait.' }),
      ], { title: 'true, or { code, reason, within }', description: 'The connection closes (after `close`, or from the server side).' }), 'Wait for the connection to close and check how.'),
    ],
    { title: 'a one-key step such as { send: … }, { expect: … } or { close: … }', description: 'One message sent, or one expectation about the connection.' },
  );

  const WebSocketTest = Type.Object(
    {
      ...testCommon,
      type: Type.Literal('websocket', { description: 'A WebSocket conversation.' }),
      url: Type.String({ description: 'A `ws://` or `wss://` URL, or a path relative to baseUrl (http → ws, https → wss).' }),
      headers: Type.Optional(StringMap('Headers of the upgrade request (merged over `defaults.headers`).')),
      protocols: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true, description: 'Subprotocols offered (`Sec-WebSocket-Protocol`); the server must pick one.' })),
      steps: Type.Optional(Type.Array(WebSocketStep, { description: 'Messages sent and expected, in order, on one connection.' })),
    },
    { ...strict, description: 'A websocket test: connect to `url`, then run `steps` on the connection.' },
  );

  return { WebSocketExpect, WebSocketStep, WebSocketTest };
}
