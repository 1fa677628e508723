// Which judge a run has: the plan's `judge:` block, with the environment filling what it leaves out
// (AITEST_JUDGE_PROVIDER, AITEST_JUDGE_MODEL, AITEST_JUDGE_BASE_URL, OPENAI_API_KEY, GEMINI_API_KEY).
// No provider, or a vendor endpoint with no key, is not an error: judge checks are then skipped, with this reason.
import { parseDuration } from '../plan/duration.js';
import { isEnvVar } from '../plan/templates.js';
import type { JudgeSpec } from '../plan/types.js';
import type { NetPolicy } from '../util/net-policy.js';

export type { JudgeSpec } from '../plan/types.js';

export interface JudgeConfig {
  provider: 'openai' | 'gemini';
  model: string;
  apiKey: string;
  baseUrl?: string;
  temperature: number;
  maxTokens?: number;
  timeoutMs: number;
  concurrency: number;
  rpm?: number;
  /** How long a cached verdict is reused; 0 with the cache off. */
  cacheTtlMs: number;
  /** Values to redact everywhere: the key. */
  secrets: string[];
}

export type ResolvedJudge = { ok: true; config: JudgeConfig } | { ok: false; reason: string };

const DEFAULT_MODEL = { openai: 'gpt-4o-mini', gemini: 'gemini-1.5-flash' } as const;
const KEY_VAR = { openai: 'OPENAI_API_KEY', gemini: 'GEMINI_API_KEY' } as const;

/**
 * On a remote worker the plan is untrusted: `apiKey: { env }` reads only the variables the worker exposes
 * (`planEnv`), and the worker's own key goes only to the judge the worker itself is configured for.
 */
export interface UntrustedJudge {
  planEnv: Readonly<Record<string, string | undefined>>;
  /** The worker's egress policy: a plan-chosen `judge.baseUrl` must be an address it allows. */
  net?: NetPolicy;
}

type Env = Readonly<Record<string, string | undefined>>;
const read = (env: Env, name: string): string | undefined => (Object.hasOwn(env, name) ? env[name] : undefined);

/** The provider the environment alone picks: a base URL means an OpenAI-compatible server; else whichever vendor has a key. */
function providerOf(named: string | undefined, baseUrl: string | undefined, env: Env): string | undefined {
  return named ?? (baseUrl !== undefined || env.OPENAI_API_KEY ? 'openai' : env.GEMINI_API_KEY ? 'gemini' : undefined);
}

export function resolveJudge(spec: JudgeSpec | undefined, env: Env, untrusted?: UntrustedJudge): ResolvedJudge {
  const s = spec ?? {};
  const baseUrl = s.baseUrl ?? env.AITEST_JUDGE_BASE_URL;
  const named = s.provider ?? env.AITEST_JUDGE_PROVIDER;
  if (named !== undefined && named !== 'openai' && named !== 'gemini') {
    return { ok: false, reason: `unknown judge provider "${named}" (AITEST_JUDGE_PROVIDER): use openai or gemini` };
  }
  const provider = providerOf(named, baseUrl, env) as JudgeConfig['provider'] | undefined;
  if (provider === undefined) {
    return { ok: false, reason: 'no judge is configured: set `judge: { provider, model }` in the plan, or AITEST_JUDGE_PROVIDER / OPENAI_API_KEY / GEMINI_API_KEY' };
  }
  let apiKey: string | undefined;
  let missing: string | undefined;
  if (typeof s.apiKey === 'string') apiKey = s.apiKey;
  else if (s.apiKey && isEnvVar(s.apiKey)) {
    apiKey = read(untrusted?.planEnv ?? env, s.apiKey.env) ?? s.apiKey.default;
    if (apiKey === undefined && untrusted) missing = `this worker does not expose ${s.apiKey.env} (\`aitest worker --env ${s.apiKey.env}\` or AITEST_WORKER_ENV)`;
  }
  // The worker's key only where the worker would send it itself: a plan that picks another URL or vendor
  // must bring its own key, or the key goes to whoever the plan names.
  const ownJudge = !untrusted || ((s.baseUrl === undefined || s.baseUrl === env.AITEST_JUDGE_BASE_URL) && provider === providerOf(env.AITEST_JUDGE_PROVIDER, env.AITEST_JUDGE_BASE_URL, env));
  if (ownJudge) apiKey ??= read(env, KEY_VAR[provider]);
  else if (apiKey === undefined) missing ??= `this worker's own ${KEY_VAR[provider]} goes only to the judge it is configured for, not to a plan's \`judge.baseUrl\` or \`judge.provider\``;
  // A local OpenAI-compatible server (Ollama, vLLM, llama.cpp) usually wants no key; the vendors do.
  if (!apiKey && baseUrl === undefined) {
    const where = s.apiKey && isEnvVar(s.apiKey) ? s.apiKey.env : KEY_VAR[provider];
    return { ok: false, reason: `the ${provider} judge has no API key: ${missing ?? `${where} is not set`}` };
  }
  const config: JudgeConfig = {
    provider,
    model: s.model ?? env.AITEST_JUDGE_MODEL ?? DEFAULT_MODEL[provider],
    apiKey: apiKey || 'no-key',
    temperature: s.temperature ?? 0,
    timeoutMs: s.timeout === undefined ? 60_000 : parseDuration(s.timeout),
    concurrency: s.concurrency ?? 4,
    cacheTtlMs: s.cache === false ? 0 : typeof s.cache === 'object' ? parseDuration(s.cache.ttl) : 3_600_000,
    secrets: apiKey ? [apiKey] : [],
  };
  if (baseUrl !== undefined) config.baseUrl = baseUrl;
  if (s.maxTokens !== undefined) config.maxTokens = s.maxTokens;
  if (s.rpm !== undefined) config.rpm = s.rpm;
  return { ok: true, config };
}
