import type { GatewayImporter } from './gateway-importer.js';

/** Kong decK, AWS API Gateway, Tyk. */
export const gatewayImportersA: GatewayImporter[] = [];
