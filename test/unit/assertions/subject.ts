// Builds the response subjects the assertion tests check.
import type { ResponseSubject } from '../../../src/assertions/types.js';

type Extra = { status?: number; headers?: Record<string, string>; durationMs?: number };

export function jsonSubject(value: unknown, extra: Extra = {}): ResponseSubject {
  return { status: 200, headers: { 'content-type': 'application/json' }, durationMs: 5, ...extra, body: JSON.stringify(value), json: value };
}

export function textSubject(body: string, extra: Extra = {}): ResponseSubject {
  return { status: 200, headers: { 'content-type': 'text/plain' }, durationMs: 5, ...extra, body, json: undefined };
}
