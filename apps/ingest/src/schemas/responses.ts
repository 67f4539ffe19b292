/** A route's `response` schemas: its success answers plus the one error shape for every 4xx. */
import { ErrorBody } from '@callboard/api';
import type { z } from 'zod';

export const replies = <T extends Record<number, z.ZodType>>(ok: T) => ({ ...ok, '4xx': ErrorBody });
