import { apigeeImporter } from './apigee/index.js';
import { apimImporter } from './apim/index.js';
import { envoyImporter } from './envoy/index.js';
import type { GatewayImporter } from './gateway-importer.js';
import { nginxImporter } from './nginx/index.js';

/** NGINX, Azure APIM, Apigee, Envoy. */
export const gatewayImportersB: GatewayImporter[] = [nginxImporter, apimImporter, apigeeImporter, envoyImporter];
