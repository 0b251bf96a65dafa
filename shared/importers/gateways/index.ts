/** Every gateway importer, tried in this order by the input finder. */
import type { GatewayImporter } from './gateway-importer.js';
import { gatewayImportersA } from './group-a.js';
import { gatewayImportersB } from './group-b.js';

export const gatewayImporters: GatewayImporter[] = [...gatewayImportersA, ...gatewayImportersB];

export type { GatewayImport, GatewayImporter, GatewaySources } from './gateway-importer.js';
