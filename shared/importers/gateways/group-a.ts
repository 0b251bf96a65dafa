import { awsCloudFormationImporter } from './aws/aws-cloudformation.js';
import { awsCliImporter, awsOpenApiImporter } from './aws/aws-openapi-importer.js';
import type { GatewayImporter } from './gateway-importer.js';
import { kongDeckImporter } from './kong/kong-importer.js';
import { tykImporter } from './tyk/tyk-importer.js';

/**
 * Kong decK, AWS API Gateway (OpenAPI exports, CLI stages and usage plans, CloudFormation/SAM
 * templates), Tyk (classic and OAS). Each sniff claims only its own format.
 */
export const gatewayImportersA: GatewayImporter[] = [kongDeckImporter, awsCloudFormationImporter, awsOpenApiImporter, awsCliImporter, tykImporter];
