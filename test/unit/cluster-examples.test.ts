// The cluster examples (examples/kubernetes, examples/docker-compose.yml, the Dockerfile) hang together
// and use what aitest has: real commands and flags, one port end to end, the Redis service the workers
// name, env variables aitest reads, secret keys that exist, and the metric the autoscaler queries.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';

type Doc = { kind: string; metadata: { name: string }; spec: any; stringData?: Record<string, string> };
const k8sDir = path.join(repoRoot, 'examples/kubernetes');
const docs: Doc[] = readdirSync(k8sDir).filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(path.join(k8sDir, f), 'utf8')).map((d) => d.toJS() as Doc));
const compose = parse(readFileSync(path.join(repoRoot, 'examples/docker-compose.yml'), 'utf8')) as { services: Record<string, any> };
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
    const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
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

  it('env variables are ones aitest reads, from secret keys that exist', () => {
    const secret = byKind('Secret').find((s) => s.metadata.name === 'aitest-secrets')!;
    for (const name of ['aitest-orchestrator', 'aitest-worker']) {
      for (const env of container(name).env) {
        expect(source, env.name).toContain(env.name);
        const ref = env.valueFrom.secretKeyRef;
        expect(ref.name).toBe(secret.metadata.name);
        expect(Object.keys(secret.stringData!)).toContain(ref.key);
      }
    }
    // The tokens parse as aitest's token table does (JSON of token → roles).
    expect(Object.values(JSON.parse(secret.stringData!.AITEST_TOKENS)).flat()).toEqual(expect.arrayContaining(['admin']));
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
});
