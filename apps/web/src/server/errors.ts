// The REST error envelope lives with the serving code (@overture/deployments) so the web and the
// serving process answer alike; the web's modules import it from here.
export { ApiError, badInput, conflict, forbidden, httpErrorStatus, isApiError, notFound, toErrorResponse, ZErrorBody, type ErrorBody, type HttpErrorCode } from '@overture/deployments';
