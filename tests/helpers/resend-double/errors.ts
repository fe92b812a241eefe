/**
 * Resend's error answers, as its errors page writes them (https://resend.com/docs/api-reference/errors):
 * `{ statusCode, name, message }`, which the SDK hands back as `error`.
 */
export interface ResendErrorBody {
  statusCode: number;
  name: string;
  message: string;
}

export const errors = {
  missingApiKey: (): ResendErrorBody => ({
    statusCode: 401,
    name: 'missing_api_key',
    message: 'Missing API key in the authorization header.',
  }),
  invalidApiKey: (): ResendErrorBody => ({
    statusCode: 401,
    name: 'validation_error',
    message: 'API key is invalid',
  }),
  restrictedApiKey: (): ResendErrorBody => ({
    statusCode: 401,
    name: 'restricted_api_key',
    message: 'This API key is restricted to only send emails.',
  }),
  unverifiedDomain: (domain: string): ResendErrorBody => ({
    statusCode: 403,
    name: 'validation_error',
    message: `The ${domain} domain is not verified. Please, add and verify your domain on https://resend.com/domains`,
  }),
  validation: (message: string): ResendErrorBody => ({ statusCode: 422, name: 'validation_error', message }),
  invalidIdempotentRequest: (): ResendErrorBody => ({
    statusCode: 409,
    name: 'invalid_idempotent_request',
    message: 'Same idempotency key used with a different request payload.',
  }),
  concurrentIdempotentRequests: (): ResendErrorBody => ({
    statusCode: 409,
    name: 'concurrent_idempotent_requests',
    message: 'Same idempotency key used while original request is still in progress.',
  }),
  rateLimit: (): ResendErrorBody => ({
    statusCode: 429,
    name: 'rate_limit_exceeded',
    message: 'Too many requests. Please limit the number of requests per second.',
  }),
  dailyQuota: (): ResendErrorBody => ({
    statusCode: 429,
    name: 'daily_quota_exceeded',
    message: 'You have reached your daily email sending quota.',
  }),
  monthlyQuota: (): ResendErrorBody => ({
    statusCode: 429,
    name: 'monthly_quota_exceeded',
    message: 'You have reached your monthly email sending quota.',
  }),
  notFound: (what = 'The requested endpoint does not exist.'): ResendErrorBody => ({
    statusCode: 404,
    name: 'not_found',
    message: what,
  }),
  internal: (status = 500, name = 'internal_server_error'): ResendErrorBody => ({
    statusCode: status,
    name,
    message: 'An unexpected error occurred.',
  }),
};
