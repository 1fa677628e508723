// Network and CPU emulation through the Chrome DevTools Protocol (Chromium only).
import type { BrowserContext, Page } from 'playwright-core';
import { parseDuration } from '../../../plan/duration.js';
import type { NetworkProfileSpec } from '../../../plan/types.js';

// Throughputs in kbit/s, as the plan writes them; CDP wants bytes per second.
const PROFILES: Record<'3g' | '4g', { latencyMs: number; downKbps: number; upKbps: number }> = {
  '3g': { latencyMs: 300, downKbps: 1600, upKbps: 750 },
  '4g': { latencyMs: 150, downKbps: 9000, upKbps: 1500 },
};

export async function emulate(context: BrowserContext, page: Page, o: { network?: NetworkProfileSpec; cpuSlowdown?: number }): Promise<void> {
  if (o.network === undefined && o.cpuSlowdown === undefined) return;
  const cdp = await context.newCDPSession(page);
  if (o.network !== undefined) {
    const p = typeof o.network === 'string'
      ? PROFILES[o.network]
      : { latencyMs: parseDuration(o.network.latency), downKbps: o.network.download, upKbps: o.network.upload };
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: p.latencyMs, downloadThroughput: (p.downKbps * 1000) / 8, uploadThroughput: (p.upKbps * 1000) / 8,
    });
  }
  if (o.cpuSlowdown !== undefined) await cdp.send('Emulation.setCPUThrottlingRate', { rate: o.cpuSlowdown });
}
