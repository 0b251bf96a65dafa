import type { TrafficRule } from '../define-rule.js';

/** Detections over imported traffic (logs, HAR). */
export const trafficRules: TrafficRule[] = [];
