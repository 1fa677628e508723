// The cluster examples (examples/kubernetes, examples/docker-compose.yml, the Dockerfile) hang together
// and use what aitest has: real commands and flags, one port end to end, the Redis service the workers
// name, env variables aitest reads, secret keys that exist, and the metric the autoscaler queries. And
// they are safe to copy: aitest runs as a non-root user, Redis asks for a password that serve and the
// workers send (from a secret, never written in the file), TLS is explained with a URL aitest reads, and
// no token is put on a command line.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { connectionFrom } from '../../src/remote/queue.js';
import { cliPath, repoRoot } from '../helpers/cli.js';

type Doc = { kind: string; metadata: { name: string }; spec: any; stringData?: Record<string, string> };
const k8sDir = path.join(repoRoot, 'examples/kubernetes');
const docs: Doc[] = readdirSync(k8sDir).filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(path.join(k8sDir, f), 'utf8')).map((d) => d.toJS() as Doc));
const composeText = readFileSync(path.join(repoRoot, 'examples/docker-compose.yml'), 'utf8');
const compose = parse(composeText) as { services: Record<string, any> };
const k8sText = (file: string): string => readFileSync(path.join(k8sDir, file), 'utf8');
const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
const source = readdirSync(path.join(repoRoot, 'src'), { recursive: true }).filter((f) => String(f).endsWith('.ts'))
  .map((f) => readFileSync(path.join(repoRoot, 'src', String(f)), 'utf8')).join('\n');

const helpOf = new Map<string, string>();
/** The flags `aitest <command> --help` lists. */
function flagsOf(command: string): string {
  if (!helpOf.has(command)) helpOf.set(command, execFileSync(process.execPath, [cliPath, command, '--help'], { encoding: 'utf8' }));
  return helpOf.get(command)!;
}
const flag = (args: string[], name: string): string | undefined => args[args.indexOf(name) + 1];

const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
const deployment = (name: string) => byKind('Deployment').find((d) => d.metadata.name === name)!;
const container = (name: string) => deployment(name).spec.template.spec.containers[0];

describe('examples/kubernetes', () => {
  it('runs aitest serve and aitest worker from the image the Dockerfile builds, with flags that exist', () => {
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "\/opt\/aitest\/bin\/aitest\.js"\]/);
    expect(dockerfile).toContain('docker build -t aitest:latest .');
    for (const [name, command] of [['aitest-orchestrator', 'serve'], ['aitest-worker', 'worker']] as const) {
      const c = container(name);
      expect(c.image).toBe('aitest:latest');
      expect(c.args[0]).toBe(command);
      for (const a of c.args.filter((x: string) => x.startsWith('--'))) expect(flagsOf(command), `${name}: ${a}`).toContain(a);
    }
  });

  it('one port from the orchestrator\'s --port to its container, probes and Service', () => {
    const c = container('aitest-orchestrator');
    const port = Number(flag(c.args, '--port'));
    expect(c.ports[0].containerPort).toBe(port);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port });
    const svc = byKind('Service').find((s) => s.metadata.name === 'aitest-orchestrator')!;
    expect(svc.spec.ports[0].targetPort).toBe(port);
    expect(svc.spec.selector).toEqual(deployment('aitest-orchestrator').spec.template.metadata.labels);
  });

  it('workers and orchestrator reach the Redis Service by its name and port', () => {
    const redisSvc = byKind('Service').find((s) => s.metadata.name === 'aitest-redis')!;
    for (const name of ['aitest-orchestrator', 'aitest-worker']) {
      const url = new URL(flag(container(name).args, '--redis')!);
      expect(url.hostname).toBe(redisSvc.metadata.name);
      expect(Number(url.port)).toBe(redisSvc.spec.ports[0].port);
    }
    expect(redisSvc.spec.selector).toEqual(deployment('aitest-redis').spec.template.metadata.labels);
  });

  it('env variables are ones aitest reads (or its args name), from secret keys that exist', () => {
    const secret = byKind('Secret').find((s) => s.metadata.name === 'aitest-secrets')!;
    for (const name of ['aitest-orchestrator', 'aitest-worker']) {
      for (const env of container(name).env) {
        if (!container(name).args.some((a: string) => a.includes(`$(${env.name})`))) expect(source, env.name).toContain(env.name);
        const ref = env.valueFrom.secretKeyRef;
        expect(ref.name).toBe(secret.metadata.name);
        expect(Object.keys(secret.stringData!)).toContain(ref.key);
      }
    }
    // The tokens parse as aitest's token table does (JSON of token → roles).
    expect(Object.values(JSON.parse(secret.stringData!.AITEST_TOKENS)).flat()).toEqual(expect.arrayContaining(['admin']));
  });

  it('Redis asks for the password from the secret, and serve and the workers send that same one', () => {
    const secret = byKind('Secret').find((s) => s.metadata.name === 'aitest-secrets')!;
    /** The secret key a container's `$(NAME)` reads. */
    const secretKeyOf = (c: any, ref: string): string | undefined => {
      const m = /^\$\((\w+)\)$/.exec(ref);
      return m ? c.env?.find((e: any) => e.name === m[1])?.valueFrom?.secretKeyRef?.key : undefined;
    };
    const redis = container('aitest-redis');
    const key = secretKeyOf(redis, flag(redis.args, '--requirepass') ?? '');
    expect(key, 'requirepass from a secret').toBeTruthy();
    expect(Object.keys(secret.stringData!)).toContain(key);
    for (const name of ['aitest-orchestrator', 'aitest-worker']) {
      const url = new URL(flag(container(name).args, '--redis')!);
      expect(['redis:', 'rediss:']).toContain(url.protocol);
      expect(secretKeyOf(container(name), decodeURIComponent(url.password)), `${name}: the Redis password`).toBe(key);
    }
  });

  it('aitest runs as a non-root user without privilege escalation', () => {
    for (const name of ['aitest-orchestrator', 'aitest-worker', 'aitest-redis']) {
      const pod = deployment(name).spec.template.spec;
      expect(pod.securityContext?.runAsNonRoot, name).toBe(true);
      expect(pod.securityContext?.runAsUser, name).toBeGreaterThan(0);
      for (const c of pod.containers) expect(c.securityContext?.allowPrivilegeEscalation, name).toBe(false);
    }
    // The orchestrator's data volume is writable by that user.
    expect(deployment('aitest-orchestrator').spec.template.spec.securityContext.fsGroup).toBe(1000);
  });

  it('says how to reach Redis over TLS, with a URL aitest reads as TLS with a password', () => {
    expect(k8sText('redis.yaml')).toMatch(/rediss:\/\/:\$\(REDIS_PASSWORD\)@/);
    expect(connectionFrom('rediss://:s3cret@redis.example:6380')).toMatchObject({ host: 'redis.example', port: 6380, password: 's3cret', tls: {} });
  });

  it('KEDA scales the worker Deployment on the queue-depth gauge the orchestrator exports', () => {
    const [scaler] = byKind('ScaledObject');
    expect(scaler.spec.scaleTargetRef.name).toBe('aitest-worker');
    const metric = /(aitest_[a-z_]+)/.exec(scaler.spec.triggers[0].metadata.query)![1];
    expect(source).toContain(`name: '${metric}'`);
  });
});

