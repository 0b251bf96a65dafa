import type { GatewayImporter } from './gateway-importer.js';

/** NGINX, Azure APIM, Apigee, Envoy. */
export const gatewayImportersB: GatewayImporter[] = [];
