/** E4xx: config errors. */
export const CONFIG_ERRORS = {
} as const;