describe('examples/docker-compose.yml', () => {
  it('builds the image, runs serve and worker against the redis service, maps the serve port, reads real env names', () => {
    const { orchestrator, worker, redis } = compose.services;
    expect(redis.image).toMatch(/^redis:/);
    expect(orchestrator.build).toBe('..');
    expect(orchestrator.image).toBe(worker.image);
    for (const [svc, command] of [[orchestrator, 'serve'], [worker, 'worker']] as const) {
      expect(svc.command[0]).toBe(command);
      for (const a of svc.command.filter((x: string) => x.startsWith('--'))) expect(flagsOf(command)).toContain(a);
      expect(new URL(flag(svc.command, '--redis')!).hostname).toBe('redis');
      for (const name of Object.keys(svc.environment ?? {})) expect(source, name).toContain(name);
    }
    expect(orchestrator.ports[0]).toBe(`${flag(orchestrator.command, '--port')}:${flag(orchestrator.command, '--port')}`);
  });

  it('Redis asks for REDIS_PASSWORD, and serve and the workers send it; TLS is explained', () => {
    const { orchestrator, worker, redis } = compose.services;
    // As `docker compose` fills in ${NAME} and ${NAME:?message}.
    const filled = (v: string): string => v.replace(/\$\{(\w+)(:\?[^}]*)?\}/g, (_, n: string) => (n === 'REDIS_PASSWORD' ? 'pw-0123' : `<${n}>`));
    expect(redis.command[redis.command.indexOf('--requirepass') + 1]).toMatch(/^\$\{REDIS_PASSWORD:\?/);
    for (const svc of [orchestrator, worker]) {
      const url = new URL(filled(flag(svc.command, '--redis')!));
      expect(url.password).toBe('pw-0123');
      expect(url.hostname).toBe('redis');
    }
    // Redis is reached by the services only, not published on the host.
    expect(redis.ports).toBeUndefined();
    expect(composeText).toMatch(/rediss:\/\/:PASSWORD@/);
  });

  it('aitest runs as the image\'s non-root user, with its data folder its own', () => {
    const users = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBeDefined();
    expect(['root', '0']).not.toContain(users.at(-1));
    expect(dockerfile.indexOf(`USER ${users.at(-1)}`)).toBeLessThan(dockerfile.indexOf('ENTRYPOINT'));
    expect(dockerfile).toMatch(/chown -R node:node \/data/);
    expect(compose.services.orchestrator.command).toContain('/data/results.db');
  });
});

describe('tokens in the examples', () => {
  it('no example puts a token on a command line (AITEST_TOKEN from a secret, or --token-file)', () => {
    const texts = [composeText, dockerfile, ...readdirSync(k8sDir).map(k8sText)];
    for (const text of texts) expect(text).not.toMatch(/--token(?!-file|s-file)\b/);
    expect(composeText).toContain('--token-file');
    expect(k8sText('secrets.yaml')).toContain('AITEST_TOKEN');
  });
});
