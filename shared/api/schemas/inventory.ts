/** The endpoint inventory (documented / exposed / observed), re-declared from shared/inventory. */
import { z } from 'zod';

const SourceRef = z.object({ file: z.string(), pointer: z.string() });

export const ControlsInForce = z.object({
  authentication: z.array(z.string()),
  authorization: z.array(z.string()),
  rateLimits: z.array(z.string()),
  sizeLimit: z.string().nullable(),
  cors: z.string().nullable(),
  logging: z.array(z.string()),
  ai: z.array(z.string()),
  requestValidation: z.string().nullable(),
});

export const InventoryRow = z.object({
  endpoint: z.string(),
  method: z.string(),
  path: z.string(),
  documented: z.boolean(),
  exposed: z.boolean(),
  observed: z
    .object({
      requests: z.number().int(),
      firstSeen: z.string().optional(),
      lastSeen: z.string().optional(),
      /** The traffic files that saw it. */
      evidence: z.array(z.string()),
      /** Top callers (`ip:…`, `principal:…`, pseudonymized when the import was keyed), most requests first. */
      callers: z.array(z.object({ caller: z.string(), requests: z.number().int() })),
      /** Distinct callers, summed over the traffic files. */
      distinctCallers: z.number().int(),
      /** Requests by status class. */
      byClass: z.object({ '2xx': z.number().int(), '3xx': z.number().int(), '4xx': z.number().int(), '5xx': z.number().int() }),
    })
    .nullable(),
  documentedBy: z.array(
    z.object({ spec: z.string(), operationId: z.string().nullable(), auth: z.string(), deprecated: z.boolean(), location: SourceRef }),
  ),
  exposedBy: z.array(
    z.object({
      gateway: z.string(),
      product: z.string(),
      route: z.string(),
      path: z.string(),
      methods: z.array(z.string()),
      hosts: z.array(z.string()),
      match: z.enum(['exact', 'template', 'prefix', 'none']),
      basePath: z.string().nullable(),
      effective: z.boolean(),
      location: SourceRef,
    }),
  ),
  controls: ControlsInForce.nullable(),
  /** Findings of the latest run that list this endpoint. */
  findings: z.object({ open: z.number().int(), total: z.number().int() }),
});
export type InventoryRow = z.infer<typeof InventoryRow>;

export const InventoryView = z.object({
  runId: z.number().int().nullable(),
  rows: z.array(InventoryRow),
  counts: z.object({
    endpoints: z.number().int(),
    documented: z.number().int(),
    exposed: z.number().int(),
    documentedAndExposed: z.number().int(),
    undocumented: z.number().int(),
    unrouted: z.number().int(),
    observed: z.number().int().nullable(),
  }),
  sources: z.object({
    specs: z.array(z.object({ file: z.string(), title: z.string().optional(), operations: z.number().int() })),
    gateways: z.array(z.object({ file: z.string(), product: z.string(), format: z.string(), routes: z.number().int() })),
    /** Traffic files whose stored summaries the run read. */
    traffic: z.array(z.object({ file: z.string(), format: z.string(), requests: z.number().int(), endpoints: z.number().int() })),
  }),
  /** Stored models that could not be read; the rest still joins. */
  problems: z.array(z.string()),
});
export type InventoryView = z.infer<typeof InventoryView>;
