// Contract faults: with `--faults` (or DEMO_FAULTS=1) the demo app breaks its OpenAPI contract
// (openapi.yaml) in exactly four known ways, one per operation, so a contract test has something to find.
// Everything else stays as documented: a contract run against the faulty app reports these four and no more.
//
//   operation               what breaks                               the check that finds it
//   GET /health             answers `text/plain` instead of JSON       content_type_conformance
//   GET /api/items          answers 203, a status it does not document status_code_conformance
//   GET /api/items/{id}     sends `price` as a string ("24.50")        response_schema_conformance
//   GET /api/users/{id}     drops the required `email` field           response_schema_conformance
//
// server.js hands its honest answer functions' building blocks in; these are the broken replacements.

/** True when the app was started to break its contract. */
export function faultsRequested(argv = process.argv, env = process.env) {
  return argv.includes('--faults') || env.DEMO_FAULTS === '1';
}

/** The four broken answers, built on the server's own senders. */
export function brokenAnswers({ sendJson, sendText }) {
  return {
    health: (res) => sendText(res, 200, 'ok\n'),
    items: (res, items) => sendJson(res, 203, items),
    item: (res, item) => sendJson(res, 200, { ...item, price: item.price.toFixed(2) }),
    user: (res, user) => {
      const { email: _email, ...withoutEmail } = user;
      sendJson(res, 200, withoutEmail);
    },
  };
}
