/** E9xx: limits errors. */
export const LIMIT_ERRORS = {
} as const;
