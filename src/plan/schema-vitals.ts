// Web Vitals budgets and emulation: shared by performance tests and the ui step `vitals`.
import { Type } from '@sinclair/typebox';
import { duration, ref, sharedId, strict } from './schema-common.js';

// "1MB", "300kB", "512B" or a number of bytes.
const size = (description: string) =>
  Type.Union([
    Type.Integer({ minimum: 0, description: 'Bytes.' }),
    Type.String({ pattern: '^\\s*\\d+(\\.\\d+)?\\s*(B|kB|KB|MB|GB)\\s*$', examples: ['1MB', '300kB'], description: 'A size such as `300kB` or `1MB`.' }),
  ], { title: 'a size like "300kB" or "1MB", or a number of bytes', description });

export const Budgets = Type.Object(
  {
    lcp: Type.Optional(duration('Largest Contentful Paint at most this (good: 2.5s).')),
    fcp: Type.Optional(duration('First Contentful Paint at most this (good: 1.8s).')),
    ttfb: Type.Optional(duration('Time to First Byte at most this (good: 800ms).')),
    inp: Type.Optional(duration('Interaction to Next Paint at most this (good: 200ms); needs an interaction in `steps`.')),
    tbt: Type.Optional(duration('Total Blocking Time (long tasks past 50 ms, after FCP) at most this.')),
    cls: Type.Optional(Type.Number({ minimum: 0, description: 'Cumulative Layout Shift at most this (good: 0.1).' })),
    load: Type.Optional(duration('The load event at most this long after navigation start.')),
    transferSize: Type.Optional(size('Bytes transferred by the page and its resources at most this.')),
    requests: Type.Optional(Type.Integer({ minimum: 0, description: 'At most this many requests.' })),
  },
  { ...strict, $id: sharedId('Budgets'), description: 'Budgets: each one is a check on the median over `runs`.' },
);

const BudgetsRef = ref(Budgets);

export const NetworkProfile = Type.Union(
  [
    Type.Literal('3g', { description: 'Slow network: 300 ms latency, 1.6 Mbit/s down, 750 kbit/s up.' }),
    Type.Literal('4g', { description: 'Mobile 4G: 150 ms latency, 9 Mbit/s down, 1.5 Mbit/s up.' }),
    Type.Object({
      latency: duration('Added round-trip latency.'),
      download: Type.Number({ minimum: 0, description: 'Download throughput in kbit/s.' }),
      upload: Type.Number({ minimum: 0, description: 'Upload throughput in kbit/s.' }),
    }, { ...strict, description: 'A custom profile.' }),
  ],
  { title: '3g, 4g or { latency, download, upload }', description: 'Network emulation (Chromium, through CDP).' },
);

/** What a `vitals` ui step and a performance test share. */
export const VitalsOptions = {
  runs: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'Page loads measured; medians are reported (default 1).' })),
  network: Type.Optional(NetworkProfile),
  cpuSlowdown: Type.Optional(Type.Number({ minimum: 1, maximum: 20, description: 'CPU slowdown factor, e.g. 4 (Chromium).' })),
  budgets: Type.Optional(BudgetsRef),
};

export const VitalsStepOptions = Type.Object(
  { budgets: Type.Optional(BudgetsRef) },
  { ...strict, description: 'Budgets for the page as it is now (measured since it loaded; no extra runs or emulation).' },
);
