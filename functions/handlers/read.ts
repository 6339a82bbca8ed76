/** Lambda entry for the read routes (GET /api/latest, /api/articles/{id}, /api/health) and the /api fallback. */
import { lambdaHandler } from '../http/lambda.js';
import { services } from './compose.js';

export const handler = lambdaHandler(services.app);
