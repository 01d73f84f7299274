import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { Plugin } from 'graphql-yoga';
import { readSettings, type Settings } from '../config';
import { useCostLimit } from './cost';
import { loadPersistedOperations, usePersistedOperationsIn, type PersistedOperationsMode } from './persisted-operations';
import { useQueryShapeLimits, type QueryShapeLimits } from './query-shape';
import { useBodySizeLimit, useCsrfPreventionForPosts } from './request-guards';
import { useResponseSizeLimit } from './response-size';
import { useRequestTimeout } from './timeout';

export { createRateLimiter, useRateLimit, type RateLimiter } from './rate-limit';

/** What one request may ask of the server. Each is a setting (src/config.ts, docs/configuration.md). */
export interface Limits extends QueryShapeLimits {
  maxCost: number;
  maxBodyBytes: number;
  maxResponseBytes: number;
  requestTimeoutMs: number;
  introspection: boolean;
  persistedOperations: PersistedOperationsMode;
  persistedOperationsFile?: string;
}

export function limitsFrom(settings: Settings): Limits {
  return {
    maxDepth: settings.MAX_DEPTH,
    maxCost: settings.MAX_COST,
    maxAliases: settings.MAX_ALIASES,
    maxDirectives: settings.MAX_DIRECTIVES,
    maxTokens: settings.MAX_TOKENS,
    maxRepeatedFields: settings.MAX_REPEATED_FIELDS,
    maxBodyBytes: settings.MAX_BODY_BYTES,
    maxResponseBytes: settings.MAX_RESPONSE_BYTES,
    requestTimeoutMs: settings.REQUEST_TIMEOUT_MS,
    introspection: settings.INTROSPECTION,
    fieldSuggestions: settings.FIELD_SUGGESTIONS ? settings.FIELD_SUGGESTIONS === 'true' : settings.NODE_ENV !== 'production',
    persistedOperations: settings.PERSISTED_OPERATIONS,
    persistedOperationsFile: settings.PERSISTED_OPERATIONS_FILE,
  };
}

/** The defaults of every setting, whatever this process's environment says. */
export const DEFAULT_LIMITS: Limits = limitsFrom(readSettings({}));

/** Checks in the order a request meets them: its body, its hash or text, its shape, its run. */
export function useLimits(limits: Limits): Plugin[] {
  return [
    useBodySizeLimit(limits.maxBodyBytes),
    useCsrfPreventionForPosts(),
    ...usePersistedOperationsIn(limits.persistedOperations, loadPersistedOperations(limits.persistedOperationsFile)),
    ...useQueryShapeLimits(limits),
    useCostLimit(limits.maxCost),
    useResponseSizeLimit(limits.maxResponseBytes),
    useRequestTimeout(limits.requestTimeoutMs),
    ...(limits.introspection ? [] : [useDisableIntrospection() as Plugin]),
  ];
}
