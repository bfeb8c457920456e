import { z } from 'zod';

/** The query of a route that takes no parameters: any parameter is refused (400), as for every route. */
export const noParameters = z.strictObject({});
