/** Lambda entry for the write routes (POST/DELETE /api/articles...). */
import { lambdaHandler } from '../http/lambda.js';
import { services } from './compose.js';

export const handler = lambdaHandler(services.app);
