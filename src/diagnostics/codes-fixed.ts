/** E1xx: fixed errors. */
export const FIXED_ERRORS = {
} as const;
